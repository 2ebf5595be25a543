using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using YamlDotNet.Core;

namespace MjpegGateway.ClusterTests.Deployment;

/// <summary>
/// Checks Kubernetes manifests without a cluster and collects every problem (it never stops at the first):
/// <list type="bullet">
/// <item>each document is read strictly into the Kubernetes client's types, generated from the API's OpenAPI schema: an
/// unknown or misspelt field, a value of the wrong type or an unknown kind is a problem, with its file and line;</item>
/// <item>the fields the API schema marks required, for the kinds these manifests use (<see cref="Required"/>: the client's
/// types do not carry the schema's <c>required</c> lists, so they are copied here), and a name on every object;</item>
/// <item>references between objects: every Secret key and ConfigMap a pod names is defined, every <c>$(VAR)</c> in a
/// container's env, command or args names a variable defined before it.</item>
/// </list>
/// </summary>
public static partial class ManifestCheck
{
    /// <summary>The API schema's required fields (JSON names) of the types these manifests use.</summary>
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(V1DeploymentSpec)] = ["selector", "template"],
        [typeof(V1StatefulSetSpec)] = ["selector", "template"],
        [typeof(V1PodSpec)] = ["containers"],
        [typeof(V1Container)] = ["name"],
        [typeof(V1EnvVar)] = ["name"],
        [typeof(V1SecretKeySelector)] = ["key"],
        [typeof(V1ConfigMapKeySelector)] = ["key"],
        [typeof(V1ObjectFieldSelector)] = ["fieldPath"],
        [typeof(V1ContainerPort)] = ["containerPort"],
        [typeof(V1ServicePort)] = ["port"],
        [typeof(V1Volume)] = ["name"],
        [typeof(V1VolumeMount)] = ["name", "mountPath"],
        [typeof(V1HTTPGetAction)] = ["port"],
        [typeof(V1TCPSocketAction)] = ["port"],
        [typeof(V1KeyToPath)] = ["key", "path"],
        [typeof(V1LabelSelectorRequirement)] = ["key", "operator"],
        [typeof(V2HorizontalPodAutoscalerSpec)] = ["scaleTargetRef", "maxReplicas"],
        [typeof(V2CrossVersionObjectReference)] = ["kind", "name"],
        [typeof(V2MetricSpec)] = ["type"],
        [typeof(V2ResourceMetricSource)] = ["name", "target"],
        [typeof(V2MetricTarget)] = ["type"],
        [typeof(V2HPAScalingPolicy)] = ["type", "value", "periodSeconds"],
    };

    /// <summary>The objects of <paramref name="files"/> (file name → YAML), and every problem found in them.</summary>
    public static (List<(string File, object Object)> Objects, List<string> Problems) Check(IReadOnlyDictionary<string, string> files)
    {
        var objects = new List<(string File, object Object)>();
        var problems = new List<string>();
        foreach (var (file, yaml) in files)
        {
            try
            {
                objects.AddRange(KubernetesYaml.LoadAllFromString(yaml, strict: true).Select(o => (file, o)));
            }
            catch (YamlException ex)
            {
                // The inner exception names the field or the value that did not fit; the mark says where.
                problems.Add($"{file}:{ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}");
            }
        }

        foreach (var (file, o) in objects)
        {
            if (o is not IKubernetesObject<V1ObjectMeta> { Metadata.Name: { Length: > 0 } })
            {
                problems.Add($"{file}: a {o.GetType().Name} without metadata.name");
            }

            CheckRequired(o, $"{file}: {o.GetType().Name}", problems);
        }

        CheckReferences(objects, problems);
        return (objects, problems);
    }

    private static void CheckRequired(object? value, string path, List<string> problems)
    {
        if (value is null || value is string || value.GetType().IsPrimitive)
        {
            return;
        }

        if (value is IEnumerable list and not IDictionary)
        {
            var i = 0;
            foreach (var item in list)
            {
                CheckRequired(item, $"{path}[{i++}]", problems);
            }

            return;
        }

        if (value.GetType().Namespace != typeof(V1Pod).Namespace)
        {
            return;
        }

        var properties = value.GetType().GetProperties().Select(p => (Json: p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? p.Name, Property: p)).ToList();
        foreach (var name in Required.GetValueOrDefault(value.GetType(), []))
        {
            var property = properties.Single(p => p.Json == name).Property;
            var field = property.GetValue(value);
            // Value-type fields (ports, counts) read 0 when absent: the API has no port or count 0 for them either.
            if (field is null || field is string { Length: 0 } || field is 0 || field is ICollection { Count: 0 })
            {
                problems.Add($"{path}.{name} is required");
            }
        }

        foreach (var (json, property) in properties)
        {
            CheckRequired(property.GetValue(value), $"{path}.{json}", problems);
        }
    }

    private static void CheckReferences(List<(string File, object Object)> objects, List<string> problems)
    {
        var secrets = objects.Select(o => o.Object).OfType<V1Secret>().ToDictionary(
            s => s.Metadata.Name, s => (s.StringData?.Keys ?? []).Concat(s.Data?.Keys ?? []).ToHashSet());
        var configMaps = objects.Select(o => o.Object).OfType<V1ConfigMap>().Select(c => c.Metadata.Name).ToHashSet();
        foreach (var (file, o) in objects)
        {
            var template = o switch
            {
                V1Deployment d => d.Spec?.Template,
                V1StatefulSet s => s.Spec?.Template,
                _ => null,
            };
            if (template?.Spec is not { } pod)
            {
                continue;
            }

            var where = $"{file}: {o.GetType().Name} {((IKubernetesObject<V1ObjectMeta>)o).Metadata?.Name}";
            foreach (var volume in pod.Volumes ?? [])
            {
                if (volume.ConfigMap is { } map && !configMaps.Contains(map.Name))
                {
                    problems.Add($"{where}: volume {volume.Name} names ConfigMap {map.Name}, which is not defined");
                }
            }

            foreach (var container in pod.Containers ?? [])
            {
                var defined = new HashSet<string>(StringComparer.Ordinal);
                foreach (var variable in container.Env ?? [])
                {
                    if (variable.ValueFrom?.SecretKeyRef is { } reference)
                    {
                        if (!secrets.TryGetValue(reference.Name ?? "", out var keys))
                        {
                            problems.Add($"{where}: {variable.Name} names Secret {reference.Name}, which is not defined");
                        }
                        else if (!keys.Contains(reference.Key ?? ""))
                        {
                            problems.Add($"{where}: {variable.Name} names key {reference.Key} of Secret {reference.Name}, which has no such key");
                        }
                    }

                    CheckVariables(variable.Value, defined, $"{where}: env {variable.Name}", problems);
                    defined.Add(variable.Name ?? "");
                }

                foreach (var argument in (container.Command ?? []).Concat(container.Args ?? []))
                {
                    CheckVariables(argument, defined, $"{where}: container {container.Name} argument", problems);
                }
            }
        }
    }

    // The kubelet expands $(NAME) only from variables defined earlier; otherwise the text stays as it is, silently.
    private static void CheckVariables(string? value, HashSet<string> defined, string where, List<string> problems)
    {
        foreach (Match reference in VariableReference().Matches(value ?? ""))
        {
            if (reference.Groups[1].Success && !defined.Contains(reference.Groups[1].Value))
            {
                problems.Add($"{where} uses $({reference.Groups[1].Value}), which is not defined before it");
            }
        }
    }

    [GeneratedRegex(@"\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)")]
    private static partial Regex VariableReference();
}
