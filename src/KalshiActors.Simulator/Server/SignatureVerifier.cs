using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace KalshiActors.Simulator.Server;

/// <summary>
/// Checks the exchange's request signature: base64 RSA-PSS/SHA-256 (salt = digest length) over
/// timestamp_ms + METHOD + path (no query), with the key id and timestamp headers (PROTOCOL.md section 2).
/// </summary>
internal sealed class SignatureVerifier(TimeProvider time, TimeSpan tolerance) : IDisposable
{
    /// <summary>Header carrying the API key id.</summary>
    public const string KeyHeader = "KALSHI-ACCESS-KEY";

    /// <summary>Header carrying Unix milliseconds.</summary>
    public const string TimestampHeader = "KALSHI-ACCESS-TIMESTAMP";

    /// <summary>Header carrying the signature.</summary>
    public const string SignatureHeader = "KALSHI-ACCESS-SIGNATURE";

    // Public keys by key id; written at start and when a key is added, read per request.
    private readonly Dictionary<string, RSA> keys = new(StringComparer.Ordinal);
    private readonly Lock sync = new();

    /// <summary>Accepts signatures made with the private half of <paramref name="publicKeyPem"/> under <paramref name="keyId"/>.</summary>
    public void Add(string keyId, string publicKeyPem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(publicKeyPem);
        lock (sync)
        {
            if (keys.Remove(keyId, out var old))
            {
                old.Dispose();
            }

            keys[keyId] = rsa;
        }
    }

    /// <summary>Verifies a request; returns the key id (the account) or a reason for a 401 that says what to fix.</summary>
    public (string? KeyId, string? Problem) Verify(string? keyId, string? timestamp, string? signature, string method, string path)
    {
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return (null, $"missing {KeyHeader}, {TimestampHeader} or {SignatureHeader} header");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return (null, $"{TimestampHeader} must be Unix time in milliseconds");
        }

        var skew = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
        if (skew.Duration() > tolerance)
        {
            return (null, $"{TimestampHeader} is {skew.TotalSeconds:0.#}s away from the exchange clock (seconds instead of milliseconds, or clock skew)");
        }

        byte[] signatureBytes;
        try
        {
            signatureBytes = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return (null, $"{SignatureHeader} is not base64");
        }

        lock (sync)
        {
            if (!keys.TryGetValue(keyId, out var rsa))
            {
                return (null, "unknown API key id (keys are per environment)");
            }

            var message = Encoding.UTF8.GetBytes(timestamp + method.ToUpperInvariant() + path);
            return rsa.VerifyData(message, signatureBytes, HashAlgorithmName.SHA256, RSASignaturePadding.Pss)
                ? (keyId, null)
                : (null, "signature does not verify: sign timestamp_ms + METHOD + full path including /trade-api/v2, without the query string");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (sync)
        {
            foreach (var rsa in keys.Values)
            {
                rsa.Dispose();
            }

            keys.Clear();
        }
    }
}
