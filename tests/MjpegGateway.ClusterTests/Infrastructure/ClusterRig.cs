using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.CameraSimulator;
using MjpegGateway.Cluster;
using MjpegGateway.Tests.Infrastructure;
using ConnectionMultiplexer = StackExchange.Redis.ConnectionMultiplexer;
using RedisKey = StackExchange.Redis.RedisKey;

namespace MjpegGateway.ClusterTests.Infrastructure;

/// <summary>
/// The deployment's essentials as processes on loopback: one redis-server, one fake camera, and gateway replicas as
/// separate hosts on their own ports, each with its own relay port, sharing one signing key, one certificate and one cluster
/// secret, like the pods of deploy/kubernetes.
/// </summary>
public sealed class ClusterRig : IAsyncDisposable
{
    public const string CameraId = "lobby";
    private readonly string _dataPath = Directory.CreateTempSubdirectory("mjpeg-cluster-test-").FullName;
    private readonly string _secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly Dictionary<string, string?> _extra;
    private ConnectionMultiplexer? _observer;

    private ClusterRig(RedisServer redis, CameraSimulator.CameraSimulator camera, Dictionary<string, string?> extra)
    {
        Redis = redis;
        Camera = camera;
        _extra = extra;
    }

    public RedisServer Redis { get; }

    public CameraSimulator.CameraSimulator Camera { get; }

    public TestTokens Tokens { get; } = new(RandomNumberGenerator.GetBytes(32));

    public List<TestGateway> Replicas { get; } = [];

    /// <summary>Starts Redis, the camera and <paramref name="replicas"/> gateways (one after the other: the first makes the shared certificate).</summary>
    public static async Task<ClusterRig> StartAsync(int replicas, params (string Key, string? Value)[] settings)
    {
        var redis = await RedisServer.StartNewAsync();
        var camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions { MaxStreams = 4 });
        var rig = new ClusterRig(redis, camera, settings.ToDictionary(s => s.Key, s => s.Value));
        for (var i = 0; i < replicas; i++)
        {
            await rig.AddReplicaAsync();
        }

        return rig;
    }

    public async Task<TestGateway> AddReplicaAsync()
    {
        var relayPort = RedisServer.FreePort();
        var settings = TestGateway.Camera(CameraId, Camera.VideoUrl, ("IdleLingerSeconds", "2"));
        settings["Auth:SigningKey"] = "base64:" + Convert.ToBase64String(Tokens.Key);
        settings["Tls:DataPath"] = _dataPath;
        settings["Cluster:Redis"] = Redis.Configuration;
        settings["Cluster:NodeId"] = "node" + Replicas.Count;
        settings["Cluster:NodeUrl"] = $"https://127.0.0.1:{relayPort}";
        settings["Cluster:Secret"] = "base64:" + _secret;
        settings["Cluster:LeaseSeconds"] = "2";
        settings["Cluster:SlotSeconds"] = "5";
        // A crash does not drain; neither does a stop in these tests.
        settings["Shutdown:DrainSeconds"] = "0";
        settings["Shutdown:EndGraceSeconds"] = "0";
        foreach (var (key, value) in _extra)
        {
            settings[key] = value;
        }

        var gateway = await TestGateway.StartAsync(settings, configure: b => b.WebHost.UseUrls("https://127.0.0.1:0", $"https://127.0.0.1:{relayPort}"));
        Assert.NotEqual(relayPort, gateway.Address.Port);
        Replicas.Add(gateway);
        return gateway;
    }

    /// <summary>Stream slots live in Redis now, on every replica together (lapsed ones not counted, swept or not).</summary>
    public async Task<long> LiveSlotsAsync()
    {
        _observer ??= await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        return (long)await _observer.GetDatabase().ScriptEvaluateAsync(
            """
            local t = redis.call('TIME')
            return redis.call('ZCOUNT', KEYS[1], '(' .. (t[1] * 1000 + math.floor(t[2] / 1000)), '+inf')
            """,
            [new RedisKey("mjpeg:caps:total")]);
    }

    /// <summary>A client of <paramref name="replica"/> carrying a token of this rig's signing key.</summary>
    public HttpClient Client(TestGateway replica, string? token = null) => replica.CreateClient(token ?? Tokens.Admin());

    /// <summary>
    /// Ends a replica as a crash would for the rest of the cluster: it stops talking to Redis first (its leases and slots
    /// stay there until they lapse), then every connection it has is cut at once (no drain, no graceful end).
    /// </summary>
    public async Task CrashAsync(TestGateway replica)
    {
        Replicas.Remove(replica);
        await replica.Services.GetRequiredService<ClusterRedis>().DisposeAsync();
        await replica.Services.GetRequiredService<IServer>().StopAsync(new CancellationToken(canceled: true));
        await replica.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }

        if (_observer is not null)
        {
            await _observer.DisposeAsync();
        }

        await Camera.DisposeAsync();
        await Redis.DisposeAsync();
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
