namespace MjpegGateway.WebViewer;

/// <summary>Answer of <c>GET /demo</c>: whether the page may offer the demo sign-in.</summary>
internal sealed record DemoStatus(bool Enabled);
