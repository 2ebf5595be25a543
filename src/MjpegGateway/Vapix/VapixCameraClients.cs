using MjpegGateway.Cameras;
using MjpegGateway.Upstream;

namespace MjpegGateway.Vapix;

/// <summary>
/// One <see cref="HttpMessageInvoker"/> per camera from <see cref="CameraHttpInvoker"/>: the camera's credentials
/// registered for exactly its scheme (Digest answers the challenge round trip; Basic only where allowed), no redirects,
/// cookies, proxy or decompression, and the camera's finite connect timeout. A camera whose URL, credentials or
/// timeouts change gets a new client, so old credentials are never used again.
/// </summary>
internal sealed class VapixCameraClients : IDisposable
{
    private readonly CameraCatalog _catalog;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (Camera Camera, HttpMessageInvoker Client)> _clients = new(StringComparer.Ordinal);

    public VapixCameraClients(CameraCatalog catalog)
    {
        _catalog = catalog;
        _catalog.Reloaded += OnCatalogReloaded;
    }

    /// <summary>The client for <paramref name="camera"/> as it is configured now.</summary>
    public HttpMessageInvoker For(Camera camera)
    {
        lock (_gate)
        {
            if (_clients.TryGetValue(camera.Id, out var known) && CameraChanges.SameConnection(known.Camera, camera))
            {
                return known.Client;
            }

            // A replaced client is left to the garbage collector, as YARP's own factory does: calls in flight may still use it.
            var client = CameraHttpInvoker.Create(camera.Connection());
            _clients[camera.Id] = (camera, client);
            return client;
        }
    }

    public void Dispose() => _catalog.Reloaded -= OnCatalogReloaded;

    // Removed cameras' clients go with the reload; a call racing it may add one back until the next reload.
    private void OnCatalogReloaded(CameraCatalog catalog)
    {
        lock (_gate)
        {
            foreach (var gone in _clients.Keys.Where(id => !catalog.TryGet(id, out _)).ToList())
            {
                _clients.Remove(gone);
            }
        }
    }
}
