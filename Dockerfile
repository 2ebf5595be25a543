# syntax=docker/dockerfile:1
# Build: docker build -t mjpeg-gateway .
# Run:   docker run -p 8080:8080 -v "$PWD/appsettings.json:/app/appsettings.json:ro" -e Cameras__lobby__Password=... mjpeg-gateway

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props MjpegGateway.sln appsettings.json ./
COPY src/ src/
RUN dotnet publish src/MjpegGateway/MjpegGateway.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The operator's appsettings.json is baked in from the repository root; mount a different one over /app/appsettings.json.
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_gcServer=0
EXPOSE 8080
# The aspnet image ships the non-root 'app' user (uid 1654).
USER app
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
    CMD ["dotnet", "MjpegGateway.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "MjpegGateway.dll"]
