namespace MjpegGateway.WebViewer;

/// <summary>Answer of <c>POST /demo/sign-in</c>: a viewer token for the demo cameras.</summary>
internal sealed record DemoSignInResponse(string Token, DateTimeOffset ExpiresAt, IReadOnlyList<string> Cameras);
