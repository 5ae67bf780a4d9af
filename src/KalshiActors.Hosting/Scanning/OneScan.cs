using System.Diagnostics;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;
using KalshiActors.Hosting.Simulator;
using KalshiActors.Markets.Scanner;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Scanning;

/// <summary>
/// One market scan outside the node (the <c>scan</c> verb): against the embedded simulator in simulator mode (started,
/// given <c>warmUp</c> for its participants to quote and trade, then stopped), else against the configured exchange's
/// public market endpoints, signed when API keys are configured. Only reads: nothing is ever sent.
/// </summary>
public static class OneScan
{
    /// <summary>Runs one scan with <c>kalshi-actors.scanner</c>'s filters and ranking.</summary>
    public static async Task<OneScanResult> RunAsync(
        KalshiActorsConfiguration configuration, Func<string, string?> lookupVariable, TimeSpan warmUp, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(lookupVariable);
        ArgumentNullException.ThrowIfNull(loggers);
        var settings = configuration.Settings;
        var exchange = settings.Exchange;
        var useSimulator = settings.Mode == RunMode.Simulator || (settings.Mode == RunMode.Paper && settings.Node.PaperMarketData == Node.PaperMarketData.Simulator);
        RunningSimulator? embedded = null;
        KalshiCredentials? credentials = null;
        try
        {
            Uri restUrl;
            string where;
            if (useSimulator && settings.Node.EmbeddedSimulator)
            {
                embedded = await EmbeddedSimulator.StartAsync(configuration, cancellationToken).ConfigureAwait(false);
                restUrl = embedded.RestBaseUrl;
                credentials = embedded.GeneratedKeyId is { } keyId && embedded.GeneratedPrivateKeyPem is { } pem ? KalshiCredentials.FromPem(keyId, pem) : null;
                where = $"embedded simulator at {restUrl.GetLeftPart(UriPartial.Authority)} after {warmUp.TotalSeconds:0.#}s of trading";
                await Task.Delay(warmUp, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                var environment = useSimulator ? "simulator" : exchange.Environment;
                restUrl = exchange.Endpoints[environment].RestUrl;
                var keyId = lookupVariable(exchange.KeyIdEnvironmentVariable);
                var keyFile = lookupVariable(exchange.KeyFileEnvironmentVariable);
                credentials = string.IsNullOrWhiteSpace(keyId) || string.IsNullOrWhiteSpace(keyFile)
                    ? null
                    : KalshiCredentials.FromFile(keyId, keyFile, loggers.CreateLogger("KalshiActors.Exchange.Auth"));
                where = $"{environment} exchange at {restUrl.Host}";
            }

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var rest = new KalshiRestClient(http, exchange.Rest with { RestBaseUrl = restUrl }, credentials, TimeProvider.System, loggers.CreateLogger<KalshiRestClient>());
            await using (rest.ConfigureAwait(false))
            {
                var clock = Stopwatch.StartNew();
                var result = await MarketScanner.RunAsync(new KalshiMarketScanSource(rest), settings.Scanner, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                return new OneScanResult(result, where, clock.Elapsed);
            }
        }
        finally
        {
            credentials?.Dispose();
            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>A scan's result, where it ran and how long the scan itself took (warm-up excluded).</summary>
public sealed record OneScanResult(ScanResult Result, string Where, TimeSpan Elapsed);
