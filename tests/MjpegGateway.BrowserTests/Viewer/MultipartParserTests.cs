using System.Text.Json;
using MjpegGateway.BrowserTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.BrowserTests.Viewer;

/// <summary>
/// The player's multipart parser (<c>/js/multipart-parser.js</c>), run in Chromium on crafted bodies: the shapes real
/// cameras send, split into chunks at every possible byte.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait(BrowserCollection.Trait, BrowserCollection.Name)]
public sealed class MultipartParserTests(ChromiumBrowser chromium)
{
    // Feeds `body` in chunks of every size from 1 to 9 bytes and whole; returns, per split, the frames seen as text.
    private const string Harness = """
        async ([boundary, body, limits]) => {
            const { MultipartParser } = await import('/js/multipart-parser.js');
            const bytes = new TextEncoder().encode(body);
            const results = [];
            for (const size of [1, 2, 3, 5, 7, 9, bytes.length]) {
                const parser = new MultipartParser(boundary, limits ?? {});
                const frames = [];
                for (let i = 0; i < bytes.length; i += size) {
                    const { count, latest } = parser.push(bytes.subarray(i, i + size));
                    if (count > 0) frames.push(new TextDecoder().decode(latest));
                }
                results.push({ whole: size === bytes.length, frames, ended: parser.ended });
            }
            return results;
        }
        """;

    [Theory]
    [InlineData("gateway layout", "--b\r\nContent-Type: image/jpeg\r\nContent-Length: 5\r\n\r\nAAAAA\r\n--b\r\nContent-Type: image/jpeg\r\nContent-Length: 3\r\n\r\nBBB\r\n--b\r\n", "AAAAA")]
    [InlineData("no Content-Length", "--b\r\nContent-Type: image/jpeg\r\n\r\nAAAAA\r\n--b\r\nContent-Type: image/jpeg\r\n\r\nBBB\r\n--b\r\n", "AAAAA")]
    [InlineData("LF-only lines", "--b\nContent-Type: image/jpeg\nContent-Length: 5\n\nAAAAA\n--b\nContent-Type: image/jpeg\n\nBBB\n--b\n", "AAAAA")]
    [InlineData("preamble and garbage", "junk\r\n--b\r\nContent-Length: 5\r\n\r\nAAAAA\r\nxyz garbage\r\n--b\r\nContent-Length: 3\r\n\r\nBBB\r\n--b\r\n", "AAAAA")]
    [InlineData("delimiter inside a sized frame", "--b\r\nContent-Length: 7\r\n\r\nA\r\n--bA\r\n--b\r\nContent-Length: 3\r\n\r\nBBB\r\n--b\r\n", "A\r\n--bA")]
    public async Task Frames_come_out_whole_however_the_body_is_split(string shape, string body, string first)
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Tls:DataPath"] = chromium.CertificateFolder });
        await using var session = await ViewerSession.OpenAsync(chromium, gateway);
        await session.OpenPageAsync();

        var results = await session.Page.EvaluateAsync<JsonElement>(Harness, new object?[] { "b", body, null });

        foreach (var result in results.EnumerateArray())
        {
            var frames = result.GetProperty("frames").EnumerateArray().Select(f => f.GetString()).ToArray();
            // A chunk that completes two frames (the whole body at once) yields only the newest.
            string[] expected = result.GetProperty("whole").GetBoolean() ? ["BBB"] : [first, "BBB"];
            Assert.True(expected.SequenceEqual(frames), $"{shape}: got {string.Join(" | ", frames)}");
        }
    }

    [Fact]
    public async Task Oversized_part_is_skipped_and_the_next_frame_still_arrives()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Tls:DataPath"] = chromium.CertificateFolder });
        await using var session = await ViewerSession.OpenAsync(chromium, gateway);
        await session.OpenPageAsync();
        var body = "--b\r\nContent-Length: 40\r\n\r\n" + new string('X', 40) + "\r\n--b\r\nContent-Length: 3\r\n\r\nBBB\r\n--b--\r\n";

        var results = await session.Page.EvaluateAsync<JsonElement>(Harness, new object?[] { "b", body, new { maxFrameBytes = 16 } });

        foreach (var result in results.EnumerateArray())
        {
            Assert.Equal(["BBB"], result.GetProperty("frames").EnumerateArray().Select(f => f.GetString()!).ToArray());
            Assert.True(result.GetProperty("ended").GetBoolean());
        }
    }
}
