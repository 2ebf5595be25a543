namespace MjpegGateway.Tls;

/// <summary>TLS log messages. Event ids 300–349.</summary>
internal static partial class TlsLog
{
    [LoggerMessage(300, LogLevel.Warning, "No TLS certificate configured (Tls:CertificatePath): using a self-signed certificate from {Path}, SHA-256 fingerprint {Fingerprint}")]
    public static partial void SelfSigned(ILogger logger, string path, string fingerprint);

    [LoggerMessage(301, LogLevel.Information, "TLS certificate loaded from {Path}: subject {Subject}, expires {NotAfter:u}, SHA-256 fingerprint {Fingerprint}")]
    public static partial void Loaded(ILogger logger, string path, string subject, DateTime notAfter, string fingerprint);

    [LoggerMessage(302, LogLevel.Error, "TLS certificate at {Path} could not be loaded; keeping the previous one")]
    public static partial void LoadFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(303, LogLevel.Warning, "TLS connections keep their idle record buffers (about 34 KB each): {Reason}. StreamingTransport:ReleaseIdleTlsBuffers=false silences this")]
    public static partial void IdleBufferReleaseUnavailable(ILogger logger, string reason);
}
