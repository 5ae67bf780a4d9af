using System.Collections.Concurrent;
using System.Diagnostics;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Execution;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Sqlite;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench execution`: the paper order path. An approved intent goes to the execution supervisor, its market's router
/// persists OrderSubmitted, the paper exchange takes the order, and the router persists OrderAccepted. Latency is measured
/// one intent at a time (intent → OrderSubmitted published = the order has left for the exchange; intent → OrderAccepted
/// published), throughput with every intent sent at once across 100 markets. Journal: a temp SQLite file unless given.
/// </summary>
public sealed class ExecutionBenchSuite : IBenchSuite
{
    private const int Markets = 100;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <inheritdoc />
    public string Name => "execution";

    /// <inheritdoc />
    public string Description => "paper order router: intent -> order latency p50/p99/p99.9 and intents/s across 100 markets";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var temp = options.Journal is null ? Directory.CreateTempSubdirectory("kalshi-bench-execution-").FullName : null;
        var uri = options.Journal ?? "sqlite:" + Path.Combine(temp!, "bench.db");
        var latencySamples = options.Quick ? 200 : 5_000;
        var throughputIntents = options.Quick ? 500 : 20_000;
        var settings = new PersistenceSettings { JournalUri = uri };
        var run = Guid.NewGuid().ToString("N")[..8];
        try
        {
            var registry = ExecutionEvents.Register(new EventRegistry());
            await using var journal = new EventJournal(await JournalStorages.OpenJournalAsync(uri, settings, cancellationToken).ConfigureAwait(false), registry, TimeProvider.System);
            var system = ActorSystem.Create("bench-execution");
            try
            {
                PersistenceExtension.Start(
                    system, journal, new SnapshotStore(await JournalStorages.OpenSnapshotsAsync(uri, settings, cancellationToken).ConfigureAwait(false), registry), settings);
                var stamps = new ConcurrentDictionary<(ClientOrderId, bool Accepted), long>();
                var accepted = new ConcurrentQueue<ClientOrderId>();
                var waiter = new SemaphoreSlim(0);
                var probe = system.ActorOf(ExecutionBenchActor.Props(e =>
                {
                    var now = Stopwatch.GetTimestamp();
                    if (e is OrderSubmitted or OrderAccepted)
                    {
                        stamps[(e.ClientOrderId, e is OrderAccepted)] = now;
                    }

                    if (e is OrderAccepted)
                    {
                        accepted.Enqueue(e.ClientOrderId);
                        waiter.Release();
                    }
                }));
                await probe.Ask<ExecutionBenchActor.Ping>(ExecutionBenchActor.Ping.Instance, Limit).ConfigureAwait(false);
                var execution = system.ActorOf(ExecutionSupervisor.Props(new ExecutionSettings { Mode = ExecutionMode.Paper }, null), ActorNames.Execution);
                await execution.Ask<StateDigestPart>(new GetStateDigestPart(), Limit).ConfigureAwait(false);
                var tickers = Enumerable.Range(0, Markets).Select(i => new MarketTicker($"KXBENCH-{run}-{i}")).ToList();
                foreach (var ticker in tickers)
                {
                    system.EventStream.Publish(Book(ticker));
                }

                // Warm-up (JIT, router creation and recovery of every market) outside the figures.
                options.Progress.WriteLine($"execution: warm-up, one intent per market on {Markets} markets (journal {JournalUri.Parse(uri)})");
                var number = 0L;
                foreach (var ticker in tickers)
                {
                    execution.Tell(Intent(run, ticker, ++number));
                }

                await WaitAsync(waiter, Markets).ConfigureAwait(false);

                options.Progress.WriteLine($"execution: latency, {latencySamples:N0} intents one at a time");
                var toOrder = new double[latencySamples];
                var toAccepted = new double[latencySamples];
                for (var i = 0; i < latencySamples; i++)
                {
                    var intent = Intent(run, tickers[i % Markets], ++number);
                    var id = intent.Intent.IntentId.ToClientOrderId(0);
                    var start = Stopwatch.GetTimestamp();
                    execution.Tell(intent);
                    await WaitAsync(waiter, 1).ConfigureAwait(false);
                    toOrder[i] = Stopwatch.GetElapsedTime(start, stamps[(id, false)]).TotalMicroseconds;
                    toAccepted[i] = Stopwatch.GetElapsedTime(start, stamps[(id, true)]).TotalMicroseconds;
                }

                options.Progress.WriteLine($"execution: throughput, {throughputIntents:N0} intents at once across {Markets} markets");
                var watch = Stopwatch.StartNew();
                for (var i = 0; i < throughputIntents; i++)
                {
                    execution.Tell(Intent(run, tickers[i % Markets], ++number));
                }

                await WaitAsync(waiter, throughputIntents).ConfigureAwait(false);
                var perSecond = throughputIntents / watch.Elapsed.TotalSeconds;
                Array.Sort(toOrder);
                Array.Sort(toAccepted);
                var figures = new List<BenchFigure>
                {
                    new("intent_to_order_p50_us", Math.Round(Percentile(toOrder, 0.50), 1)),
                    new("intent_to_order_p99_us", Math.Round(Percentile(toOrder, 0.99), 1)),
                    new("intent_to_order_p999_us", Math.Round(Percentile(toOrder, 0.999), 1)),
                    new("intent_to_accepted_p50_us", Math.Round(Percentile(toAccepted, 0.50), 1)),
                    new("intent_to_accepted_p99_us", Math.Round(Percentile(toAccepted, 0.99), 1)),
                    new("intent_to_accepted_p999_us", Math.Round(Percentile(toAccepted, 0.999), 1)),
                    new("intents_per_s", Math.Round(perSecond)),
                };
                foreach (var f in figures)
                {
                    options.Progress.WriteLine($"  {f.Key} = {f.Value}");
                }

                return figures;
            }
            finally
            {
                await system.Terminate().WaitAsync(Limit, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            if (temp is not null)
            {
                SqliteJournalStorage.ReleasePooledConnections();
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static async Task WaitAsync(SemaphoreSlim waiter, int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!await waiter.WaitAsync(Limit).ConfigureAwait(false))
            {
                throw new TimeoutException($"no OrderAccepted within {Limit}; the paper order path is stuck");
            }
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static BookUpdated Book(MarketTicker ticker) =>
        new(
            ticker,
            1,
            new BookTop(Price.FromCents(40), Quantity.FromContracts(100), Price.FromCents(45), Quantity.FromContracts(100)),
            [new BookLevel(Price.FromCents(40), Quantity.FromContracts(100))],
            [new BookLevel(Price.FromCents(55), Quantity.FromContracts(100))],
            null,
            null,
            null,
            BookStatus.Live,
            DateTimeOffset.UtcNow,
            null);

    private static IntentApproved Intent(string run, MarketTicker ticker, long number) =>
        new(
            new OrderIntent(
                IntentId.For("bench-" + run, ticker, number),
                "bench",
                ticker,
                new EventTicker("KXBENCH-" + run),
                Side.Yes,
                Domain.Action.Buy,
                Price.FromCents(50),
                Quantity.FromContracts(1),
                ExecutionStyle.Maker,
                0.6,
                Money.FromCents(1),
                null,
                [],
                DateTimeOffset.UtcNow),
            new Dictionary<string, string>(),
            DateTimeOffset.UtcNow);
}
