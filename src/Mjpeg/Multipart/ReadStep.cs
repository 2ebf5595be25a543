namespace Mjpeg.Multipart;

/// <summary>Outcome of one state handler of <see cref="MultipartFrameReader"/>.</summary>
internal enum ReadStep
{
    /// <summary>State changed or bytes were consumed: run the next handler.</summary>
    Continue,

    /// <summary>Nothing more can be decided until more bytes arrive.</summary>
    NeedMoreData,

    /// <summary>A frame is ready.</summary>
    Frame,
}
