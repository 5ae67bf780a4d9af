using System.Security.Cryptography;
using KalshiActors.Exchange.Auth;

namespace KalshiActors.Cli.Tests;

public sealed class AuthCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task AuthSign_prints_string_to_sign_and_headers_that_verify()
    {
        using var rsa = RSA.Create(2048);
        var keyFile = _temp.Write("key.pem", rsa.ExportRSAPrivateKeyPem());
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = await CliRun.RunAsync(
            ["auth", "sign", "--key-file", keyFile, "--method", "get", "--path", "/trade-api/v2/portfolio/orders?limit=5", "--timestamp", "1703123456789", "--key-id", "kid"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("string to sign: 1703123456789GET/trade-api/v2/portfolio/orders", lines[0]);
        Assert.Equal("KALSHI-ACCESS-KEY: kid", lines[1]);
        Assert.Equal("KALSHI-ACCESS-TIMESTAMP: 1703123456789", lines[2]);
        var signature = lines[3]["KALSHI-ACCESS-SIGNATURE: ".Length..];
        Assert.True(KalshiSignature.Verify(rsa, "1703123456789GET/trade-api/v2/portfolio/orders", signature));
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task AuthSign_missing_key_file_is_usage_error()
    {
        var result = await CliRun.RunAsync(["auth", "sign", "--key-file", Path.Combine(_temp.Path, "nope.pem"), "--method", "GET", "--path", "/trade-api/v2/x"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("file not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthCheck_without_credential_variables_is_usage_error_naming_them()
    {
        var result = await CliRun.RunAsync(["auth", "check"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("KALSHI_API_KEY_ID", result.Error, StringComparison.Ordinal);
        Assert.Contains("KALSHI_PRIVATE_KEY_FILE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthCheck_unreachable_exchange_fails_with_explanation()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var rsa = RSA.Create(2048);
        var keyFile = _temp.Write("key.pem", rsa.ExportPkcs8PrivateKeyPem());
        var config = _temp.Write("sim.conf", $"kalshi-actors.exchange.environments.simulator.rest-url = \"http://127.0.0.1:{port}/trade-api/v2\"");
        var result = await CliRun.RunAsync(
            ["auth", "check", "--exchange", "simulator", "--config", config],
            new Dictionary<string, string> { ["KALSHI_API_KEY_ID"] = "kid", ["KALSHI_PRIVATE_KEY_FILE"] = keyFile });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("failed: HTTP 0 network_error", result.Out, StringComparison.Ordinal);
        Assert.Contains("likely cause: no response from 127.0.0.1", result.Out, StringComparison.Ordinal);
    }
}
