using k8s;
using k8s.Models;
using MjpegGateway.ClusterTests.Infrastructure;

namespace MjpegGateway.ClusterTests.Deployment;

/// <summary>
/// deploy/kubernetes against the Kubernetes API schema, as far as it can be checked without a cluster (<see cref="ManifestCheck"/>):
/// every object read strictly into the API's types, the schema's required fields, and the references between objects. The
/// check is shown to catch each kind of mistake on broken copies of the manifests.
/// </summary>
public sealed class KubernetesManifestTests
{
    private static readonly string Folder = RepositoryFiles.KubernetesFolder;

    [Fact]
    public void Every_object_matches_the_API_schema_and_every_reference_resolves()
    {
        var (objects, problems) = ManifestCheck.Check(ManifestFiles());

        Assert.Empty(problems);
        Assert.Equal(
            ["ConfigMap", "Deployment", "HorizontalPodAutoscaler", "NetworkPolicy", "PodDisruptionBudget", "Secret", "Service", "StatefulSet"],
            objects.Select(o => ((IKubernetesObject)o.Object).Kind).Distinct().Order());
    }

    [Theory]
    [InlineData("an unknown field", "replicas: 3", "replicaz: 3", "gateway.yaml:11: Property 'replicaz' not found on type 'k8s.Models.V1DeploymentSpec'")]
    [InlineData("a value of the wrong type", "replicas: 3", "replicas: three", "gateway.yaml:11: The input string 'three' was not in a correct format.")]
    [InlineData("a missing required field", "        - name: gateway\n          image:", "        - image:", "gateway.yaml: V1Deployment.spec.template.spec.containers[0].name is required")]
    [InlineData("a Secret key that is not defined", "key: cluster-secret", "key: cluster-secrte", "Cluster__Secret names key cluster-secrte of Secret mjpeg-gateway-secrets, which has no such key")]
    [InlineData("a Secret that is not defined", "{ name: mjpeg-gateway-secrets, key: signing-key }", "{ name: gateway-secrets, key: signing-key }", "Auth__SigningKey names Secret gateway-secrets, which is not defined")]
    [InlineData("a variable used before it is defined", "https://$(POD_IP):8444", "https://$(POD_ADDRESS):8444", "env Cluster__NodeUrl uses $(POD_ADDRESS), which is not defined before it")]
    public void A_broken_copy_of_the_gateway_manifest_is_reported(string mistake, string find, string replace, string expected)
    {
        var files = ManifestFiles();
        Assert.True(files["gateway.yaml"].Contains(find, StringComparison.Ordinal), $"the manifest still has '{find}' to break");
        files["gateway.yaml"] = files["gateway.yaml"].Replace(find, replace, StringComparison.Ordinal);

        var (_, problems) = ManifestCheck.Check(files);

        Assert.True(problems.Any(p => p.Contains(expected, StringComparison.Ordinal)), $"{mistake}: expected a problem containing '{expected}', got: {string.Join(" | ", problems)}");
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

    private static List<object> LoadAll() => ManifestCheck.Check(ManifestFiles()).Objects.Select(o => o.Object).ToList();

    private static Dictionary<string, string> ManifestFiles() => RepositoryFiles.KubernetesManifests();

    private static bool Selects(V1LabelSelector selector, IDictionary<string, string> labels) =>
        selector.MatchLabels.All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value);
}
