namespace MjpegGateway.BrowserTests.Viewer;

/// <summary>The page's memory at one moment: JS heap after a forced GC, undrawn bitmaps, frames, DOM nodes.</summary>
internal sealed record MemorySample(double HeapBytes, int BitmapsLive, long FramesDrawn, long FramesSkipped, int DomNodes);
