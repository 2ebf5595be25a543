using System.Reflection;
using Xunit.Abstractions;

namespace MjpegGateway.Tests.Architecture;

/// <summary>
/// The rooms of <c>src/MjpegGateway</c> (one folder, one namespace <c>MjpegGateway.X</c>) depend on each other in one
/// direction only: no cycle of any length. The root namespace (<c>GatewayApp</c>, <c>Program</c>) composes them all
/// and is left out.
/// </summary>
public sealed class FolderDependencyTests(ITestOutputHelper output)
{
    private const string Root = "MjpegGateway";

    [Fact]
    public void Folders_depend_on_each_other_in_one_direction_only()
    {
        var graph = FolderGraph(typeof(GatewayApp).Assembly);
        output.WriteLine(string.Join(Environment.NewLine, graph.OrderBy(e => e.Key).Select(e => $"{e.Key} -> {string.Join(", ", e.Value.Keys.Order())}")));

        var cycles = Cycles(graph).Select(c => c.Text).ToList();

        Assert.True(cycles.Count == 0, "Folders depend on each other:" + Environment.NewLine + string.Join(Environment.NewLine, cycles));
    }

    [Fact]
    public void The_check_sees_a_dependency_hidden_in_a_method_body()
    {
        // GatewayDrain (Lifecycle) uses StreamSessions (Streaming) only through a constructor parameter, and
        // StreamAdmission (Streaming) reads Upstream state only inside a method body: both must show.
        var graph = FolderGraph(typeof(GatewayApp).Assembly);

        Assert.Contains("Streaming", graph["Lifecycle"].Keys);
        Assert.Contains("Upstream", graph["Streaming"].Keys);
    }

    [Theory]
    [InlineData("Upstream", "Cameras")]
    [InlineData("Security", "Cameras")]
    [InlineData("Security", "Telemetry")]
    [InlineData("Upstream", "Telemetry")]
    [InlineData("Cameras", "Telemetry")]
    public void The_core_rooms_stay_below_the_ones_that_use_them(string lower, string upper)
    {
        // The order ARCHITECTURE.md draws: Security -> Upstream -> Cameras -> Telemetry (observes, owns nothing).
        var graph = FolderGraph(typeof(GatewayApp).Assembly);

        var example = graph.GetValueOrDefault(lower)?.GetValueOrDefault(upper);

        Assert.True(example is null, $"{lower} uses {upper}: {example}");
    }

    // Folder -> folder it uses -> one example "Type -> Type" for the message.
    private static Dictionary<string, Dictionary<string, string>> FolderGraph(Assembly assembly)
    {
        var graph = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            if (Folder(type) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new(StringComparer.Ordinal);
            foreach (var used in TypeDependencies.Of(type))
            {
                if (used.Assembly == assembly && Folder(used) is { } to && to != from)
                {
                    edges.TryAdd(to, $"{type.FullName} uses {used.FullName}");
                }
            }
        }

        return graph;
    }

    private static string? Folder(Type type)
    {
        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith(Root + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[(Root.Length + 1)..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? rest : rest[..dot];
    }

    // Every elementary cycle found by a depth-first search from each folder, reported once (by its smallest member).
    private static List<(List<string> Members, string Text)> Cycles(Dictionary<string, Dictionary<string, string>> graph)
    {
        var cycles = new List<(List<string>, string)>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<string> { start };
            Walk(start);

            void Walk(string node)
            {
                if (!graph.TryGetValue(node, out var edges))
                {
                    return;
                }

                foreach (var (next, example) in edges)
                {
                    if (next == start)
                    {
                        var members = path.Append(start).ToList();
                        var details = members.Zip(members.Skip(1), (a, b) => $"  {a} -> {b}: {graph[a][b]}");
                        cycles.Add((path.ToList(), string.Join(" -> ", members) + Environment.NewLine + string.Join(Environment.NewLine, details)));
                    }
                    else if (string.CompareOrdinal(next, start) > 0 && !path.Contains(next) && path.Count < 8)
                    {
                        path.Add(next);
                        Walk(next);
                        path.RemoveAt(path.Count - 1);
                    }
                }
            }
        }

        return cycles;
    }
}
