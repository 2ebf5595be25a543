using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Cameras;
using MjpegGateway.Tls;

namespace MjpegGateway.Tests.Infrastructure;

/// <summary>
/// The real gateway on Kestrel, bound to an ephemeral loopback port, over TLS by default (its self-signed
/// certificate, kept in a temporary folder and pinned by the test clients), with captured logs and a token minter.
/// </summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataPath;
    private readonly List<HttpClient> _clients = [];

    private TestGateway(WebApplication app, CapturedLogs logs, Uri address, string dataPath, TestTokens tokens)
    {
        _app = app;
        Logs = logs;
        Address = address;
        _dataPath = dataPath;
        Tokens = tokens;
        Certificate = app.Services.GetRequiredService<ServerCertificate>().Current;
        Client = CreateClient(Tokens.Admin());
    }

    public Uri Address { get; }

    /// <summary>The plain-HTTP address, when one is bound.</summary>
    public Uri? PlainAddress { get; private set; }

    /// <summary>A client carrying an admin token (all cameras).</summary>
    public HttpClient Client { get; }

    /// <summary>Anonymous client.</summary>
    public HttpClient Anonymous => CreateClient(null);

    public CapturedLogs Logs { get; }

    public TestTokens Tokens { get; }

    public X509Certificate2 Certificate { get; }

    public IServiceProvider Services => _app.Services;

    public CameraCatalog Catalog => Services.GetRequiredService<CameraCatalog>();

    /// <summary>
    /// Starts a gateway with <paramref name="settings"/>. Permissive rate limits and caps unless the settings say
    /// otherwise, so tests that are not about them are not throttled. <paramref name="build"/> picks the host
    /// (default the production <see cref="GatewayApp"/>; the browser tests pass the demo host's).
    /// </summary>
    public static async Task<TestGateway> StartAsync(
        IDictionary<string, string?> settings,
        bool tls = true,
        Action<WebApplicationBuilder>? configure = null,
        bool plainHttpToo = false,
        Func<string[], Action<WebApplicationBuilder>, Task<WebApplication>>? build = null)
    {
        var logs = new CapturedLogs();
        var dataPath = Directory.CreateTempSubdirectory("mjpeg-gateway-test-").FullName;
        var tokens = new TestTokens(RandomNumberGenerator.GetBytes(32));
        var defaults = new Dictionary<string, string?>
        {
            ["Tls:DataPath"] = dataPath,
            ["Tls:PlainHttp"] = "LoopbackOnly",
            ["Auth:SigningKey"] = "base64:" + Convert.ToBase64String(tokens.Key),
            // Gateways in the test process share its heap: a full compaction at every start would stall the other tests.
            ["Gateway:CompactHeapAfterStart"] = "false",
            ["Gateway:MaxStreamsPerIp"] = "10000",
            ["Gateway:MaxStreamsPerSubject"] = "10000",
            ["RateLimits:Rules:streams:PerIp:PermitsPerMinute"] = "0",
            ["RateLimits:Rules:streams:PerSubject:PermitsPerMinute"] = "0",
            ["RateLimits:Rules:snapshots:PerIp:PermitsPerMinute"] = "0",
            ["RateLimits:Rules:snapshots:PerSubject:PermitsPerMinute"] = "0",
            ["RateLimits:Rules:tickets:PerIp:PermitsPerMinute"] = "0",
            ["RateLimits:Rules:tickets:PerSubject:PermitsPerMinute"] = "0",
            ["RateLimits:Rules:api:PerIp:PermitsPerMinute"] = "0",
            ["RateLimits:Rules:admin:PerIp:PermitsPerMinute"] = "0",
            ["RateLimits:Rules:admin:PerSubject:PermitsPerMinute"] = "0",
        };
        foreach (var (key, value) in settings)
        {
            defaults[key] = value;
        }

        build ??= (args, configureHost) => GatewayApp.BuildAsync(args, configureHost);
        var app = await build([], builder =>
        {
            builder.WebHost.UseUrls(plainHttpToo ? ["https://127.0.0.1:0", "http://127.0.0.1:0"] : [tls ? "https://127.0.0.1:0" : "http://127.0.0.1:0"]);
            builder.Configuration.AddInMemoryCollection(defaults);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        var addresses = GatewayApp.Addresses(app);
        var address = addresses.First(a => a.StartsWith(tls ? "https://" : "http://", StringComparison.Ordinal));
        var gateway = new TestGateway(app, logs, new Uri(address + "/"), dataPath, tokens);
        gateway.PlainAddress = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) is { } plain ? new Uri(plain + "/") : null;
        return gateway;
    }

    /// <summary>
    /// Turns tracing on in <paramref name="settings"/>: an OTLP endpoint on loopback's discard port, where nothing
    /// listens, so export fails quietly and the tracing instrumentation runs as in production.
    /// </summary>
    public static Dictionary<string, string?> WithTracing(Dictionary<string, string?> settings)
    {
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
        return settings;
    }

    /// <summary>Settings for one camera at <paramref name="videoUrl"/> under <c>Cameras:{id}</c>.</summary>
    public static Dictionary<string, string?> Camera(string id, Uri videoUrl, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Cameras:{id}:Url"] = videoUrl.ToString(),
            [$"Cameras:{id}:Profiles:hd"] = "resolution=320x180&fps=15",
            [$"Cameras:{id}:Profiles:low"] = "resolution=160x90&fps=5",
            // Fast failure handling so tests observe reconnects quickly.
            ["Gateway:Reconnect:InitialDelaySeconds"] = "0.1",
            ["Gateway:Reconnect:MaxDelaySeconds"] = "2",
            ["Gateway:Reconnect:RefusedMinDelaySeconds"] = "1",
        };
        foreach (var (key, value) in extra)
        {
            var global = key.Contains(':', StringComparison.Ordinal);
            settings[global ? key : $"Cameras:{id}:{key}"] = value;
        }

        return settings;
    }

    /// <summary>
    /// A client that trusts exactly this gateway's certificate and sends <paramref name="token"/> if given; from
    /// <paramref name="source"/> (another loopback address, e.g. 127.0.0.2) when given, to be a second client IP.
    /// </summary>
    public HttpClient CreateClient(string? token, Version? version = null, IPAddress? source = null)
    {
        var client = new HttpClient(CreateHandler(source))
        {
            BaseAddress = Address,
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestVersion = version ?? HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    /// <summary>
    /// A bare connection to <see cref="Address"/>, for tests that speak HTTP/1.1 by hand: TLS (pinned to this gateway's
    /// certificate, ALPN http/1.1) when the gateway is HTTPS. A small <paramref name="receiveBufferBytes"/> makes a client
    /// that stops reading hold up the gateway's sends quickly; <paramref name="tls"/> replaces the client's TLS options
    /// (another trust, another ALPN).
    /// </summary>
    public async Task<RawConnection> ConnectRawAsync(int receiveBufferBytes = 0, SslClientAuthenticationOptions? tls = null)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        if (receiveBufferBytes > 0)
        {
            socket.ReceiveBufferSize = receiveBufferBytes;
        }

        await socket.ConnectAsync(Address.Host, Address.Port);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        if (Address.Scheme == Uri.UriSchemeHttps)
        {
            var client = new SslStream(stream);
            await client.AuthenticateAsClientAsync(tls ?? new SslClientAuthenticationOptions
            {
                TargetHost = "localhost",
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = IsThisGateway,
            });
            stream = client;
        }

        return new RawConnection(socket, stream);
    }

    /// <summary>Certificate pinning for this gateway's clients: the presented certificate is this gateway's, by SHA-256.</summary>
    public bool IsThisGateway(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        certificate is X509Certificate2 presented && presented.GetCertHashString(HashAlgorithmName.SHA256) == Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>A handler pinned to the gateway's certificate (by SHA-256 fingerprint), connecting from <paramref name="source"/> when given.</summary>
    public SocketsHttpHandler CreateHandler(IPAddress? source = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = int.MaxValue,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = IsThisGateway,
            },
        };
        if (source is not null)
        {
            handler.ConnectCallback = async (connection, cancellationToken) =>
            {
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(connection.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return handler;
    }

    public CameraFeed Feed(string id, string profile = "hd") => Catalog.TryGet(id, out var camera) ? camera.Feeds[profile] : throw new InvalidOperationException("no camera " + id);

    public async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}

/// <summary>A bare connection from <see cref="TestGateway.ConnectRawAsync"/>: its socket, and the stream to read and write.</summary>
public sealed record RawConnection(Socket Socket, Stream Stream) : IAsyncDisposable
{
    /// <summary>Sends an HTTP/1.1 GET of <paramref name="target"/> (e.g. <c>/healthz</c>), with a bearer token if given.</summary>
    public async Task SendGetAsync(string target, string authority, string? token = null)
    {
        var auth = token is null ? "" : $"Authorization: Bearer {token}\r\n";
        await Stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {authority}\r\n{auth}\r\n"));
        await Stream.FlushAsync();
    }

    public async ValueTask DisposeAsync() => await Stream.DisposeAsync();
}
