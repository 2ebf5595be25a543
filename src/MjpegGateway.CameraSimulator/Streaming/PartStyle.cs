namespace MjpegGateway.CameraSimulator.Streaming;

/// <summary>Per-frame framing faults, read from <see cref="SimulatorFaults"/> once for each part.</summary>
internal readonly record struct PartStyle(bool LfOnly, bool OmitContentLength, bool SendGarbage, bool ExifThumbnail)
{
    public static PartStyle Capture(SimulatorFaults faults) =>
        new(faults.LfOnly, faults.OmitContentLength, faults.SendGarbage, faults.ExifThumbnail);
}
