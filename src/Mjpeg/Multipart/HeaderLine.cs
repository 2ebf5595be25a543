namespace Mjpeg.Multipart;

/// <summary>What one line of a part's header block turned out to be.</summary>
internal enum HeaderLine
{
    /// <summary>A header (recognised or ignored).</summary>
    Header,

    /// <summary>The empty line that ends the block.</summary>
    Blank,

    /// <summary>Not a header: the reader is out of sync.</summary>
    Invalid,
}
