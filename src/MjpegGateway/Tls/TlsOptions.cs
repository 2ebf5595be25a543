namespace MjpegGateway.Tls;

/// <summary>HTTPS settings, section <c>Tls</c>.</summary>
public sealed class TlsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Tls";

    /// <summary>
    /// Server certificate: a PEM file (with <see cref="KeyPath"/>) or a PFX/PKCS#12 file. Re-read when the file
    /// changes, without restart. Default none: a self-signed certificate is made and kept in <see cref="DataPath"/>.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM private key for a PEM <see cref="CertificatePath"/>. Default none (key inside the PEM or PFX).</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of the PFX or of an encrypted PEM key. Secret: set it with <c>Tls__Password</c>.</summary>
    public string? Password { get; set; }

    /// <summary>Folder for the self-signed certificate. Default: <c>MjpegGateway</c> under the user's local data folder.</summary>
    public string? DataPath { get; set; }

    /// <summary>What plain-HTTP requests get. Default <see cref="PlainHttpMode.Redirect"/>.</summary>
    public PlainHttpMode PlainHttp { get; set; } = PlainHttpMode.Redirect;

    /// <summary>How often the certificate files are checked for changes, in seconds. Default 10.</summary>
    public double ReloadCheckSeconds { get; set; } = 10;
}
