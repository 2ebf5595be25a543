using System.Net;
using Microsoft.Extensions.Options;
using MjpegGateway.Cameras;
using MjpegGateway.Security;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace MjpegGateway.Vapix;

/// <summary>
/// Generates YARP's configuration from the running cameras: per camera one cluster (its base address) and one route
/// per allow-listed CGI (<c>/cameras/{id}/vapix/jpg/image.cgi</c>, …). Rebuilt after every camera catalog reload and
/// every change of the <c>Vapix</c> section, so added, edited and removed cameras take effect without a restart.
/// </summary>
internal sealed class VapixProxyConfigProvider : IProxyConfigProvider, IDisposable
{
    private readonly CameraCatalog _catalog;
    private readonly IOptionsMonitor<VapixOptions> _options;
    private readonly ILogger<VapixProxyConfigProvider> _logger;
    private readonly IDisposable? _optionsChange;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (Camera Camera, long Connection)> _connections = new(StringComparer.Ordinal);
    private long _revision;
    private long _nextConnection;
    private VapixProxyConfig _config;

    public VapixProxyConfigProvider(CameraCatalog catalog, IOptionsMonitor<VapixOptions> options, ILogger<VapixProxyConfigProvider> logger)
    {
        _catalog = catalog;
        _options = options;
        _logger = logger;
        _config = Build();
        _catalog.Reloaded += OnCatalogReloaded;
        _optionsChange = options.OnChange(_ => Rebuild());
    }

    public IProxyConfig GetConfig() => Volatile.Read(ref _config);

    /// <summary>Builds a new revision and tells YARP about it.</summary>
    public void Rebuild()
    {
        VapixProxyConfig previous;
        lock (_gate)
        {
            previous = _config;
            Volatile.Write(ref _config, Build());
        }

        previous.SignalChange();
    }

    public void Dispose()
    {
        _catalog.Reloaded -= OnCatalogReloaded;
        _optionsChange?.Dispose();
    }

    private void OnCatalogReloaded(CameraCatalog catalog) => Rebuild();

    // Callers hold _gate (or are the constructor).
    private VapixProxyConfig Build()
    {
        {
            var options = _options.CurrentValue;
            var cameras = options.Enabled ? _catalog.Cameras.Select(c => c.Camera).OrderBy(c => c.Id, StringComparer.Ordinal).ToList() : [];
            var routes = new List<RouteConfig>();
            var clusters = new List<ClusterConfig>();
            var request = new ForwarderRequestConfig
            {
                ActivityTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
                // Cameras speak HTTP/1.1; asking for 2 would only cost an ALPN round on https cameras.
                Version = HttpVersion.Version11,
                VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
            };

            foreach (var camera in cameras)
            {
                var clusterId = VapixRoutes.ClusterId(camera.Id);
                clusters.Add(new ClusterConfig
                {
                    ClusterId = clusterId,
                    HttpRequest = request,
                    Destinations = new Dictionary<string, DestinationConfig>(StringComparer.Ordinal)
                    {
                        ["camera"] = new() { Address = VapixRoutes.BaseAddress(camera) },
                    },
                    Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [VapixRoutes.CameraKey] = camera.Id,
                        [VapixRoutes.ConnectionKey] = Connection(camera).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    },
                });

                foreach (var cgi in VapixAllowList.All)
                {
                    routes.Add(new RouteConfig
                    {
                        RouteId = VapixRoutes.RouteId(camera.Id, cgi),
                        ClusterId = clusterId,
                        // The guard does the finer checks; this keeps anonymous callers out with the gateway's 401.
                        AuthorizationPolicy = GatewayPolicies.Viewer,
                        Match = new RouteMatch { Path = VapixRoutes.ClientPath(camera.Id, cgi) },
                        Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
                        {
                            [VapixRoutes.CameraKey] = camera.Id,
                            [VapixRoutes.CgiKey] = cgi.Key,
                        },
                    });
                }
            }

            foreach (var gone in _connections.Keys.Except(cameras.Select(c => c.Id), StringComparer.Ordinal).ToList())
            {
                _connections.Remove(gone);
            }

            var revision = ++_revision;
            VapixLog.RoutesRebuilt(_logger, cameras.Count, revision);
            return new VapixProxyConfig(routes, clusters, revision);
        }
    }

    // A new number whenever URL, credentials or timeouts change: YARP then asks the client factory for a new client,
    // so the old credentials are never used again. The number, not the settings, goes into the metadata.
    private long Connection(Camera camera)
    {
        if (_connections.TryGetValue(camera.Id, out var known) && CameraChanges.SameConnection(known.Camera, camera))
        {
            return known.Connection;
        }

        var connection = ++_nextConnection;
        _connections[camera.Id] = (camera, connection);
        return connection;
    }
}
