using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MjpegGateway.CameraSimulator.Auth;

/// <summary>
/// Self-validating Digest nonces: issue time plus a truncated HMAC of it under a per-simulator random key,
/// so no nonce table is kept and a forged or altered nonce is detected.
/// </summary>
internal sealed class DigestNonce(TimeProvider timeProvider)
{
    /// <summary>How long a nonce is accepted; after that the challenge says <c>stale=true</c>.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const int KeyLength = 32;
    private const int TimestampLength = sizeof(long);
    private const int MacLength = 16;

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(KeyLength);

    public string Issue()
    {
        Span<byte> nonce = stackalloc byte[TimestampLength + MacLength];
        BinaryPrimitives.WriteInt64BigEndian(nonce, timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        Sign(nonce[..TimestampLength], nonce[TimestampLength..]);
        return Convert.ToHexStringLower(nonce);
    }

    public DigestNonceState Validate(string nonce)
    {
        Span<byte> bytes = stackalloc byte[TimestampLength + MacLength];
        if (nonce.Length != bytes.Length * 2
            || Convert.FromHexString(nonce, bytes, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != bytes.Length)
        {
            return DigestNonceState.Invalid;
        }

        Span<byte> expectedMac = stackalloc byte[MacLength];
        Sign(bytes[..TimestampLength], expectedMac);
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, bytes[TimestampLength..]))
        {
            return DigestNonceState.Invalid;
        }

        var issued = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes));
        return timeProvider.GetUtcNow() - issued > Lifetime ? DigestNonceState.Expired : DigestNonceState.Fresh;
    }

    private void Sign(ReadOnlySpan<byte> timestamp, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, timestamp, full);
        full[..MacLength].CopyTo(mac);
    }
}
