namespace MjpegGateway.BrowserTests.Infrastructure;

/// <summary>A response as Chromium's network stack saw it (CDP <c>Network.responseReceived</c>).</summary>
public sealed record NetworkResponse(Uri Url, int Status, string Protocol, double ConnectionId);
