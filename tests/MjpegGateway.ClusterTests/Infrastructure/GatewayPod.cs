using System.Globalization;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;

namespace MjpegGateway.ClusterTests.Infrastructure;

/// <summary>
/// The gateway pod of deploy/kubernetes/gateway.yaml, turned into what one process on this machine needs: its environment,
/// computed from the manifest's own <c>env</c> list (Secret references filled with values the test supplies, the downward
/// API's pod IP, <c>$(VAR)</c> expanded the way the kubelet does), and folders for its volumes (the ConfigMap's files, the
/// TLS Secret's files, an emptyDir). Only what a pod has and a process here lacks is changed, each in one place below:
/// its own IP (a loopback address of its own), its container ports (free loopback ports), its mount paths (temporary
/// folders), cluster DNS names (the Redis Service becomes the local redis-server) and the OTLP collector (none here, so
/// the variable is dropped: nothing may leave the machine).
/// </summary>
public sealed partial class GatewayPod
{
    private const string OtlpVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    private readonly V1Container _container;
    private readonly V1PodSpec _spec;
    private readonly List<object> _objects;

    private GatewayPod(List<object> objects)
    {
        _objects = objects;
        var deployment = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "mjpeg-gateway");
        _spec = deployment.Spec.Template.Spec;
        _container = _spec.Containers.Single();
    }

    /// <summary>Replicas the Deployment asks for.</summary>
    public int Replicas => _objects.OfType<V1Deployment>().Single().Spec.Replicas ?? 1;

    /// <summary>The ConfigMap's <c>appsettings.json</c> (the operator's file).</summary>
    public string AppSettings => _objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == ConfigMapName).Data["appsettings.json"];

    /// <summary>The keys of the Secrets the container's environment names (Secret name, key).</summary>
    public IEnumerable<(string Secret, string Key)> SecretReferences =>
        _container.Env.Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => (e.ValueFrom.SecretKeyRef.Name, e.ValueFrom.SecretKeyRef.Key));

    /// <summary>The Redis Service's in-cluster address, <c>name:port</c>.</summary>
    public string RedisServiceAddress
    {
        get
        {
            var service = _objects.OfType<V1Service>().Single(s => s.Metadata.Name == "mjpeg-redis");
            return $"{service.Metadata.Name}:{service.Spec.Ports.Single().Port}";
        }
    }

    /// <summary>A container port by name (<c>https</c>, <c>metrics</c>, <c>relay</c>).</summary>
    public int ContainerPort(string name) => _container.Ports.Single(p => p.Name == name).ContainerPort;

    /// <summary>An environment variable's literal value in the manifest.</summary>
    public string EnvValue(string name) => _container.Env.Single(e => e.Name == name).Value;

    private string ConfigMapName => _spec.Volumes.Single(v => v.ConfigMap is not null).ConfigMap.Name;

    public static GatewayPod Load() => new(
        RepositoryFiles.KubernetesManifests().Values.SelectMany(yaml => KubernetesYaml.LoadAllFromString(yaml, strict: true)).ToList());

    /// <summary>
    /// The environment of one replica. <paramref name="secrets"/> holds a value per Secret key; <paramref name="podIp"/> is the
    /// replica's own loopback address; <paramref name="ports"/> maps each container port to a free port on it;
    /// <paramref name="folders"/> maps each volume name to a folder; <paramref name="imageAppFolder"/> stands for the image's
    /// <c>/app</c>; <paramref name="services"/> maps in-cluster <c>name:port</c> addresses to loopback ones.
    /// </summary>
    public Dictionary<string, string> Environment(
        IReadOnlyDictionary<string, string> secrets, string podIp, IReadOnlyDictionary<int, int> ports, IReadOnlyDictionary<string, string> folders,
        string imageAppFolder, IReadOnlyDictionary<string, string> services)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in _container.Env)
        {
            if (variable.Name == OtlpVariable)
            {
                continue;
            }

            env[variable.Name] = variable.ValueFrom switch
            {
                null => Expand(variable.Value ?? "", env),
                { SecretKeyRef: { } secret } => secrets[secret.Key],
                { FieldRef.FieldPath: "status.podIP" } => podIp,
                _ => throw new InvalidOperationException($"{variable.Name}: a valueFrom this test does not know; teach GatewayPod what a pod would get"),
            };
        }

        var mounts = _container.VolumeMounts.OrderByDescending(m => m.MountPath.Length).ToList();
        foreach (var name in env.Keys.ToList())
        {
            var value = env[name];
            foreach (var (inCluster, local) in services)
            {
                value = value.Replace(inCluster, local, StringComparison.Ordinal);
            }

            foreach (var mount in mounts)
            {
                value = value.Replace(mount.MountPath, folders[mount.Name], StringComparison.Ordinal);
            }

            if (value.StartsWith("/app/", StringComparison.Ordinal))
            {
                value = Path.Combine(imageAppFolder, value["/app/".Length..]);
            }

            // A listen URL's "+" (all interfaces) becomes the pod's own address; container ports become its free ports.
            value = value.Replace("://+:", $"://{podIp}:", StringComparison.Ordinal);
            env[name] = PortNumber().Replace(value, m => ports.TryGetValue(int.Parse(m.Value, CultureInfo.InvariantCulture), out var local) ? local.ToString(CultureInfo.InvariantCulture) : m.Value);
        }

        return env;
    }

    /// <summary>The pod's volumes (a ConfigMap, the TLS Secret, an emptyDir); the test gives each a folder.</summary>
    public IEnumerable<V1Volume> PodVolumes => _spec.Volumes;

    // $(NAME) takes the value of a variable defined earlier in the list; $$ is a literal $ (the kubelet's rules).
    private static string Expand(string value, Dictionary<string, string> defined) =>
        Reference().Replace(value, m => m.Value == "$$" ? "$" : defined.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"(?<![0-9.])[0-9]{2,5}(?![0-9.])")]
    private static partial Regex PortNumber();
}
