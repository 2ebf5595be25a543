using YamlDotNet.Serialization;

namespace MjpegGateway.ClusterTests.Deployment;

/// <summary>The fields of cert-manager's <c>Certificate</c> (cert-manager.io/v1) the example uses; strict reading rejects any other.</summary>
public sealed class CertificateResource
{
    [YamlMember(Alias = "apiVersion")]
    public string ApiVersion { get; set; } = "";

    [YamlMember(Alias = "kind")]
    public string Kind { get; set; } = "";

    [YamlMember(Alias = "metadata")]
    public k8s.Models.V1ObjectMeta Metadata { get; set; } = new();

    [YamlMember(Alias = "spec")]
    public CertificateSpec Spec { get; set; } = new();

    public sealed class CertificateSpec
    {
        [YamlMember(Alias = "secretName")]
        public string SecretName { get; set; } = "";

        [YamlMember(Alias = "duration")]
        public string? Duration { get; set; }

        [YamlMember(Alias = "renewBefore")]
        public string? RenewBefore { get; set; }

        [YamlMember(Alias = "dnsNames")]
        public List<string> DnsNames { get; set; } = [];

        [YamlMember(Alias = "privateKey")]
        public PrivateKey? PrivateKey { get; set; }

        [YamlMember(Alias = "issuerRef")]
        public IssuerRef IssuerRef { get; set; } = new();
    }

    public sealed class PrivateKey
    {
        [YamlMember(Alias = "algorithm")]
        public string? Algorithm { get; set; }

        [YamlMember(Alias = "size")]
        public int? Size { get; set; }

        [YamlMember(Alias = "rotationPolicy")]
        public string? RotationPolicy { get; set; }
    }

    public sealed class IssuerRef
    {
        [YamlMember(Alias = "kind")]
        public string? Kind { get; set; }

        [YamlMember(Alias = "name")]
        public string Name { get; set; } = "";

        [YamlMember(Alias = "group")]
        public string? Group { get; set; }
    }
}
