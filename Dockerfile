# syntax=docker/dockerfile:1
# Build: docker build -t mjpeg-gateway .
# Run:   docker run -p 8443:8443 -p 8080:8080 \
#          -v "$PWD/appsettings.json:/app/appsettings.json:ro" \
#          -v mjpeg-gateway-data:/home/app/.local/share/MjpegGateway \
#          -e Auth__SigningKey=... -e Cameras__lobby__Password=... mjpeg-gateway

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props MjpegGateway.sln appsettings.json ./
COPY src/ src/
# --ucr: publish for the build machine's runtime, which turns on ReadyToRun (see MjpegGateway.csproj).
RUN dotnet publish src/MjpegGateway/MjpegGateway.csproj -c Release -o /app --no-self-contained --ucr

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The operator's appsettings.json is baked in from the repository root; mount a different one over /app/appsettings.json.
COPY --from=build /app ./
# HTTPS on 8443 (self-signed certificate kept in the data volume unless Tls:CertificatePath is set);
# plain HTTP on 8080 only redirects to HTTPS and answers the health probes.
ENV ASPNETCORE_HTTPS_PORTS=8443 \
    ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8443 8080
# The aspnet image ships the non-root 'app' user (uid 1654). The data folder (self-signed certificate) is made here,
# owned by app: a named volume mounted over it copies this ownership, while a folder Docker had to create would be
# root's and unwritable by the gateway.
RUN mkdir -p /home/app/.local/share/MjpegGateway \
    && chown -R app:app /home/app/.local \
    && chmod 700 /home/app/.local/share/MjpegGateway
VOLUME ["/home/app/.local/share/MjpegGateway"]
USER app
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["dotnet", "MjpegGateway.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "MjpegGateway.dll"]
