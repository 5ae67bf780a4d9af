using System.Diagnostics;
using System.Security.Cryptography;
using KalshiActors.Exchange.Auth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Exchange.Tests.Auth;

public sealed class SignatureTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kalshi-auth-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("GET", "/trade-api/v2/portfolio/orders?limit=5", "1703123456789GET/trade-api/v2/portfolio/orders")]
    [InlineData("post", "/trade-api/v2/portfolio/events/orders", "1703123456789POST/trade-api/v2/portfolio/events/orders")]
    [InlineData("GET", "/trade-api/ws/v2", "1703123456789GET/trade-api/ws/v2")]
    public void BuildStringToSign_concatenates_ms_method_and_path_without_query(string method, string path, string expected) =>
        Assert.Equal(expected, KalshiSignature.BuildStringToSign(1703123456789, method, path));

    [Fact]
    public void BuildStringToSign_path_without_leading_slash_is_rejected() =>
        Assert.Throws<ArgumentException>(() => KalshiSignature.BuildStringToSign(1, "GET", "trade-api/v2/markets"));

    [Theory]
    [InlineData("pkcs8", new string[] { "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out" })]
    [InlineData("pkcs1", new string[] { "genrsa", "-traditional", "-out" })]
    public void Sign_signature_verifies_with_openssl_cli(string kind, string[] generate)
    {
        var keyPath = Path.Combine(_directory, $"{kind}.pem");
        RunOpenSsl([.. generate, keyPath, .. kind == "pkcs1" ? new[] { "2048" } : []]);
        var header = File.ReadLines(keyPath).First();
        Assert.Equal(kind == "pkcs1" ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN PRIVATE KEY-----", header);
        var publicPath = Path.Combine(_directory, $"{kind}.pub.pem");
        RunOpenSsl(["pkey", "-in", keyPath, "-pubout", "-out", publicPath]);

        using var credentials = KalshiCredentials.FromPem("key-id", File.ReadAllText(keyPath));
        var clock = new Support.ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1703123456789));
        var headers = credentials.Sign("GET", "/trade-api/v2/portfolio/balance?subaccount=0", clock);
        Assert.Equal("1703123456789", headers.TimestampMs);

        var messagePath = Path.Combine(_directory, "message.txt");
        var signaturePath = Path.Combine(_directory, "signature.bin");
        File.WriteAllText(messagePath, "1703123456789GET/trade-api/v2/portfolio/balance");
        File.WriteAllBytes(signaturePath, Convert.FromBase64String(headers.Signature));
        var output = RunOpenSsl(
        [
            "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32", "-sigopt", "rsa_mgf1_md:sha256",
            "-verify", publicPath, "-signature", signaturePath, messagePath,
        ]);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);

        // The same check must reject a signature over a different path (e.g. one signed with the query string).
        File.WriteAllText(messagePath, "1703123456789GET/trade-api/v2/portfolio/balance?subaccount=0");
        Assert.Throws<InvalidOperationException>(() => RunOpenSsl(
        [
            "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32",
            "-verify", publicPath, "-signature", signaturePath, messagePath,
        ]));
    }

    [Fact]
    public void Verify_accepts_own_signature_and_rejects_tampered_text()
    {
        using var rsa = RSA.Create(2048);
        using var credentials = KalshiCredentials.FromPem("k", rsa.ExportPkcs8PrivateKeyPem());
        var headers = credentials.Sign("DELETE", "/trade-api/v2/portfolio/events/orders/abc", TimeProvider.System);
        var text = KalshiSignature.BuildStringToSign(long.Parse(headers.TimestampMs, System.Globalization.CultureInfo.InvariantCulture), "DELETE", "/trade-api/v2/portfolio/events/orders/abc");
        Assert.True(KalshiSignature.Verify(rsa, text, headers.Signature));
        Assert.False(KalshiSignature.Verify(rsa, text + "x", headers.Signature));
        Assert.False(KalshiSignature.Verify(rsa, text, "not base64!"));
    }

    [Fact]
    public void FromPem_malformed_key_throws_without_echoing_key_material()
    {
        const string bogus = "-----BEGIN RSA PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END RSA PRIVATE KEY-----";
        var error = Assert.Throws<KalshiAuthException>(() => KalshiCredentials.FromPem("id", bogus));
        Assert.DoesNotContain("U0VDUkVU", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void FromFile_group_readable_key_logs_warning_without_key_content()
    {
        using var rsa = RSA.Create(2048);
        var pem = rsa.ExportRSAPrivateKeyPem();
        var path = Path.Combine(_directory, "open.pem");
        File.WriteAllText(path, pem);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var logger = new RecordingLogger();
        using (KalshiCredentials.FromFile("id", path, logger))
        {
        }

        var warning = Assert.Single(logger.Messages);
        Assert.Contains("chmod 600", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", warning, StringComparison.Ordinal);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var quiet = new RecordingLogger();
        using (KalshiCredentials.FromFile("id", path, quiet))
        {
        }

        Assert.Empty(quiet.Messages);
    }

    [Fact]
    public void Credentials_ToString_reveals_nothing()
    {
        using var rsa = RSA.Create(2048);
        using var credentials = KalshiCredentials.FromPem("secret-key-id", rsa.ExportRSAPrivateKeyPem());
        Assert.DoesNotContain("secret-key-id", credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-key-id", credentials.Sign("GET", "/x", TimeProvider.System).ToString(), StringComparison.Ordinal);
    }

    private static string RunOpenSsl(string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} failed: {output}");
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Messages { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Messages.Add(formatter(state, exception));
    }
}
