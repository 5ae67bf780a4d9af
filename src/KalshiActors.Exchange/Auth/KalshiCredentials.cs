using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using KalshiActors.Domain;

namespace KalshiActors.Exchange.Auth;

/// <summary>Authentication failed locally (unreadable or malformed key) before anything was sent; the message never contains key material.</summary>
public sealed class KalshiAuthException : KalshiActorsException
{
    /// <summary>Creates the exception with a message saying what to fix.</summary>
    public KalshiAuthException(string message)
        : base(message)
    {
    }
}

/// <summary>The three authentication headers of one request.</summary>
public sealed record SignedHeaders(string KeyId, string TimestampMs, string Signature)
{
    /// <inheritdoc />
    public override string ToString() => $"SignedHeaders(timestamp {TimestampMs}, key and signature redacted)";
}

/// <summary>An API key id and its RSA private key, read once from a PEM file (PKCS#1 or PKCS#8); signs requests.</summary>
public sealed class KalshiCredentials : IDisposable
{
    private readonly RSA _privateKey;

    private KalshiCredentials(string keyId, RSA privateKey)
    {
        KeyId = keyId;
        _privateKey = privateKey;
    }

    /// <summary>The API key id sent in <c>KALSHI-ACCESS-KEY</c>.</summary>
    internal string KeyId { get; }

    /// <summary>Creates credentials from PEM text (PKCS#1 "RSA PRIVATE KEY" or PKCS#8 "PRIVATE KEY").</summary>
    public static KalshiCredentials FromPem(string keyId, string pem)
    {
        if (string.IsNullOrWhiteSpace(keyId))
        {
            throw new KalshiAuthException("the API key id is empty; set it from the environment (KALSHI_API_KEY_ID) or its key-id file.");
        }

        ArgumentNullException.ThrowIfNull(pem);
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new KalshiAuthException(
                "the private key is not an RSA key in PEM form (expected '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN PRIVATE KEY-----'); download it again from the exchange's API keys page.");
        }

        return new KalshiCredentials(keyId.Trim(), rsa);
    }

    /// <summary>Reads the key file once; warns (without any key detail) when group or others may read it.</summary>
    public static KalshiCredentials FromFile(string keyId, string pemPath, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(pemPath);
        ArgumentNullException.ThrowIfNull(logger);
        string pem;
        try
        {
            pem = File.ReadAllText(pemPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KalshiAuthException($"the private key file '{pemPath}' cannot be read ({e.GetType().Name}); check the path and its permissions.");
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(pemPath);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                Log.KeyFileTooOpen(logger, pemPath);
            }
        }

        return FromPem(keyId, pem);
    }

    /// <summary>Signs one request: the timestamp comes from <paramref name="timeProvider"/>, the path is cut at '?'.</summary>
    public SignedHeaders Sign(string method, string pathAndQuery, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var text = KalshiSignature.BuildStringToSign(timestamp, method, pathAndQuery);
        return new SignedHeaders(KeyId, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), KalshiSignature.Sign(_privateKey, text));
    }

    /// <summary>The public half, for verification in tests and by the simulator's configuration.</summary>
    public string ExportPublicKeyPem() => _privateKey.ExportSubjectPublicKeyInfoPem();

    /// <inheritdoc />
    public void Dispose() => _privateKey.Dispose();

    /// <inheritdoc />
    public override string ToString() => "KalshiCredentials(redacted)";
}

/// <summary>Log messages of the auth area (source-generated, structured).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Private key file {KeyPath} is readable or writable by group or others; restrict it with chmod 600")]
    public static partial void KeyFileTooOpen(ILogger logger, string keyPath);
}
