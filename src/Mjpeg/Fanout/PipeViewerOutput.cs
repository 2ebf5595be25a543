using System.Runtime.CompilerServices;
using System.IO.Pipelines;
using Mjpeg.Frames;

namespace Mjpeg.Fanout;

/// <summary>A viewer's parts written to the server's response pipe, whole or in slices (<see cref="ViewerOptions.WriteSliceBytes"/>).</summary>
public sealed class PipeViewerOutput : ViewerOutput
{
    private readonly PipeWriter _output;
    private readonly ReadOnlyMemory<byte> _preamble;
    private readonly int _writeSliceBytes;

    /// <param name="output">The response body.</param>
    /// <param name="preamble">First bytes of the body (<see cref="FramePool.Preamble"/>).</param>
    /// <param name="writeSliceBytes">Largest piece handed to the pipe in one write; 0 writes each part whole.</param>
    public PipeViewerOutput(PipeWriter output, ReadOnlyMemory<byte> preamble, int writeSliceBytes = Viewer.DefaultWriteSliceBytes)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(writeSliceBytes);
        _output = output;
        _preamble = preamble;
        _writeSliceBytes = writeSliceBytes == 0 ? int.MaxValue : writeSliceBytes;
    }

    /// <inheritdoc/>
    public override ValueTask<bool> WritePreambleAsync(CancellationToken cancellationToken) => WriteAsync(_preamble, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask<bool> WriteAsync(Frame frame, CancellationToken cancellationToken) => WriteAsync(frame.Part, cancellationToken);

    // Once per frame per viewer: pooled, so a send that waits for the socket allocates no state-machine box.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> part, CancellationToken token)
    {
        var rest = part;
        while (!rest.IsEmpty)
        {
            var piece = rest[..Math.Min(_writeSliceBytes, rest.Length)];
            rest = rest[piece.Length..];
            // Only a stall or a gone client cancels a write, and both drop the connection, so a part cut short here
            // never reaches a client; a viewer ended on purpose finishes its part (see Viewer).
            var result = await _output.WriteAsync(piece, token).ConfigureAwait(false);
            if (result.IsCompleted || result.IsCanceled)
            {
                return false;
            }
        }

        return true;
    }
}
