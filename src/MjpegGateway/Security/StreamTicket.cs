namespace MjpegGateway.Security;

/// <summary>What an issued ticket stands for: one start of one camera's stream or snapshot, by one subject.</summary>
public sealed record StreamTicket(string CameraId, string Subject, DateTimeOffset ExpiresAt, DateTimeOffset CredentialExpiresAt);
