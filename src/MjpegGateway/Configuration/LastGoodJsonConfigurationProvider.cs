using System.Text.Json;
using Microsoft.Extensions.Configuration.Json;

namespace MjpegGateway.Configuration;

/// <summary>The provider of <see cref="LastGoodJsonConfigurationSource"/>.</summary>
internal sealed class LastGoodJsonConfigurationProvider(LastGoodJsonConfigurationSource source) : JsonConfigurationProvider(source)
{
    private bool _loadedOnce;

    public override void Load(Stream stream)
    {
        try
        {
            // The parser builds a new dictionary and assigns it only on success, so a failure leaves Data as it was.
            base.Load(stream);
            _loadedOnce = true;
        }
        catch (Exception ex) when (_loadedOnce && ex is FormatException or JsonException)
        {
            // A bad file at start-up still fails start-up (the first load rethrows); later, report and keep serving.
            Source.OnLoadException?.Invoke(new FileLoadExceptionContext { Provider = this, Exception = ex });
        }
    }
}
