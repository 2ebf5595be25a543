using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace MjpegGateway.Transport;

/// <summary>
/// How Kestrel's socket transport is set up for endless fan-out responses
/// (configuration section <c>StreamingTransport</c>). Measurements: docs/benchmarks.md, "Per-viewer memory".
/// </summary>
public sealed record StreamingTransportOptions
{
    /// <summary>Configuration section.</summary>
    public const string Section = "StreamingTransport";

    /// <summary>
    /// Sets Kestrel's <see cref="SocketTransportOptions.UnsafePreferInlineScheduling"/>, so that a response flush
    /// hands its bytes to the socket on the writing thread. Default true.
    /// </summary>
    /// <remarks>
    /// <para>By default Kestrel queues the socket send of every flush to one of its I/O queues, which runs as a
    /// thread-pool work item, behind whatever is queued already. A camera frame wakes every viewer's writer loop at
    /// once, so the thread pool copies the frame into all N output pipes before the first send runs: at N = 1000 that
    /// is one 38 KB frame (two under CPU pressure) per viewer held in Kestrel's pinned block pool, which keeps its peak:
    /// 40–80 MB, the largest part of the per-viewer memory. Sent inline, each frame leaves the pipe before the writer
    /// loop moves on, the pool stays under 1 MB at 1000 viewers, and the gateway spends less CPU (no hop per send).</para>
    /// <para>"Unsafe" because application continuations run where the socket operation completed instead of being
    /// dispatched: code that blocks a thread would hold up that connection's I/O. The gateway's request paths are
    /// asynchronous throughout. The runtime switch <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> stays unset,
    /// so socket completions themselves still run on the thread pool, never on the epoll thread.</para>
    /// <para>Write back-pressure is unchanged: <c>SocketTransportOptions.MaxWriteBufferSize</c> and
    /// <c>KestrelServerLimits.MaxResponseBufferSize</c> both stay at their 64 KB default (they must agree), so a slow
    /// viewer still holds at most about 64 KB plus one frame before its writes wait and its queue drops frames.</para>
    /// </remarks>
    public bool PreferInlineScheduling { get; init; } = true;

    /// <summary>
    /// Over HTTPS, sends the TLS records of one response write together (one socket send, up to 256 KiB) instead of
    /// one send per record. Default true.
    /// </summary>
    /// <remarks>
    /// Kestrel's HTTPS layer encrypts a response one pool block at a time (one record each) and flushes the socket
    /// after each record (dotnet/aspnetcore#30545): with 4 KB blocks, 11 sends per 38 KB frame against 2 over plain
    /// HTTP, and most of the gateway's CPU over TLS went to the kernel. A connection middleware under the HTTPS layer
    /// (<see cref="Tls.TlsRecordCoalescing"/>) holds back the per-record flushes until SslStream's own flush at the end
    /// of the write, or until 256 KiB are held back. Records, encryption and back-pressure are unchanged (the write
    /// still waits on the final flush); plain-HTTP connections pass through. Turn it off with
    /// <c>StreamingTransport__CoalesceTlsWrites=false</c>.
    /// </remarks>
    public bool CoalesceTlsWrites { get; init; } = true;

    /// <summary>
    /// Over HTTPS/1.x on Linux, lets OpenSSL free a connection's record buffers while the connection is idle, which
    /// between a stream's frames it is. Default true.
    /// </summary>
    /// <remarks>
    /// <para>.NET leaves OpenSSL's <c>SSL_MODE_RELEASE_BUFFERS</c> unset, so every HTTPS connection holds a 17 KB read
    /// and a 17 KB write buffer for its whole life; with it set they exist only while a record is encrypted or
    /// decrypted. docs/benchmarks.md, "Idle TLS buffers", has the memory and CPU measured with and without.</para>
    /// <para>.NET has no API for it: <see cref="Tls.IdleTlsBuffers"/> reaches the connection's OpenSSL handle, and
    /// turns itself off, with a warning (event 303), where that is not possible (a runtime that keeps the handle
    /// elsewhere). HTTP/2 connections keep their buffers. On Windows and macOS, where TLS is not OpenSSL, it does
    /// nothing.</para>
    /// </remarks>
    public bool ReleaseIdleTlsBuffers { get; init; } = true;

    /// <summary>Default for <see cref="SendBufferBytes"/>: 256 KiB.</summary>
    public const int DefaultSendBufferBytes = 256 * 1024;

    /// <summary>
    /// The kernel send buffer (<c>SO_SNDBUF</c>) of every accepted connection, in bytes; 0 leaves the kernel's
    /// auto-tuning. Default 256 KiB.
    /// </summary>
    /// <remarks>
    /// <para>Left to auto-tuning, Linux grows a connection's send buffer up to <c>net.ipv4.tcp_wmem</c>'s maximum
    /// (4 MiB by default): a viewer that stops reading pins that much kernel memory (about 107 frames of 38 KB)
    /// before its writes stall and it is found stalled, so 10,000 such viewers could pin 40 GB. A fixed buffer
    /// bounds it: Linux doubles the value for its bookkeeping, so 256 KiB pins at most 512 KiB per connection.</para>
    /// <para>256 KiB still holds several frames of a 1080p camera (100–300 KB), so a viewer on a long, fast path
    /// keeps a full window (256 KiB covers 20 Mbit/s at 100 ms round trip, far above one camera stream);
    /// docs/benchmarks.md, "Kernel send buffer", has the measured throughput and stall-detection time.</para>
    /// </remarks>
    public int SendBufferBytes { get; init; } = DefaultSendBufferBytes;

    /// <summary>Default for <see cref="PoolBlockBytes"/>: 16 KiB.</summary>
    public const int DefaultPoolBlockBytes = 16 * 1024;

    /// <summary>
    /// The block size of the gateway's memory pool for responses and outgoing TLS records, in bytes; 0 keeps Kestrel's
    /// own pool of 4 KB blocks for everything. Allowed: 0, or 4096 to 1 MiB. Default 16 KiB.
    /// </summary>
    /// <remarks>
    /// <para>Every response write is copied into the connection's pipe in blocks of this size, and each block is one
    /// rent and return, one pipe segment, one entry of the socket send's gather list and, over HTTPS, one TLS record
    /// and one encryption call (Kestrel's HTTPS layer writes each segment to SslStream on its own). A 90 KB frame is 23
    /// of each with 4 KB blocks and 6 with 16 KB ones; 16 KB is also the largest TLS record, so HTTPS gains nothing
    /// from larger blocks. docs/benchmarks.md, "Issue 10", has the measurement.</para>
    /// <para>Memory: a block is held only while its bytes wait in a pipe; a connection's smallest buffer (a 1-byte
    /// chunk) occupies a whole block while it waits. Blocks left unused for 10 s are released, as Kestrel's pool does.
    /// What the socket's receive loop asks for (4 KB) gets a 4 KB block (<see cref="TransportMemoryPool"/>): a viewer
    /// never sends after its request, and the receive its connection leaves posted often keeps its block for the
    /// connection's life. What is written straight into the socket transport's pipe also goes in 4 KB blocks, as with
    /// Kestrel's pool: plain HTTP responses when <see cref="ZeroCopyPlainHttp"/> is off, and TLS records when
    /// <see cref="CoalesceTlsWrites"/> is off. Kestrel's own pool counts its blocks in meter
    /// <c>Microsoft.AspNetCore.MemoryPool</c>; this one does not.</para>
    /// </remarks>
    public int PoolBlockBytes { get; init; } = DefaultPoolBlockBytes;

    /// <summary>
    /// Over plain HTTP/1.1, sends each frame of a stream from the camera's shared frame buffer straight to the
    /// connection's socket, as one chunk of the response, instead of through Kestrel's response pipe. Default true.
    /// </summary>
    /// <remarks>
    /// <para>Through the response pipe, Kestrel copies every frame into every connection's own pipe blocks before the
    /// kernel copies it again into the socket: at 1000 viewers of a 90 KB camera that is 90 MB of copies per frame,
    /// and the kernel then reads 1000 cache-cold copies instead of one shared buffer. Half the CPU the gateway spent
    /// above a plain C fan-out server was that copy and the managed write path around it (docs/benchmarks.md,
    /// "Zero-copy sends over plain HTTP").</para>
    /// <para>How: <see cref="ZeroCopyConnection"/> takes the sends of every plain connection from the socket transport
    /// (Kestrel still parses requests and writes every response head and every other response), and a stream's frames
    /// are handed to the socket after its head. Viewer queues, the stall watchdog, back-pressure (a send waits for the
    /// socket) and whole parts are kept; a viewer ended on purpose finishes the frame it is sending. TLS, HTTP/2 and
    /// HTTP/1.0 streams keep the response pipe, as does every stream when this is false.
    /// <see cref="Mjpeg.Fanout.ViewerOptions.WriteSliceBytes"/> does not apply to this path: it copies nothing.</para>
    /// </remarks>
    public bool ZeroCopyPlainHttp { get; init; } = true;
}
