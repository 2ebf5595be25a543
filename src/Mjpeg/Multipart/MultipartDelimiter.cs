using System.Buffers;
using System.Text;
using static Mjpeg.Multipart.MultipartSyntax;

namespace Mjpeg.Multipart;

/// <summary>
/// Finds and recognises the delimiter of one boundary. The boundary is kept without leading dashes,
/// so "--abc" (the RFC form for boundary=abc) and the "--" + "--abc" of boundary=--abc both match.
/// </summary>
internal sealed class MultipartDelimiter
{
    // "--" + boundary: what the search looks for; any extra dashes sit in front of it.
    private readonly byte[] _delimiter;
    private readonly byte[] _core;

    // Scratch for a delimiter split across segments: the tail of one segment joined to the head of the next.
    private readonly byte[] _window;

    public MultipartDelimiter(string boundary)
    {
        ArgumentNullException.ThrowIfNull(boundary);
        var core = boundary.TrimStart('-');
        if (core.Length == 0 || core.Length > MaxBoundaryLength || !Ascii.IsValid(core) || core.Any(char.IsControl))
        {
            throw new ArgumentException(
                $"A boundary must be 1 to {MaxBoundaryLength} printable ASCII characters besides its leading dashes.",
                nameof(boundary));
        }

        _core = Encoding.ASCII.GetBytes(core);
        _delimiter = [Dash, Dash, .. _core];
        _window = new byte[2 * (_delimiter.Length - 1)];
    }

    /// <summary>Length of "--" + boundary.</summary>
    public int Length => _delimiter.Length;

    /// <summary>
    /// Most bytes of a delimiter line that <see cref="Match"/> can answer NeedMoreData on: every extra dash,
    /// "--" + boundary, all the padding it tolerates. Bounded by the syntax limits, whatever the camera sends.
    /// </summary>
    public int MaxPendingLineBytes => MaxExtraDelimiterDashes + _delimiter.Length + MaxDelimiterPaddingBytes;

    /// <summary>
    /// Offset of the first "--boundary" starting at or after <paramref name="start"/>, or -1.
    /// Each segment is searched with the vectorised span search; a match split across segments is
    /// caught by joining the segment's last Length-1 bytes with the next Length-1 bytes.
    /// </summary>
    public long IndexOf(in ReadOnlySequence<byte> sequence, long start, ref long bytesScanned)
    {
        if (start < 0 || sequence.Length - start < _delimiter.Length)
        {
            return -1;
        }

        var rest = sequence.Slice(start);
        long restOffset = 0;
        var position = rest.Start;
        while (rest.TryGet(ref position, out var memory))
        {
            var span = memory.Span;
            if (span.IsEmpty)
            {
                continue;
            }

            int index = span.IndexOf(_delimiter);
            if (index >= 0)
            {
                bytesScanned += index + _delimiter.Length;
                return start + restOffset + index;
            }

            bytesScanned += span.Length;
            restOffset += span.Length;
            if (restOffset < rest.Length)
            {
                int tail = Math.Min(span.Length, _delimiter.Length - 1);
                var following = rest.Slice(position);
                int take = (int)Math.Min(following.Length, _delimiter.Length - 1);
                var window = _window.AsSpan(0, tail + take);
                span[^tail..].CopyTo(window);
                following.Slice(0, take).CopyTo(window[tail..]);
                int split = window.IndexOf(_delimiter);
                if (split >= 0 && split < tail)
                {
                    return start + restOffset - tail + split;
                }
            }
        }

        return -1;
    }

    /// <summary>
    /// Recognises a delimiter line at <paramref name="offset"/>: two or more dashes, the boundary, then
    /// either "--" (close) or optional whitespace and LF. <paramref name="end"/> is the offset just past it.
    /// Every wait is bounded by the syntax limits, so NeedMoreData never pins unbounded memory.
    /// </summary>
    public DelimiterMatch Match(in ReadOnlySequence<byte> sequence, long offset, out long end)
    {
        end = 0;
        var reader = new SequenceReader<byte>(sequence.Slice(offset));

        long dashes = reader.AdvancePast(Dash);
        if (dashes > DelimiterDashCount + MaxExtraDelimiterDashes)
        {
            return DelimiterMatch.NoMatch;
        }

        if (reader.End)
        {
            return DelimiterMatch.NeedMoreData;
        }

        if (dashes < DelimiterDashCount)
        {
            return DelimiterMatch.NoMatch;
        }

        if (reader.Remaining < _core.Length)
        {
            Span<byte> partial = stackalloc byte[(int)reader.Remaining];
            reader.TryCopyTo(partial);
            return _core.AsSpan().StartsWith(partial) ? DelimiterMatch.NeedMoreData : DelimiterMatch.NoMatch;
        }

        if (!reader.IsNext(_core, advancePast: true))
        {
            return DelimiterMatch.NoMatch;
        }

        if (!reader.TryPeek(out byte next))
        {
            return DelimiterMatch.NeedMoreData;
        }

        if (next == Dash)
        {
            if (!reader.TryPeek(1, out byte second))
            {
                return DelimiterMatch.NeedMoreData;
            }

            if (second != Dash)
            {
                return DelimiterMatch.NoMatch;
            }

            reader.Advance(DelimiterDashCount);
            end = offset + reader.Consumed;
            return DelimiterMatch.Close;
        }

        // Transport padding; a lone CR before LF is tolerated the same way (LF-only streams need no CR).
        long padding = reader.AdvancePastAny(Space, Tab, Cr);
        if (padding > MaxDelimiterPaddingBytes)
        {
            return DelimiterMatch.NoMatch;
        }

        if (!reader.TryRead(out byte lineEnd))
        {
            return DelimiterMatch.NeedMoreData;
        }

        if (lineEnd != Lf)
        {
            return DelimiterMatch.NoMatch;
        }

        end = offset + reader.Consumed;
        return DelimiterMatch.Part;
    }

    /// <summary>
    /// Where a length-less body ends, given the offset of "--boundary" found after it: strip the
    /// extra dashes of a "----boundary" delimiter, then the LF and CR that belong to the delimiter.
    /// </summary>
    public static long BodyEnd(in ReadOnlySequence<byte> sequence, long delimiterOffset)
    {
        int trailerLength = (int)Math.Min(delimiterOffset, MaxBodyTrailerBytes);
        Span<byte> trailer = stackalloc byte[MaxBodyTrailerBytes];
        trailer = trailer[..trailerLength];
        sequence.Slice(delimiterOffset - trailerLength, trailerLength).CopyTo(trailer);

        int end = trailer.Length;
        int dashesLeft = MaxExtraDelimiterDashes;
        while (end > 0 && dashesLeft > 0 && trailer[end - 1] == Dash)
        {
            end--;
            dashesLeft--;
        }

        if (end > 0 && trailer[end - 1] == Lf)
        {
            end--;
        }

        if (end > 0 && trailer[end - 1] == Cr)
        {
            end--;
        }

        return delimiterOffset - (trailer.Length - end);
    }
}
