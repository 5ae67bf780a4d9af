using System.Globalization;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Hosting.Settings;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Exchange;

/// <summary>What <see cref="AuthDiagnostics.Sign"/> produced: the exact signed text and the three headers.</summary>
public sealed record SignedRequestPreview(string StringToSign, string KeyHeaderLine, string TimestampHeaderLine, string SignatureHeaderLine);

/// <summary>The outcome of an authenticated balance call: success with the balance, or a failure with the likely causes.</summary>
public sealed record AuthCheckResult(bool Succeeded, string Summary, IReadOnlyList<string> Explanations);

/// <summary>Helpers behind `auth sign` and `auth check`, for debugging a 401 without reading any key material into logs.</summary>
public static class AuthDiagnostics
{
    /// <summary>Signs <paramref name="method"/> <paramref name="path"/> at <paramref name="timestampMs"/> with the key in <paramref name="keyFile"/>.</summary>
    public static SignedRequestPreview Sign(string keyFile, string? keyId, string method, string path, long timestampMs, ILogger logger)
    {
        using var credentials = KalshiCredentials.FromFile(string.IsNullOrWhiteSpace(keyId) ? "unset" : keyId, keyFile, logger);
        var text = KalshiSignature.BuildStringToSign(timestampMs, method, path);
        var headers = credentials.Sign(method, path, new FixedClock(timestampMs));
        return new SignedRequestPreview(
            text,
            $"{KalshiSignature.KeyHeader}: {(string.IsNullOrWhiteSpace(keyId) ? "<key id not given>" : keyId)}",
            $"{KalshiSignature.TimestampHeader}: {headers.TimestampMs}",
            $"{KalshiSignature.SignatureHeader}: {headers.Signature}");
    }

    /// <summary>Calls <c>GET /portfolio/balance</c> with the configured key and explains a failure.</summary>
    public static async Task<AuthCheckResult> CheckAsync(ExchangeSettings settings, string keyId, string keyFile, TimeProvider timeProvider, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(loggers);
        using var credentials = KalshiCredentials.FromFile(keyId, keyFile, loggers.CreateLogger("KalshiActors.Exchange.Auth"));
        using var http = new HttpClient();
        await using var client = new KalshiRestClient(http, settings.Rest with { MaxRetries = 0 }, credentials, timeProvider, loggers.CreateLogger<KalshiRestClient>());
        try
        {
            var balance = await client.GetBalanceAsync(cancellationToken).ConfigureAwait(false);
            var dollars = balance.BalanceDollars ?? (balance.Balance is { } cents ? (cents / 100m).ToString("0.00", CultureInfo.InvariantCulture) : "?");
            return new AuthCheckResult(true, $"ok: {settings.Environment} ({settings.Rest.RestBaseUrl.Host}) accepted the key; available balance ${dollars}", []);
        }
        catch (KalshiApiException e)
        {
            var explanations = new List<string>();
            var skew = await ClockSkewAsync(http, settings.Rest.RestBaseUrl, timeProvider, cancellationToken).ConfigureAwait(false);
            switch (e.StatusCode)
            {
                case 401:
                    if (skew is { } s && Math.Abs(s.TotalSeconds) > 5)
                    {
                        explanations.Add($"clock skew: this machine is {s.TotalSeconds:+0;-0} s off the exchange's clock; sync it (timedatectl / NTP) and retry.");
                    }

                    explanations.Add($"wrong environment's key: keys are per environment; this call went to '{settings.Environment}' ({settings.Rest.RestBaseUrl.Host}); a demo key fails on production and the reverse.");
                    explanations.Add("key id and private key do not belong together: check the key id variable against the key file downloaded with it.");
                    explanations.Add("if your own scripts get 401: sign timestamp in milliseconds + METHOD + the path including /trade-api/v2 and without the query string (see `auth sign`).");
                    break;
                case 403:
                    explanations.Add("the key lacks a scope for the portfolio (read::portfolio_balance) or is bound to another sub-account.");
                    break;
                case 0:
                    explanations.Add($"no response from {settings.Rest.RestBaseUrl.Host}: check the network, the URL in kalshi-actors.exchange.environments, and the weekly maintenance window (Thursday 03:00-05:00 ET).");
                    break;
                default:
                    explanations.Add("the exchange refused the call for a reason other than authentication; see its message above.");
                    break;
            }

            return new AuthCheckResult(false, $"failed: HTTP {e.StatusCode} {e.ErrorCode ?? "(no code)"}: {e.ExchangeMessage}", explanations);
        }
    }

    // The server's Date header against our clock; null when the server cannot be reached.
    private static async Task<TimeSpan?> ClockSkewAsync(HttpClient http, Uri restBase, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(restBase.ToString().TrimEnd('/') + "/exchange/status"), cancellationToken).ConfigureAwait(false);
            return response.Headers.Date is { } date ? timeProvider.GetUtcNow() - date : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private sealed class FixedClock(long timestampMs) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.FromUnixTimeMilliseconds(timestampMs);
    }
}
