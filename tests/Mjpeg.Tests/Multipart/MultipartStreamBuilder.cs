using System.Text;

namespace Mjpeg.Tests.Multipart;

/// <summary>Writes multipart/x-mixed-replace streams the way the various cameras do.</summary>
internal sealed class MultipartStreamBuilder(string wireBoundary)
{
    private readonly MemoryStream _stream = new();
    private bool _anyPart;

    /// <summary>"\r\n" (RFC) or "\n" (LF-only cameras).</summary>
    public string NewLine { get; init; } = "\r\n";

    /// <summary>Old ffmpeg mpjpeg: no delimiter before the first part, one after each part.</summary>
    public bool DelimiterAfterPart { get; init; }

    public bool ContentLength { get; init; } = true;

    public string ContentTypeName { get; init; } = "Content-Type";

    public string ContentLengthName { get; init; } = "Content-Length";

    public string[] ExtraHeaders { get; init; } = [];

    /// <summary>Whitespace after "--boundary" on the delimiter line.</summary>
    public string DelimiterPadding { get; init; } = "";

    /// <summary>False for cameras that write the delimiter right after the body.</summary>
    public bool NewLineBeforeDelimiter { get; init; } = true;

    public MultipartStreamBuilder Part(byte[] body, string contentType = "image/jpeg", long? contentLength = null, params string[] extraHeaders)
    {
        if (!DelimiterAfterPart)
        {
            if (_anyPart && NewLineBeforeDelimiter)
            {
                Text(NewLine);
            }

            Text($"--{wireBoundary}{DelimiterPadding}{NewLine}");
        }

        Text($"{ContentTypeName}: {contentType}{NewLine}");
        if (ContentLength)
        {
            Text($"{ContentLengthName}: {contentLength ?? body.Length}{NewLine}");
        }

        foreach (var header in ExtraHeaders.Concat(extraHeaders))
        {
            Text($"{header}{NewLine}");
        }

        Text(NewLine);
        _stream.Write(body);
        if (DelimiterAfterPart)
        {
            Text($"{(NewLineBeforeDelimiter ? NewLine : "")}--{wireBoundary}{DelimiterPadding}{NewLine}");
        }

        _anyPart = true;
        return this;
    }

    public MultipartStreamBuilder Raw(byte[] bytes)
    {
        _stream.Write(bytes);
        return this;
    }

    public MultipartStreamBuilder Text(string text) => Raw(Encoding.ASCII.GetBytes(text));

    /// <summary>
    /// The delimiter line a live camera writes when it starts its next frame; a length-less part
    /// only ends there. Old ffmpeg layouts already wrote it after the part.
    /// </summary>
    public MultipartStreamBuilder NextDelimiter() =>
        DelimiterAfterPart ? this : Text($"{(NewLineBeforeDelimiter ? NewLine : "")}--{wireBoundary}{DelimiterPadding}{NewLine}");

    public MultipartStreamBuilder Close() => Text($"{NewLine}--{wireBoundary}--{NewLine}");

    public byte[] Build() => _stream.ToArray();
}
