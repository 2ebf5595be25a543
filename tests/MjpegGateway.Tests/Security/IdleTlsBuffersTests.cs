using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Tls;

namespace MjpegGateway.Tests.Security;

/// <summary>
/// <see cref="IdleTlsBuffers"/> reaches into SslStream's private OpenSSL handle: these pin that the runtime still keeps
/// it there, that traffic is unchanged with the mode set, and where the gateway sets it.
/// </summary>
public sealed class IdleTlsBuffersTests
{
    [Fact]
    public async Task Release_sets_the_mode_and_records_still_flow_whole_both_ways()
    {
        var (server, client) = await ConnectedPairAsync();
        await using var _ = server;
        await using var __ = client;
        Assert.Null(IdleTlsBuffers.UnavailableReason);

        Assert.False(IdleTlsBuffers.IsReleaseModeSet(server));
        Assert.True(IdleTlsBuffers.Release(server));
        Assert.True(IdleTlsBuffers.IsReleaseModeSet(server));
        Assert.True(IdleTlsBuffers.Release(server)); // again: nothing held, nothing changes

        // Several rounds, so buffers are freed and made again in between; odd sizes so records split unevenly.
        for (var round = 0; round < 5; round++)
        {
            var down = RandomNumberGenerator.GetBytes(90_000 + round * 7_001);
            var up = RandomNumberGenerator.GetBytes(1_500 + round * 3_333);
            var written = server.WriteAsync(down).AsTask();
            Assert.Equal(down, await ReadExactlyAsync(client, down.Length));
            await written;
            await client.WriteAsync(up);
            Assert.Equal(up, await ReadExactlyAsync(server, up.Length));
        }
    }

    [Fact]
    public async Task Release_of_a_disposed_connection_does_nothing()
    {
        var (server, client) = await ConnectedPairAsync();
        await using var _ = client;
        await server.DisposeAsync();

        Assert.False(IdleTlsBuffers.Release(server));
    }

    [Theory]
    [InlineData(true, "1.1", true)]
    [InlineData(true, "2.0", false)]
    [InlineData(false, "1.1", false)]
    public async Task The_gateway_sets_it_on_https_1_connections_only_and_as_configured(bool enabled, string version, bool expected)
    {
        var connections = TlsOfCameraRequests();
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("lobby", camera.VideoUrl, ("StreamingTransport:ReleaseIdleTlsBuffers", enabled ? "true" : "false")),
            configure: builder => builder.Services.AddSingleton<IStartupFilter>(connections));
        var client = gateway.CreateClient(gateway.Tokens.Admin(), Version.Parse(version));

        await using var viewer = await MjpegStreamClient.OpenAsync(client, "cameras/lobby/stream");
        var frames = await viewer.ReadFramesAsync(3);

        Assert.Equal(3, frames.Count);
        Assert.All(frames, f => Assert.True(f.Jpeg is [0xFF, 0xD8, .., 0xFF, 0xD9], "a whole JPEG"));
        var tls = Assert.Single(connections.Seen.Distinct());
        Assert.Equal(expected, IdleTlsBuffers.IsReleaseModeSet(tls));
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId == 303);
    }

    [Fact]
    public async Task Keep_alive_requests_and_their_bodies_are_read_whole_after_the_release()
    {
        var connections = TlsOfCameraRequests();
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("lobby", camera.VideoUrl),
            configure: builder => builder.Services.AddSingleton<IStartupFilter>(connections));
        await using var raw = await gateway.ConnectRawAsync();
        var http = new RawHttpReader(raw.Stream);
        var head = $"Host: {gateway.Address.Authority}\r\nAuthorization: Bearer {gateway.Tokens.Admin()}\r\n";

        // Each round sends, in one write, a POST whose 40 KB body the endpoint never reads and a GET after it. Kestrel
        // drains the body after the first response, so OpenSSL decrypts its three records after the release, and the
        // GET is parsed from what follows them.
        for (var round = 0; round < 3; round++)
        {
            var body = RandomNumberGenerator.GetBytes(40_000);
            byte[] requests =
            [
                .. Encoding.ASCII.GetBytes($"POST /cameras/lobby/tickets HTTP/1.1\r\n{head}Content-Type: application/octet-stream\r\nContent-Length: {body.Length}\r\n\r\n"),
                .. body,
                .. Encoding.ASCII.GetBytes($"GET /cameras HTTP/1.1\r\n{head}\r\n"),
            ];
            await raw.Stream.WriteAsync(requests);
            await raw.Stream.FlushAsync();

            var ticket = await http.ReadHeadAsync();
            Assert.StartsWith("HTTP/1.1 200", ticket, StringComparison.Ordinal);
            Assert.Contains("/cameras/lobby/stream?ticket=", Encoding.UTF8.GetString(await http.ReadBodyAsync(ticket)), StringComparison.Ordinal);
            var list = await http.ReadHeadAsync();
            Assert.StartsWith("HTTP/1.1 200", list, StringComparison.Ordinal);
            Assert.Contains("\"lobby\"", Encoding.UTF8.GetString(await http.ReadBodyAsync(list)), StringComparison.Ordinal);
        }

        Assert.True(IdleTlsBuffers.IsReleaseModeSet(Assert.Single(connections.Seen.Distinct())));
    }

    private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
    {
        var buffer = new byte[length];
        using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
        await stream.ReadExactlyAsync(buffer, timeout.Token);
        return buffer;
    }

    private static async Task<(SslStream Server, SslStream Client)> ConnectedPairAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certificate = X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pkcs12), null);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = listener.AcceptSocketAsync();
        var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await clientSocket.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var server = new SslStream(new NetworkStream(await accepted, ownsSocket: true));
        var client = new SslStream(new NetworkStream(clientSocket, ownsSocket: true), false,
            (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString());
        await Task.WhenAll(
            server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }),
            client.AuthenticateAsClientAsync("localhost"));
        return (server, client);
    }

    // The TLS stream under every camera request, seen before the gateway's own middleware.
    private static RequestProbe<SslStream> TlsOfCameraRequests() => new(context =>
        context.Request.Path.StartsWithSegments("/cameras") ? context.Features.Get<ISslStreamFeature>()?.SslStream : null);
}
