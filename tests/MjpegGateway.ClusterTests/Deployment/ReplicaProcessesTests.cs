using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using MjpegGateway.CameraSimulator;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Deployment;

/// <summary>
/// deploy/kubernetes as far as it runs without Kubernetes: the Deployment's replicas as separate gateway processes with the
/// environment the manifest gives each pod (read from the manifest, so the two cannot drift), one redis-server for the Redis
/// Service, one fake camera for the ConfigMap's camera.
/// </summary>
public sealed class ReplicaProcessesTests : IAsyncLifetime
{
    private const int ViewersPerReplica = 3;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("mjpeg-replicas-").FullName;
    private readonly List<ReplicaProcess> _processes = [];

    [Fact]
    public async Task Replicas_on_the_manifest_settings_pull_the_camera_once_and_viewers_survive_a_killed_owner()
    {
        var pod = GatewayPod.Load();
        var settings = JsonNode.Parse(pod.AppSettings)!;
        var cameraId = settings["Cameras"]!.AsObject().Single().Key;
        var leaseSeconds = double.Parse(pod.EnvValue("Cluster__LeaseSeconds"), CultureInfo.InvariantCulture);
        await using var redis = await RedisServer.StartNewAsync();
        var cameraPassword = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions
        {
            Username = settings["Cameras"]![cameraId]!["Username"]!.GetValue<string>(),
            Password = cameraPassword,
            Auth = SimulatedAuth.Digest,
            MaxStreams = 4,
        });
        var signingKey = RandomNumberGenerator.GetBytes(32);
        var secrets = new Dictionary<string, string>
        {
            ["signing-key"] = "base64:" + Convert.ToBase64String(signingKey),
            ["cluster-secret"] = "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["redis-password"] = redis.Password,
            [$"{cameraId}-password"] = cameraPassword,
        };
        Assert.Equal(secrets.Keys.Order(), pod.SecretReferences.Select(r => r.Key).Distinct().Order());
        using var certificate = SelfSignedCertificate();
        var tokens = new TestTokens(signingKey);
        var admin = tokens.Create("ops", ["admin"], ["*"], issuer: settings["Auth"]!["Issuer"]!.GetValue<string>(), audience: settings["Auth"]!["Audience"]!.GetValue<string>());

        // What Kubernetes gives each pod and a process here lacks: its own address and ports, its volumes, the Services' names.
        var replicas = Enumerable.Range(0, pod.Replicas).Select(i =>
        {
            var ip = $"127.0.0.{i + 2}";
            var ports = new[] { "https", "metrics", "relay" }.ToDictionary(pod.ContainerPort, _ => RedisServer.FreePort());
            var environment = pod.Environment(
                secrets, ip, ports, VolumeFolders(pod, i, certificate), AppContext.BaseDirectory,
                new Dictionary<string, string> { [pod.RedisServiceAddress] = $"127.0.0.1:{redis.Port}" });
            // The camera's address is the site's own: here the fake camera.
            environment[$"Cameras__{cameraId}__Url"] = camera.VideoUrl.ToString();
            return new Replica(ip, ports[pod.ContainerPort("https")], ports[pod.ContainerPort("metrics")], environment);
        }).ToList();
        foreach (var replica in replicas)
        {
            replica.Process = ReplicaProcess.Start(replica.Environment, _folder);
            _processes.Add(replica.Process);
        }

        try
        {
            await Task.WhenAll(replicas.Select(r => WaitHealthyAsync(r, certificate)));
            var pulls = new CameraPullWatch(camera);
            var watchers = new List<(Replica Replica, FrameWatcher Watcher)>();
            foreach (var replica in replicas)
            {
                for (var i = 0; i < ViewersPerReplica; i++)
                {
                    var client = Client(replica.Https, certificate, tokens.Create("viewer" + i, ["viewer"], [cameraId], issuer: settings["Auth"]!["Issuer"]!.GetValue<string>(), audience: settings["Auth"]!["Audience"]!.GetValue<string>()));
                    watchers.Add((replica, new FrameWatcher(await MjpegStreamClient.OpenAsync(client, $"cameras/{cameraId}/stream"))));
                }
            }

            await Eventually.TrueAsync(() => watchers.All(w => w.Watcher.GotFrameAfter(DateTime.MinValue)), "every viewer on every replica gets frames");
            Assert.Equal(1, camera.ActiveStreams);
            Assert.Equal(1, pulls.MaxConcurrent);

            // A real scrape of each replica, as Prometheus does it (the management port needs no token): its one target_info
            // names its node (service.instance.id = the cluster node id), so any series of that target (the gateway's,
            // Kestrel's, the runtime's) sums or splits per node; the cluster's own series carry the same id as `node`.
            // A relay is one more viewer at the owner: mjpeg_viewers less mjpeg_cluster_relays_served are people.
            foreach (var replica in replicas)
            {
                var scrape = PrometheusText.Parse(await Client(replica.Metrics, certificate, null).GetStringAsync("metrics"));
                replica.Node = Assert.Single(scrape, s => s.Name == "target_info").Label("service_instance_id");
                replica.RelaysServed = scrape.Where(s => s.Name == "mjpeg_cluster_relays_served").Sum(s => s.Value);
                Assert.Equal(ViewersPerReplica + replica.RelaysServed, scrape.Where(s => s.Name == "mjpeg_viewers").Sum(s => s.Value));
                Assert.Contains(scrape, s => s.Name == "kestrel_active_connections");
                Assert.All(scrape.Where(s => s.Name.StartsWith("mjpeg_cluster_", StringComparison.Ordinal)), s => Assert.Equal(replica.Node, s.Label("node")));
            }

            Assert.Equal(replicas.Count, replicas.Select(r => r.Node).Distinct().Count());
            var cameras = JsonDocument.Parse(await Client(replicas[0].Https, certificate, admin).GetStringAsync("api/cameras")).RootElement;
            var ownerNode = cameras.EnumerateArray().Single().GetProperty("profiles").EnumerateArray().First().GetProperty("ownerNode").GetString();
            var owner = Assert.Single(replicas, r => r.Node == ownerNode);
            Assert.Equal(replicas.Count - 1, owner.RelaysServed);

            await owner.Process!.KillAsync();
            var killed = DateTimeOffset.UtcNow;
            var survivors = watchers.Where(w => w.Replica != owner).Select(w => w.Watcher).ToList();
            await Eventually.TrueAsync(
                () => survivors.All(w => w.GotFrameSentAfter(killed)),
                $"viewers on the surviving replicas get frames the camera sent after the owner was killed, within LeaseSeconds ({leaseSeconds}) + 5 s",
                TimeSpan.FromSeconds(leaseSeconds + 5) - (DateTimeOffset.UtcNow - killed));
            Assert.All(survivors, w => Assert.False(w.Ended, "the viewer kept its connection"));
            await Eventually.TrueAsync(() => camera.ActiveStreams == 1, "the camera serves one pull again");
            Assert.InRange(pulls.OverlapTime, TimeSpan.Zero, TimeSpan.FromSeconds(leaseSeconds));
            foreach (var (_, watcher) in watchers)
            {
                await watcher.DisposeAsync();
            }
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException || replicas.Any(r => r.Process is { HasExited: true }))
        {
            throw new Xunit.Sdk.XunitException(ex.Message + string.Concat(replicas.Select(r => $"\n--- replica {r.Ip} (node {r.Node}) ---\n{r.Process?.Output}")));
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    private Dictionary<string, string> VolumeFolders(GatewayPod pod, int replica, X509Certificate2 certificate)
    {
        var folders = new Dictionary<string, string>();
        foreach (var volume in pod.PodVolumes)
        {
            var folder = Directory.CreateDirectory(Path.Combine(_folder, $"pod{replica}", volume.Name)).FullName;
            if (volume.ConfigMap is not null)
            {
                File.WriteAllText(Path.Combine(folder, "appsettings.json"), pod.AppSettings);
            }
            else if (volume.Secret is not null)
            {
                // A kubernetes.io/tls Secret's two keys.
                File.WriteAllText(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem());
                File.WriteAllText(Path.Combine(folder, "tls.key"), certificate.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
            }

            folders[volume.Name] = folder;
        }

        return folders;
    }

    private static async Task WaitHealthyAsync(Replica replica, X509Certificate2 certificate)
    {
        var client = Client(replica.Metrics, certificate, null);
        await Eventually.ValueAsync(
            async () =>
            {
                Assert.False(replica.Process!.HasExited, $"replica {replica.Ip} exited:\n{replica.Process.Output}");
                try
                {
                    using var response = await client.GetAsync("healthz");
                    return response.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            up => up,
            $"replica {replica.Ip} answers /healthz",
            up => up.ToString(),
            StartTimeout);
    }

    private static HttpClient Client(Uri address, X509Certificate2 certificate, string? token)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is X509Certificate2 peer && peer.GetCertHashString(HashAlgorithmName.SHA256) == certificate.GetCertHashString(HashAlgorithmName.SHA256),
            },
        })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    // The one certificate every replica serves (one TLS Secret), as cert-manager would issue it.
    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=mjpeg-gateway", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("mjpeg-gateway");
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
    }

    private sealed class Replica(string ip, int https, int metrics, Dictionary<string, string> environment)
    {
        public string Ip { get; } = ip;

        public Uri Https { get; } = new($"https://{ip}:{https}/");

        public Uri Metrics { get; } = new($"https://{ip}:{metrics}/");

        public Dictionary<string, string> Environment { get; } = environment;

        public ReplicaProcess? Process { get; set; }

        public string? Node { get; set; }

        public double RelaysServed { get; set; }
    }
}
