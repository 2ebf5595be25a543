using System.Text;

namespace MjpegGateway.CameraSimulator.Streaming;

/// <summary>Stream-wide framing, fixed when a stream starts (see <see cref="SimulatorFaults"/> for why).</summary>
/// <param name="ContentType">The response's Content-Type header.</param>
/// <param name="Delimiter">The delimiter line without its line break, e.g. <c>--myboundary</c>.</param>
/// <param name="BoundaryAfterPart">Old ffmpeg layout: the delimiter follows each part instead of preceding it.</param>
internal sealed record MultipartLayout(string ContentType, byte[] Delimiter, bool BoundaryAfterPart)
{
    private const string MediaType = "multipart/x-mixed-replace";
    private const string DelimiterDashes = "--";

    public static MultipartLayout Capture(string boundary, SimulatorFaults faults)
    {
        // Some cameras put the dashes of the delimiter line into the parameter itself; the body does not change.
        var parameter = faults.DashesInBoundaryParameter ? DelimiterDashes + boundary : boundary;
        if (faults.QuoteBoundary)
        {
            parameter = $"\"{parameter}\"";
        }

        return new MultipartLayout(
            $"{MediaType}; boundary={parameter}",
            Encoding.ASCII.GetBytes(DelimiterDashes + boundary),
            faults.BoundaryAfterPart);
    }
}
