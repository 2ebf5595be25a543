namespace MjpegGateway.ClusterTests.Infrastructure;

/// <summary>Files of the repository the tests run from (found by walking up from the test binaries).</summary>
public static class RepositoryFiles
{
    /// <summary>The repository root (the folder with MjpegGateway.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>deploy/kubernetes.</summary>
    public static string KubernetesFolder => Path.Combine(Root, "deploy", "kubernetes");

    /// <summary>
    /// Every manifest of deploy/kubernetes by file name, but cert-manager's Certificate (a custom resource the API schema
    /// does not know; checked on its own).
    /// </summary>
    public static Dictionary<string, string> KubernetesManifests() =>
        Directory.GetFiles(KubernetesFolder, "*.yaml").Where(f => !f.EndsWith("certificate.yaml", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetFileName(f), File.ReadAllText);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MjpegGateway.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (MjpegGateway.sln) not found above the test binaries");
    }
}
