using System.Diagnostics;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Markets.Scanner;
using KalshiActors.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench scanner`: the market scan's own cost (filters, history, ranking) over an in-memory listing of thousands of
/// markets, and one scan of the simulator's markets through the real REST client and its rate limiter.
/// </summary>
public sealed class ScannerBenchSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "scanner";

    /// <inheritdoc />
    public string Description => "market scan: markets ranked per second in memory, and a scan of the simulator over REST";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var figures = new List<BenchFigure>();
        var markets = options.Quick ? 2_000 : 20_000;
        var source = new SyntheticScanSource(markets);
        var settings = ScannerSettings.Default;
        var best = TimeSpan.MaxValue;
        ScanResult? result = null;
        for (var pass = 0; pass < 4; pass++)
        {
            var clock = Stopwatch.StartNew();
            result = await MarketScanner.RunAsync(source, settings, SyntheticScanSource.Clock, cancellationToken).ConfigureAwait(false);
            if (pass > 0 && clock.Elapsed < best)
            {
                best = clock.Elapsed;
            }
        }

        options.Progress.WriteLine($"scanner: {markets} synthetic markets, {result!.Scan.Ranked.Count} ranked, best pass {best.TotalMilliseconds:0.0} ms");
        figures.Add(new BenchFigure("scan_memory_markets", markets));
        figures.Add(new BenchFigure("scan_memory_markets_per_s", markets / best.TotalSeconds));
        figures.Add(new BenchFigure("scan_memory_requests", result.Statistics.Requests));

        await using var server = await SimulatorServer.StartAsync(new SimulatorSettings(), cancellationToken: cancellationToken).ConfigureAwait(false);
        using var credentials = KalshiCredentials.FromPem(server.GeneratedKey!.KeyId, server.GeneratedKey.PrivateKeyPem);
        using var http = new HttpClient();
        var rest = new KalshiRestClient(http, new KalshiRestClientOptions { RestBaseUrl = server.RestBaseUrl }, credentials, TimeProvider.System, NullLogger<KalshiRestClient>.Instance);
        await using (rest.ConfigureAwait(false))
        {
            // The simulator's participants need a moment to quote and trade before there is anything to rank.
            await Task.Delay(options.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
            var scanSource = new KalshiMarketScanSource(rest);
            var simBest = TimeSpan.MaxValue;
            ScanResult? simResult = null;
            for (var pass = 0; pass < 3; pass++)
            {
                var clock = Stopwatch.StartNew();
                simResult = await MarketScanner.RunAsync(scanSource, settings, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                if (pass > 0 && clock.Elapsed < simBest)
                {
                    simBest = clock.Elapsed;
                }
            }

            options.Progress.WriteLine($"scanner: simulator {simResult!.Scan.MarketsScanned} markets, {simResult.Scan.Ranked.Count} ranked, {simResult.Statistics.Requests} requests, best {simBest.TotalMilliseconds:0.0} ms");
            figures.Add(new BenchFigure("scan_sim_markets", simResult.Scan.MarketsScanned));
            figures.Add(new BenchFigure("scan_sim_requests", simResult.Statistics.Requests));
            figures.Add(new BenchFigure("scan_sim_ms", simBest.TotalMilliseconds));
            figures.Add(new BenchFigure("scan_sim_requests_per_s", simResult.Statistics.Requests / simBest.TotalSeconds));
        }

        return figures;
    }

    /// <summary>Listings with varied quotes, volumes and closes, 1,000 a page (the exchange's largest), and a day of hourly history each.</summary>
    private sealed class SyntheticScanSource(int count) : IMarketScanSource
    {
        public static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

        private const int PageSize = 1_000;

        private readonly List<MarketListing> _listings = [.. Enumerable.Range(0, count).Select(Listing)];

        private readonly IReadOnlyList<PricePoint> _history =
            [.. Enumerable.Range(0, 24 * 8).Select(h => new PricePoint(Clock.GetUtcNow().AddHours(-h), Price.FromUnits(3_000 + (h * 10 % 4_000))))];

        public Task<MarketListingPage> GetOpenMarketsPageAsync(string? cursor, CancellationToken cancellationToken)
        {
            var start = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
            var next = start + PageSize < _listings.Count ? (start + PageSize).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new MarketListingPage(_listings.GetRange(start, Math.Min(PageSize, _listings.Count - start)), next));
        }

        public Task<IReadOnlyList<PricePoint>> GetPriceHistoryAsync(MarketTicker ticker, SeriesTicker series, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
            Task.FromResult(_history);

        public Task<DateTimeOffset?> GetLastTradeTimeAsync(MarketTicker ticker, CancellationToken cancellationToken) =>
            Task.FromResult<DateTimeOffset?>(Clock.GetUtcNow().AddMinutes(-(ticker.Value.Length * 7)));

        private static MarketListing Listing(int i)
        {
            var bid = 500 + (i * 37 % 9_000);
            var ask = Math.Min(9_999, bid + 100 + (i % 7 * 100));
            return new MarketListing(
                new MarketTicker($"KXBENCH-{i / 10}-{i}"),
                new EventTicker($"KXBENCH-{i / 10}"),
                new SeriesTicker("KXBENCH"),
                "bench",
                null,
                Clock.GetUtcNow().AddHours(1 + (i % 500)),
                Price.FromUnits(bid),
                Quantity.FromContracts(10 + (i % 50)),
                Price.FromUnits(ask),
                Quantity.FromContracts(5 + (i % 30)),
                Price.FromUnits(bid),
                Price.FromUnits(Math.Min(9_900, bid + 500)),
                Quantity.FromContracts(i % 20_000),
                Quantity.FromContracts(i % 5_000));
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
