using k8s;
using k8s.Models;
using MjpegGateway.ClusterTests.Infrastructure;

namespace MjpegGateway.ClusterTests.Deployment;

/// <summary>
/// deploy/kubernetes against the Kubernetes API schema, as far as it can be checked without a cluster: every object is read
/// strictly into the client library's types (generated from the API's OpenAPI schema: an unknown or misspelt field, a wrong
/// type or an unknown kind fails) and validated (required fields), and the objects agree with each other.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = RepositoryFiles.KubernetesFolder;

    public static TheoryData<string> Manifests() => new(Directory.GetFiles(Folder, "*.yaml").Select(Path.GetFileName).Where(n => n != "certificate.yaml")!);

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Every_object_matches_the_API_schema(string file)
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Folder, file)), strict: true);

        Assert.NotEmpty(objects);
        foreach (var o in objects)
        {
            var kubernetesObject = Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o);
            Assert.False(string.IsNullOrEmpty(kubernetesObject.Metadata?.Name), $"{file}: {o.GetType().Name} has a name");
            o.GetType().GetMethod("Validate")?.Invoke(o, null);
        }
    }

    [Fact]
    public void Gateway_runs_three_replicas_with_secrets_certificate_pod_ip_and_limits()
    {
        var all = LoadAll();
        var deployment = Assert.Single(all.OfType<V1Deployment>());
        Assert.Equal(3, deployment.Spec.Replicas);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, deployment.Spec.Template.Metadata.Labels.Where(l => deployment.Spec.Selector.MatchLabels.ContainsKey(l.Key)).ToDictionary());
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        var env = container.Env.ToDictionary(e => e.Name);
        var secrets = all.OfType<V1Secret>().ToDictionary(s => s.Metadata.Name);

        foreach (var name in new[] { "Auth__SigningKey", "Cluster__Secret", "REDIS_PASSWORD" })
        {
            var reference = env[name].ValueFrom.SecretKeyRef;
            Assert.True(secrets.TryGetValue(reference.Name, out var secret), $"{name} names a Secret that is defined");
            Assert.Contains(reference.Key, secret!.StringData.Keys);
        }

        Assert.Equal("status.podIP", env["POD_IP"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("https://$(POD_IP):8444", env["Cluster__NodeUrl"].Value);
        Assert.StartsWith("mjpeg-redis:6379,password=$(REDIS_PASSWORD)", env["Cluster__Redis"].Value, StringComparison.Ordinal);
        // $(VAR) expands only from variables defined earlier in the list.
        Assert.True(container.Env.ToList().FindIndex(e => e.Name == "REDIS_PASSWORD") < container.Env.ToList().FindIndex(e => e.Name == "Cluster__Redis"));
        Assert.True(container.Env.ToList().FindIndex(e => e.Name == "POD_IP") < container.Env.ToList().FindIndex(e => e.Name == "Cluster__NodeUrl"));
        Assert.Contains(":8444", env["ASPNETCORE_URLS"].Value, StringComparison.Ordinal);
        Assert.Equal("mjpeg-gateway-tls", deployment.Spec.Template.Spec.Volumes.Single(v => v.Name == "certs").Secret.SecretName);
        Assert.NotNull(container.Resources.Requests["cpu"]);
        Assert.NotNull(container.Resources.Limits["memory"]);
    }

    [Fact]
    public void Redis_and_the_relay_port_are_reachable_only_from_gateways()
    {
        var all = LoadAll();
        var gatewayLabels = Assert.Single(all.OfType<V1Deployment>()).Spec.Template.Metadata.Labels;
        var redis = Assert.Single(all.OfType<V1StatefulSet>());
        var policies = all.OfType<V1NetworkPolicy>().ToList();

        var redisPolicy = Assert.Single(policies, p => Selects(p.Spec.PodSelector, redis.Spec.Template.Metadata.Labels));
        var redisRule = Assert.Single(redisPolicy.Spec.Ingress);
        Assert.True(Selects(Assert.Single(redisRule.FromProperty).PodSelector, gatewayLabels));

        var gatewayPolicy = Assert.Single(policies, p => Selects(p.Spec.PodSelector, gatewayLabels));
        var relayRule = Assert.Single(gatewayPolicy.Spec.Ingress, r => r.Ports.Any(p => p.Port.Value == "8444"));
        Assert.True(Selects(Assert.Single(relayRule.FromProperty).PodSelector, gatewayLabels));

        var relay = Assert.Single(all.OfType<V1Service>(), s => s.Spec.Ports.Any(p => p.Port == 8444));
        Assert.Equal("None", relay.Spec.ClusterIP);
        Assert.Single(all.OfType<V1PodDisruptionBudget>());
        Assert.Equal("Deployment", Assert.Single(all.OfType<V2HorizontalPodAutoscaler>()).Spec.ScaleTargetRef.Kind);
        Assert.Contains(redis.Spec.Template.Spec.Containers.Single().Args, a => a == "--appendonly");
    }

    [Fact]
    public void The_certificate_example_names_the_secret_the_gateway_mounts()
    {
        // cert-manager's Certificate is a custom resource: not in the API's schema, so checked here field by field.
        var certificate = KubernetesYaml.Deserialize<CertificateResource>(File.ReadAllText(Path.Combine(Folder, "certificate.yaml")), strict: true);

        Assert.Equal(("cert-manager.io/v1", "Certificate"), (certificate.ApiVersion, certificate.Kind));
        Assert.Equal("mjpeg-gateway-tls", certificate.Spec.SecretName);
        Assert.NotEmpty(certificate.Spec.DnsNames);
        Assert.False(string.IsNullOrEmpty(certificate.Spec.IssuerRef.Name));
    }

    private static List<object> LoadAll() =>
        Directory.GetFiles(Folder, "*.yaml").Where(f => !f.EndsWith("certificate.yaml", StringComparison.Ordinal))
            .SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), strict: true)).ToList();

    private static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels) =>
        selector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);
}
