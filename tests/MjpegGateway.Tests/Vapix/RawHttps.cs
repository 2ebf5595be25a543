using System.Text;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Vapix;

/// <summary>
/// Sends one HTTP/1.1 request with a request target exactly as written: HttpClient (through System.Uri) would resolve
/// <c>..</c> and re-encode characters before sending, which is just what a path-traversal test must not have happen.
/// </summary>
public static class RawHttps
{
    public sealed record Response(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static async Task<Response> SendAsync(TestGateway gateway, string method, string target, string? token)
    {
        await using var connection = await gateway.ConnectRawAsync();
        var tls = connection.Stream;

        var request = new StringBuilder()
            .Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\n")
            .Append("Host: ").Append(gateway.Address.Authority).Append("\r\n")
            .Append("Connection: close\r\n");
        if (token is not null)
        {
            request.Append("Authorization: Bearer ").Append(token).Append("\r\n");
        }

        await tls.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString()));
        await tls.FlushAsync();

        using var buffer = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await tls.CopyToAsync(buffer, timeout.Token);
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        var headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = text[..headerEnd].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new Response(int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), headers, text[(headerEnd + 4)..]);
    }
}
