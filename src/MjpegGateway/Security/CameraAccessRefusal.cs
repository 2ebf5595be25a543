namespace MjpegGateway.Security;

/// <summary>A refused camera request: the problem details to answer with and a short reason for the audit line.</summary>
public sealed record CameraAccessRefusal(IResult Problem, string Reason);
