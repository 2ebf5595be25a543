namespace MjpegGateway.CameraSimulator;

/// <summary>One request the simulator received.</summary>
/// <param name="At">When the request arrived.</param>
/// <param name="Method">HTTP method.</param>
/// <param name="PathAndQuery">The request target as sent on the wire.</param>
/// <param name="Authorization">The <c>Authorization</c> header, if any.</param>
/// <param name="Headers">All request headers (case-insensitive keys, repeated values comma-joined).</param>
/// <param name="Status">
/// Status code sent; <see cref="NoResponse"/> when the connection was aborted or held without a response.
/// </param>
public sealed record RecordedRequest(
    DateTimeOffset At,
    string Method,
    string PathAndQuery,
    string? Authorization,
    IReadOnlyDictionary<string, string> Headers,
    int Status)
{
    /// <summary><see cref="Status"/> of a request that got no response (offline, hang, or aborted before the headers).</summary>
    public const int NoResponse = 0;
}
