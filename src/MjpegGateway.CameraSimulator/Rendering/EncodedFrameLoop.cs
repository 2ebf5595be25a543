namespace MjpegGateway.CameraSimulator.Rendering;

/// <summary>
/// The frames a stream repeats when <see cref="SimulatedCameraOptions.FrameLoopLength"/> is set: the first encoded
/// frames are kept as they are sent, and once the loop is full, frame <c>n</c> is kept frame <c>(n - 1) mod length</c>.
/// One instance per stream, not thread-safe.
/// </summary>
internal sealed class EncodedFrameLoop(int length)
{
    private readonly byte[][] _frames = new byte[length][];
    private int _kept;

    /// <summary>True once every frame of the loop is kept: from then on nothing needs encoding.</summary>
    public bool IsFull => _kept == _frames.Length;

    /// <summary>Keeps a copy of the next frame of the loop; call in sequence order until <see cref="IsFull"/>.</summary>
    public void Keep(ReadOnlySpan<byte> jpeg) => _frames[_kept++] = jpeg.ToArray();

    /// <summary>The kept frame that frame <paramref name="sequence"/> (1-based) repeats.</summary>
    public ReadOnlySpan<byte> FrameFor(long sequence) => _frames[(int)((sequence - 1) % _frames.Length)];
}
