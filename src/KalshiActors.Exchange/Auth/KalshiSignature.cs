using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KalshiActors.Exchange.Auth;

/// <summary>
/// The exchange's request signature (PROTOCOL.md section 2): RSA-PSS with SHA-256 (MGF1 SHA-256, salt = 32 bytes) over
/// <c>timestamp_ms + METHOD + path</c>, the path from the host root without the query string. Public so the simulator verifies exactly what the client signs.
/// </summary>
public static class KalshiSignature
{
    /// <summary>Header carrying the API key id.</summary>
    public const string KeyHeader = "KALSHI-ACCESS-KEY";

    /// <summary>Header carrying the Unix-millisecond timestamp that was signed.</summary>
    public const string TimestampHeader = "KALSHI-ACCESS-TIMESTAMP";

    /// <summary>Header carrying the base64 signature.</summary>
    public const string SignatureHeader = "KALSHI-ACCESS-SIGNATURE";

    /// <summary>
    /// The exact text that is signed: timestamp in milliseconds, the upper-case method and the path cut at the first '?'.
    /// The path must start at the host root, e.g. "/trade-api/v2/portfolio/balance".
    /// </summary>
    public static string BuildStringToSign(long timestampMs, string method, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (!pathAndQuery.StartsWith('/'))
        {
            throw new ArgumentException($"the signed path must start at the host root with '/', got '{pathAndQuery}'", nameof(pathAndQuery));
        }

        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        return string.Concat(timestampMs.ToString(CultureInfo.InvariantCulture), method.ToUpperInvariant(), path);
    }

    /// <summary>Signs the text with the private key; the result is randomized (PSS), so compare by verifying, never by bytes.</summary>
    public static string Sign(RSA privateKey, string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentNullException.ThrowIfNull(stringToSign);
        var signature = privateKey.SignData(Encoding.UTF8.GetBytes(stringToSign), HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        return Convert.ToBase64String(signature);
    }

    /// <summary>Whether the base64 signature is valid for the text under the public key (what the exchange checks).</summary>
    public static bool Verify(RSA publicKey, string stringToSign, string base64Signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentNullException.ThrowIfNull(stringToSign);
        ArgumentNullException.ThrowIfNull(base64Signature);
        var signature = new byte[(base64Signature.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(base64Signature, signature, out var length))
        {
            return false;
        }

        return publicKey.VerifyData(
            Encoding.UTF8.GetBytes(stringToSign),
            signature.AsSpan(0, length),
            HashAlgorithmName.SHA256,
            RSASignaturePadding.Pss);
    }
}
