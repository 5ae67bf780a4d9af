using System.Text;
using System.Text.RegularExpressions;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.WebSocket;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench exchange`: how fast the exchange client parses a recorded WebSocket stream. Each workload is one entry of
/// <see cref="Workloads"/>, so the simulator's matching throughput joins as one more line.
/// </summary>
public sealed partial class ExchangeBenchSuite : IBenchSuite
{
    // Shape of the current orderbook_delta frame (PROTOCOL.md 7.5), used when the recorded fixtures are not beside the build.
    private const string DocumentedDelta =
        """{"type":"orderbook_delta","sid":1,"seq":2,"msg":{"market_ticker":"KXBTC15M-26AUG132115-15","market_id":"5f0c7a2e-3b1d-4c8e-9a40-6d2b1e7f9c11","price_dollars":"0.4900","delta_fp":"-35.50","side":"yes","ts":"2026-08-14T01:05:12.345Z","ts_ms":1786669512345}}""";

    /// <inheritdoc />
    public string Name => "exchange";

    /// <inheritdoc />
    public string Description => "WebSocket order-book message parsing rate of the exchange client";

    /// <summary>The workloads in print order: a figure key and how to measure it.</summary>
    internal static IReadOnlyList<(string Key, Func<BenchOptions, CancellationToken, double> Measure)> Workloads { get; } =
    [
        ("ws_orderbook_delta_msgs_per_s", MeasureOrderbookDeltaParsing),
        ("sim_matching_orders_per_s", SimulatorMatchingBench.Measure),
    ];

    /// <inheritdoc />
    public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Task.Run<IReadOnlyList<BenchFigure>>(
            () => [.. Workloads.Select(w => new BenchFigure(w.Key, w.Measure(options, cancellationToken)))],
            cancellationToken);
    }

    /// <summary>Decodes a stream of orderbook_delta frames on one thread, best of three timed passes after a warm-up.</summary>
    internal static double MeasureOrderbookDeltaParsing(BenchOptions options, CancellationToken cancellationToken)
    {
        var (templates, source) = LoadDeltaTemplates();
        options.Progress.WriteLine($"exchange: orderbook_delta frames from {source}");
        var count = options.Quick ? 50_000 : 1_000_000;
        var frames = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            // Consecutive sequence numbers, so the decoder's gap check runs on its normal (no-gap) path.
            frames[i] = Encoding.UTF8.GetBytes(SeqPattern().Replace(templates[i % templates.Count], $"\"seq\":{i + 2}", 1));
        }

        var snapshot = Encoding.UTF8.GetBytes("""{"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"KXBTC15M-26AUG132115-15","market_id":"m"}}""");
        var best = 0d;
        for (var pass = 0; pass < 4; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var decoder = new KalshiStreamDecoder(noLevelsInYesPrices: false);
            var events = new List<MarketDataEvent>(4);
            decoder.Decode(snapshot, events);
            events.Clear();
            var deltas = 0;
            var gaps = 0;
            var start = TimeProvider.System.GetTimestamp();
            foreach (var frame in frames)
            {
                decoder.Decode(frame, events);
                foreach (var decoded in events)
                {
                    deltas += decoded is BookDeltaReceived ? 1 : 0;
                    gaps += decoded is SequenceGapDetected ? 1 : 0;
                }

                events.Clear();
            }

            var elapsed = TimeProvider.System.GetElapsedTime(start);
            if (deltas != count || gaps != 0)
            {
                throw new InvalidOperationException($"the bench stream decoded to {deltas} deltas and {gaps} gaps; expected {count} and none");
            }

            var rate = count / elapsed.TotalSeconds;
            if (pass > 0)
            {
                best = Math.Max(best, rate);
                options.Progress.WriteLine($"exchange: pass {pass}: {rate:N0} orderbook_delta msgs/s");
            }
        }

        return best;
    }

    private static (List<string> Templates, string Source) LoadDeltaTemplates()
    {
        var fixtures = FindFixtures();
        if (fixtures is not null)
        {
            var lines = Directory.EnumerateFiles(fixtures, "*.jsonl", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .SelectMany(File.ReadLines)
                .Where(l => l.Contains("\"type\":\"orderbook_delta\"", StringComparison.Ordinal) && l.Contains("\"delta_fp\"", StringComparison.Ordinal))
                .ToList();
            if (lines.Count > 0)
            {
                return (lines, $"{lines.Count} fixture frames in {fixtures}");
            }
        }

        return ([DocumentedDelta], "the documented frame shape (fixtures not found; set KALSHI_ACTORS_SHARED)");
    }

    private static string? FindFixtures()
    {
        var overridden = System.Environment.GetEnvironmentVariable("KALSHI_ACTORS_SHARED");
        if (!string.IsNullOrEmpty(overridden))
        {
            var path = Path.Combine(overridden, "kalshi", "fixtures");
            return Directory.Exists(path) ? path : null;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "kalshi", "fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    [GeneratedRegex("\"seq\":[0-9]+")]
    private static partial Regex SeqPattern();
}
