using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Mjpeg.Fanout;
using Mjpeg.Frames;
using Mjpeg.Tests.Multipart;

namespace Mjpeg.Tests.Fanout;

public class FrameHubTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly FramePool _pool;
    private readonly FrameHub _hub;

    public FrameHubTests()
    {
        _pool = new FramePool("b", 1 << 20, _time);
        _hub = new FrameHub("cam/hd", _pool, new FrameHubOptions { StallTimeout = TimeSpan.FromSeconds(5), StallCheckInterval = TimeSpan.FromSeconds(1) }, _time);
    }

    [Fact]
    public void Frame_part_is_headers_jpeg_and_next_delimiter_in_one_buffer()
    {
        var jpeg = TestJpeg.Tagged(1, 100);
        var frame = _pool.Create(jpeg);

        var expected = Encoding.ASCII.GetBytes("Content-Type: image/jpeg\r\nContent-Length: 100\r\n\r\n").Concat(jpeg).Concat(Encoding.ASCII.GetBytes("\r\n--b\r\n")).ToArray();
        Assert.Equal(expected, frame.Part.ToArray());
        Assert.Equal(jpeg, frame.Jpeg.ToArray());
        Assert.Equal("--b\r\n", Encoding.ASCII.GetString(_pool.Preamble.Span));
        frame.Release();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4000)]
    [InlineData(90_000)]
    public void Frame_chunked_part_is_the_part_framed_as_one_http_chunk_in_the_same_buffer(int jpegBytes)
    {
        var jpeg = TestJpeg.Tagged(1, Math.Max(jpegBytes, 4))[..jpegBytes];
        var frame = _pool.Create(jpeg);

        var part = frame.Part.ToArray();
        var expected = Encoding.ASCII.GetBytes(part.Length.ToString("x") + "\r\n").Concat(part).Concat("\r\n"u8.ToArray()).ToArray();
        Assert.Equal(expected, frame.ChunkedPart.ToArray());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(frame.ChunkedPart, out var chunk)
            && System.Runtime.InteropServices.MemoryMarshal.TryGetArray(frame.Part, out var partSegment)
            && ReferenceEquals(chunk.Array, partSegment.Array), "the chunk is the part's own buffer, not a copy");
        Assert.Equal(jpeg, frame.Jpeg.ToArray());
        Assert.Equal("5\r\n--b\r\n\r\n", Encoding.ASCII.GetString(_pool.ChunkedPreamble.Span));
        frame.Release();
    }

    [Fact]
    public void A_viewer_offered_first_is_ahead_of_viewers_that_came_before_it()
    {
        var early = _hub.Add(new ViewerOptions());
        var relay = _hub.Add(new ViewerOptions { OfferedFirst = true });
        var late = _hub.Add(new ViewerOptions());

        // Publish offers each frame in this order, so the relay's writer is woken before the others'.
        Assert.Equal([relay, early, late], _hub.Viewers);
    }

    [Fact]
    public void Every_viewer_gets_the_same_frame_memory_and_the_pool_gets_it_back()
    {
        var viewers = Enumerable.Range(0, 5).Select(_ => _hub.Add(new ViewerOptions())).ToList();
        var frame = _pool.Create(TestJpeg.Tagged(1));
        _hub.Publish(frame);

        Assert.Equal(1 + viewers.Count, frame.References);
        foreach (var viewer in viewers)
        {
            viewer.Dispose();
        }

        Assert.Equal(1, frame.References); // the hub keeps the latest
        _hub.Dispose();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Viewer_that_stops_reading_loses_its_oldest_frames_not_others()
    {
        var slow = _hub.Add(new ViewerOptions { QueueCapacity = 2 });
        for (var i = 1; i <= 10; i++)
        {
            _hub.Publish(_pool.Create(TestJpeg.Tagged(i)));
        }

        Assert.Equal(8, slow.FramesDroppedSlow);
        // Only the slow viewer's two newest frames are alive (the newest is also the hub's latest): memory stays bounded.
        Assert.Equal(2, _pool.Outstanding);
        slow.Dispose();
        Assert.Equal(1, _pool.Outstanding);
        _hub.Dispose();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task A_hub_larger_than_one_batch_gives_every_viewer_the_same_frames_in_order()
    {
        const int Frames = 30;
        var hub = new FrameHub("cam/many", _pool, new FrameHubOptions { OfferBatchSize = 4 }, _time);
        var viewers = Enumerable.Range(0, 50).Select(_ => hub.Add(new ViewerOptions { QueueCapacity = Frames })).ToList();
        var pipes = viewers.Select(_ => new Pipe()).ToList();
        using var cts = new CancellationTokenSource();
        var pumps = viewers.Select((v, i) => v.PumpAsync(pipes[i].Writer, _pool.Preamble, cts.Token)).ToList();

        // Back to back: frames arrive while an earlier one is still being offered, and newer ones overtake them.
        for (var i = 1; i <= Frames / 2; i++)
        {
            hub.Publish(_pool.Create(TestJpeg.Tagged(i)));
        }

        // Paced by the first viewer: each frame arrives while the one before is still on its way to the others.
        for (var i = Frames / 2 + 1; i <= Frames; i++)
        {
            var written = NextWriteAsync(viewers[0]);
            hub.Publish(_pool.Create(TestJpeg.Tagged(i)));
            await written;
        }

        var received = await Task.WhenAll(pipes.Select(p => ReadUntilFrameAsync(p.Reader, Frames)));
        var first = received[0];
        Assert.All(received, ids => Assert.Equal(first, ids));
        Assert.Equal(first.Order(), first);
        Assert.Equal(first.Count, first.Distinct().Count());
        Assert.Equal(Frames, first[^1]);
        // A frame goes to every viewer or, when a newer one overtook it while it waited, to none, and is counted.
        Assert.Equal(Frames, first.Count + hub.FramesSkippedBehind);
        Assert.All(viewers, v => Assert.Equal(0, v.FramesDroppedSlow));

        cts.Cancel();
        await Task.WhenAll(pumps);
        viewers.ForEach(v => v.Dispose());
        hub.Dispose();
        await WaitUntilAsync(() => _pool.Outstanding == 0);
    }

    [Fact]
    public async Task Closing_a_hub_in_the_middle_of_its_fan_outs_leaves_no_frame_behind()
    {
        var hub = new FrameHub("cam/many", _pool, new FrameHubOptions { OfferBatchSize = 2 }, _time);
        var viewers = Enumerable.Range(0, 40).Select(_ => hub.Add(new ViewerOptions())).ToList();
        for (var i = 1; i <= 20; i++)
        {
            hub.Publish(_pool.Create(TestJpeg.Tagged(i)));
        }

        hub.Dispose();
        hub.Publish(_pool.Create(TestJpeg.Tagged(21)));
        viewers.ForEach(v => v.Dispose());

        // The batches still queued offer to ended viewers, which refuse: every reference comes back.
        await WaitUntilAsync(() => _pool.Outstanding == 0);
    }

    [Fact]
    public void A_batch_size_below_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameHub("cam/hd", _pool, new FrameHubOptions { OfferBatchSize = 0 }, _time));
    }

    [Fact]
    public async Task New_viewer_gets_the_latest_frame_at_once()
    {
        _hub.Publish(_pool.Create(TestJpeg.Tagged(1)));
        _hub.Publish(_pool.Create(TestJpeg.Tagged(2)));
        using var viewer = _hub.Add(new ViewerOptions());
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource();
        var pump = viewer.PumpAsync(pipe.Writer, _pool.Preamble, cts.Token);

        var written = await ReadAtLeastAsync(pipe.Reader, _pool.Preamble.Length + 1000);
        Assert.Contains(2, FrameIds(written));
        cts.Cancel();
        await pump;
        _hub.Dispose();
    }

    [Fact]
    public async Task Pump_writes_preamble_then_frames_in_order()
    {
        using var viewer = _hub.Add(new ViewerOptions { QueueCapacity = 3 });
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource();
        var pump = viewer.PumpAsync(pipe.Writer, _pool.Preamble, cts.Token);
        for (var i = 1; i <= 3; i++)
        {
            _hub.Publish(_pool.Create(TestJpeg.Tagged(i)));
        }

        var written = await ReadAtLeastAsync(pipe.Reader, 3 * 1000);
        Assert.StartsWith("--b\r\nContent-Type: image/jpeg\r\n", Encoding.ASCII.GetString(written));
        Assert.Equal([1, 2, 3], FrameIds(written));
        cts.Cancel();
        Assert.Equal(ViewerEndReason.ClientGone, await pump);
        Assert.Equal(3, viewer.FramesSent);
    }

    [Fact]
    public async Task Fps_cap_skips_frames_to_the_asked_rate()
    {
        using var viewer = _hub.Add(new ViewerOptions { QueueCapacity = 3, MaxFps = 2 });
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        using var cts = new CancellationTokenSource();
        var pump = viewer.PumpAsync(pipe.Writer, _pool.Preamble, cts.Token);

        // 3 seconds of a 15 fps camera.
        for (var i = 1; i <= 45; i++)
        {
            _hub.Publish(_pool.Create(TestJpeg.Tagged(i)));
            _time.Advance(TimeSpan.FromMilliseconds(1000.0 / 15));
            await WaitUntilAsync(() => viewer.FramesSent + viewer.FramesSkippedFps == i);
        }

        Assert.InRange(viewer.FramesSent, 6, 7);
        Assert.Equal(45 - viewer.FramesSent, viewer.FramesSkippedFps);
        cts.Cancel();
        await pump;
    }

    [Theory]
    [InlineData(24 * 1024)]
    [InlineData(0)]
    public async Task Viewer_whose_write_makes_no_progress_is_ended_after_the_stall_time(int writeSliceBytes)
    {
        using var viewer = _hub.Add(new ViewerOptions { WriteSliceBytes = writeSliceBytes });
        var stalled = new TaskCompletionSource<Viewer>();
        _hub.ViewerStalled += v => stalled.TrySetResult(v);
        // A pipe nobody reads with a tiny pause threshold: the pump's write blocks like a client that stopped reading.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 10, resumeWriterThreshold: 5));
        var pump = viewer.PumpAsync(pipe.Writer, _pool.Preamble, CancellationToken.None);
        _hub.Publish(_pool.Create(TestJpeg.Tagged(1)));
        await WaitUntilAsync(() => viewer.IsStalled(_time.GetTimestamp() + 1, TimeSpan.Zero));

        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(stalled.Task.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Same(viewer, await stalled.Task.WaitAsync(Wait));
        Assert.Equal(ViewerEndReason.Stalled, await pump.WaitAsync(Wait));
    }

    [Fact]
    public async Task Snapshot_waits_for_the_first_frame()
    {
        var pending = _hub.AcquireLatestAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        Assert.False(pending.IsCompleted);
        _hub.Publish(_pool.Create(TestJpeg.Tagged(7)));
        var frame = await pending.WaitAsync(Wait);
        Assert.NotNull(frame);
        Assert.Equal(7, BitConverter.ToInt32(frame.Jpeg.Span[2..]));
        frame.Release();
    }

    [Fact]
    public async Task Snapshot_gives_up_after_its_timeout()
    {
        var pending = _hub.AcquireLatestAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Null(await pending.WaitAsync(Wait));
    }

    [Fact]
    public async Task Closing_the_hub_ends_its_viewers()
    {
        using var viewer = _hub.Add(new ViewerOptions());
        var pump = viewer.PumpAsync(new Pipe().Writer, _pool.Preamble, CancellationToken.None);
        _hub.Dispose();
        Assert.Equal(ViewerEndReason.HubClosed, await pump.WaitAsync(Wait));
    }

    [Theory]
    [InlineData(24 * 1024)]
    [InlineData(0)]
    public async Task Part_larger_than_one_write_arrives_whole_and_in_order(int writeSliceBytes)
    {
        using var viewer = _hub.Add(new ViewerOptions { WriteSliceBytes = writeSliceBytes });
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        using var cts = new CancellationTokenSource();
        var pump = viewer.PumpAsync(pipe.Writer, _pool.Preamble, cts.Token);
        var frame = _pool.Create(TestJpeg.Tagged(1, 100_000));
        var expected = _pool.Preamble.ToArray().Concat(frame.Part.ToArray()).ToArray();

        _hub.Publish(frame);
        var written = await ReadAtLeastAsync(pipe.Reader, expected.Length);

        Assert.Equal(expected, written);
        cts.Cancel();
        Assert.Equal(ViewerEndReason.ClientGone, await pump.WaitAsync(Wait));
    }

    [Theory]
    [InlineData(24 * 1024)]
    [InlineData(0)]
    public async Task Viewer_ended_in_the_middle_of_a_large_part_finishes_that_part_and_no_more(int writeSliceBytes)
    {
        using var viewer = _hub.Add(new ViewerOptions { WriteSliceBytes = writeSliceBytes });
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 10, resumeWriterThreshold: 5));
        var output = new TokenRecordingWriter(pipe.Writer);
        var pump = viewer.PumpAsync(output, _pool.Preamble, CancellationToken.None);
        var frame = _pool.Create(TestJpeg.Tagged(1, 100_000));
        var expected = _pool.Preamble.ToArray().Concat(frame.Part.ToArray()).ToArray();
        _hub.Publish(frame);
        await WaitUntilAsync(() => viewer.IsStalled(_time.GetTimestamp() + 1, TimeSpan.Zero));

        viewer.End(ViewerEndReason.Ended);
        Assert.False(output.LastToken.IsCancellationRequested, "a deliberate end cancelled the write in flight");

        // The write in flight is not cancelled (Kestrel would reset the connection): it finishes once the client reads,
        // then the pump stops before the next part.
        var written = await ReadAtLeastAsync(pipe.Reader, expected.Length);
        Assert.Equal(ViewerEndReason.Ended, await pump.WaitAsync(Wait));
        Assert.Equal(expected, written);
        await pipe.Writer.CompleteAsync();
        var rest = await pipe.Reader.ReadAsync();
        Assert.True(rest.Buffer.IsEmpty);
    }

    [Fact]
    public async Task Viewer_ended_on_purpose_whose_last_write_then_stalls_is_still_ended_by_the_stall_check()
    {
        using var viewer = _hub.Add(new ViewerOptions());
        var stalled = new TaskCompletionSource<Viewer>();
        _hub.ViewerStalled += v => stalled.TrySetResult(v);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 10, resumeWriterThreshold: 5));
        var pump = viewer.PumpAsync(pipe.Writer, _pool.Preamble, CancellationToken.None);
        _hub.Publish(_pool.Create(TestJpeg.Tagged(1)));
        await WaitUntilAsync(() => viewer.IsStalled(_time.GetTimestamp() + 1, TimeSpan.Zero));
        viewer.End(ViewerEndReason.Ended);
        Assert.False(pump.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.Same(viewer, await stalled.Task.WaitAsync(Wait));
        Assert.True(viewer.WritesAborted);
        Assert.Equal(ViewerEndReason.Ended, await pump.WaitAsync(Wait));
    }

    [Fact]
    public async Task Viewer_ended_while_waiting_for_a_frame_reports_ended()
    {
        using var viewer = _hub.Add(new ViewerOptions());
        var pipe = new Pipe();
        var pump = viewer.PumpAsync(pipe.Writer, _pool.Preamble, CancellationToken.None);
        await ReadAtLeastAsync(pipe.Reader, _pool.Preamble.Length);

        viewer.End(ViewerEndReason.Ended);

        Assert.Equal(ViewerEndReason.Ended, await pump.WaitAsync(Wait));
    }

    private static Task<byte[]> ReadAtLeastAsync(PipeReader reader, int count) =>
        ReadUntilAsync(reader, bytes => bytes.Length >= count);

    private static async Task<List<int>> ReadUntilFrameAsync(PipeReader reader, int lastId) =>
        FrameIds(await ReadUntilAsync(reader, bytes => FrameIds(bytes).Contains(lastId)));

    // Everything the reader has once it holds enough, consumed.
    private static async Task<byte[]> ReadUntilAsync(PipeReader reader, Func<byte[], bool> enough)
    {
        while (true)
        {
            var result = await reader.ReadAsync().AsTask().WaitAsync(Wait);
            var bytes = result.Buffer.ToArray();
            if (enough(bytes))
            {
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    // Completes at the viewer's next completed write, from its FrameSent event rather than by polling.
    private static Task NextWriteAsync(Viewer viewer)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var before = viewer.FramesSent;
        void OnSent(Viewer sender, TimeSpan latency)
        {
            if (sender.FramesSent > before)
            {
                written.TrySetResult();
            }
        }

        viewer.FrameSent += OnSent;
        return written.Task.WaitAsync(Wait).ContinueWith(t =>
        {
            viewer.FrameSent -= OnSent;
            t.GetAwaiter().GetResult();
        }, TaskScheduler.Default);
    }

    private static List<int> FrameIds(byte[] stream)
    {
        var ids = new List<int>();
        for (var i = 0; i + 6 <= stream.Length; i++)
        {
            if (stream[i] == 0xFF && stream[i + 1] == 0xD8 && i >= 4 && stream[i - 4] == '\r' && stream[i - 1] == '\n')
            {
                ids.Add(BitConverter.ToInt32(stream, i + 2));
            }
        }

        return ids;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Yield();
            await Task.Delay(1);
        }
    }

    // Records the token of the last write, to tell whether ending a viewer cancelled the write in flight.
    private sealed class TokenRecordingWriter(PipeWriter inner) : PipeWriter
    {
        public CancellationToken LastToken { get; private set; }

        public override void Advance(int bytes) => inner.Advance(bytes);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            LastToken = cancellationToken;
            return inner.FlushAsync(cancellationToken);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            LastToken = cancellationToken;
            return inner.WriteAsync(source, cancellationToken);
        }
    }
}
