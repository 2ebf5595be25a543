using System.Buffers;
using System.IO.Pipelines;
using MjpegGateway.Tls;

namespace MjpegGateway.Tests.Security;

public sealed class TlsRecordCoalescingTests
{
    private static readonly byte[] Record = new byte[4096 + 22];

    [Fact]
    public async Task Flushes_pass_through_until_the_handshake_is_done_and_a_burst_has_ended()
    {
        var pipe = new Pipe();
        var handshakeDone = false;
        var writer = new TlsRecordCoalescing.CoalescingWriter(pipe.Writer, () => handshakeDone);

        await WriteRecordAsync(writer);
        Assert.Equal(Record.Length, Drain(pipe.Reader));

        // Done, but no burst has ended with the stream's own flush yet (the session tickets after the handshake).
        handshakeDone = true;
        await WriteRecordAsync(writer);
        Assert.Equal(Record.Length, Drain(pipe.Reader));

        await writer.FlushAsync();
        await WriteRecordAsync(writer);
        Assert.Equal(0, Drain(pipe.Reader));
    }

    // 6 records of 4 KB blocks (Kestrel's own pool), and 120 KB in the 16 KB records of the gateway's pool blocks: the
    // top of what an Axis camera sends at 720p, which must leave with one flush (two under a 64 KB cap).
    [Theory]
    [InlineData(4096, 6)]
    [InlineData(16 * 1024, 8)]
    public async Task Records_of_a_burst_go_out_with_the_flush_that_ends_it(int blockBytes, int records)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var writer = await ActiveWriterAsync(pipe);
        var record = new byte[blockBytes + 22];

        for (var i = 0; i < records; i++)
        {
            writer.Write(record);
            var flush = writer.FlushAsync();
            Assert.True(flush.IsCompletedSuccessfully);
            await flush;
            Assert.Equal(0, Drain(pipe.Reader));
        }

        await writer.FlushAsync();
        Assert.Equal(records * record.Length, Drain(pipe.Reader));
    }

    [Fact]
    public async Task A_long_burst_is_flushed_once_the_deferred_bytes_reach_the_cap()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var writer = await ActiveWriterAsync(pipe);

        var records = (int)(TlsRecordCoalescing.MaxDeferredBytes / Record.Length) + 1;
        for (var i = 0; i < records; i++)
        {
            await WriteRecordAsync(writer);
        }

        Assert.Equal(records * Record.Length, Drain(pipe.Reader));
    }

    [Fact]
    public async Task The_flush_that_ends_a_burst_waits_for_back_pressure()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 8192, resumeWriterThreshold: 4096));
        var writer = await ActiveWriterAsync(pipe);

        for (var i = 0; i < 4; i++)
        {
            await WriteRecordAsync(writer);
        }

        var end = writer.FlushAsync();
        Assert.False(end.IsCompleted);
        Assert.Equal(4 * Record.Length, Drain(pipe.Reader));
        var result = await end;
        Assert.False(result.IsCanceled);
    }

    private static async Task<TlsRecordCoalescing.CoalescingWriter> ActiveWriterAsync(Pipe pipe)
    {
        var writer = new TlsRecordCoalescing.CoalescingWriter(pipe.Writer, () => true);
        await WriteRecordAsync(writer);
        await writer.FlushAsync();
        Drain(pipe.Reader);
        return writer;
    }

    // What Kestrel's pipe stream does for each record SslStream writes: copy, then flush.
    private static async Task WriteRecordAsync(PipeWriter writer)
    {
        writer.Write(Record);
        await writer.FlushAsync();
    }

    private static int Drain(PipeReader reader)
    {
        if (!reader.TryRead(out var result))
        {
            return 0;
        }

        var length = (int)result.Buffer.Length;
        reader.AdvanceTo(result.Buffer.End);
        return length;
    }
}
