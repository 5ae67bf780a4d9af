using System.Diagnostics;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench strategies`: book updates per second one strategy instance evaluates, per kind, over 99 markets round-robin
/// (every update runs the model and the edge after fees on both legs; `min-edge` is set out of reach so no signal is
/// persisted and the figure is the evaluation cost alone). Inputs as the node gives them: catalog, portfolio, spots and
/// game states on the event stream, a scan for buy-the-dip, three-outcome exclusive events for arbitrage.
/// </summary>
public sealed class StrategiesBenchSuite : IBenchSuite
{
    private const int Markets = 99;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private static readonly DateTimeOffset Epoch = DateTimeOffset.UtcNow;

    /// <inheritdoc />
    public string Name => "strategies";

    /// <inheritdoc />
    public string Description => "strategies: book updates evaluated per second by one instance of each kind";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var updates = options.Quick ? 5_000 : 500_000;
        var figures = new List<BenchFigure>();
        foreach (var (name, kind) in StrategiesSettings.KindNames.OrderBy(k => (int)k.Value))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await RunKindAsync(kind, name, updates / 10).ConfigureAwait(false);
            var perSecond = await RunKindAsync(kind, name, updates).ConfigureAwait(false);
            figures.Add(new BenchFigure(name.Replace('-', '_') + "_updates_per_s", Math.Round(perSecond)));
            options.Progress.WriteLine($"{name}: {perSecond / 1e3:F0} k book updates/s over {Markets} markets");
        }

        return figures;
    }

    private static async Task<double> RunKindAsync(StrategyKind kind, string name, int updates)
    {
        var system = ActorSystem.Create("bench-strategies");
        try
        {
            var registry = StrategiesEvents.Register(new EventRegistry());
            var journal = new EventJournal(new InMemoryJournalStorage(), registry, TimeProvider.System);
            PersistenceExtension.Start(system, journal, new SnapshotStore(new InMemorySnapshotStorage(), registry), new PersistenceSettings());
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["min-edge"] = "0.99", ["cooldown"] = "0s", ["max-feed-age"] = "1d", ["window-start"] = "0s", ["window-end"] = "15m",
                ["min-observations"] = "1", ["sample-interval"] = "0s", ["min-stdev"] = "0.000001", ["entry-z"] = "0.5", ["exit-z"] = "0.1",
                ["min-time-to-close"] = "0s", ["max-spread"] = "0.10",
            };
            var allowed = StrategyParameters.KeysOf(kind);
            var instance = new StrategyInstanceSettings("bench", kind, true, [], [],
                parameters.Where(p => allowed.Contains(p.Key, StringComparer.Ordinal)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));
            var sink = system.ActorOf(Props.Create(() => new SinkActor()), "risk-sink");
            var supervisor = system.ActorOf(StrategiesSupervisor.Props(new StrategiesSettings { Instances = new Dictionary<string, StrategyInstanceSettings> { ["bench"] = instance } }, sink), "strategies");
            await supervisor.Ask<StrategyStatus>(new GetStrategyStatus("bench"), TimeSpan.FromSeconds(30)).ConfigureAwait(false);

            var markets = MarketsOf(kind);
            var stream = system.EventStream;
            foreach (var market in markets)
            {
                stream.Publish(new MarketListed(market));
            }

            var now = DateTimeOffset.UtcNow;
            stream.Publish(new PortfolioUpdated(Money.FromDollars(10_000), Money.FromDollars(10_000), Money.FromDollars(10_000), Money.Zero, Money.Zero, Money.Zero, Money.Zero, [], now));
            stream.Publish(new SpotPriceObserved("spot", "BTC", 100_000m, now, now));
            stream.Publish(new SpotPriceObserved("spot", "BTC", 100_050m, now.AddSeconds(1), now.AddSeconds(1)));
            foreach (var game in markets.Select(m => m.EventTicker).Distinct())
            {
                stream.Publish(new GameStateObserved("game", game.Value, game, "TST", "SIM", 50, 47, 3, 4, TimeSpan.FromMinutes(6), TimeSpan.FromMinutes(12), Possession.Home, null, GamePhase.InProgress, now, now));
            }

            stream.Publish(new ScanCompleted(now, markets.Count, [.. markets.Select((m, i) => new ScannedMarket(i + 1, m.Ticker, m.EventTicker, 1_000_000 - i, null, null, null, null,
                Money.FromUnits(-1_000), null, Quantity.FromContracts(100), Quantity.FromContracts(100), Money.FromDollars(100), m.CloseTime, now))]));

            var books = markets.Select(m => m.Ticker).ToArray();
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < updates; i++)
            {
                var bid = 40 + (i / books.Length % 7);
                stream.Publish(new BookUpdated(books[i % books.Length], i, new BookTop(Price.FromCents(bid), Quantity.FromContracts(100), Price.FromCents(bid + 2), Quantity.FromContracts(100)),
                    [], [], Price.FromUnits((bid * 100) + 100), Price.FromCents(2), null, BookStatus.Live, now, now));
            }

            await supervisor.Ask<StrategyStatus>(new GetStrategyStatus("bench"), Limit).ConfigureAwait(false);
            return updates / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            await system.Terminate().WaitAsync(Limit, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static List<MarketInfo> MarketsOf(StrategyKind kind)
    {
        var markets = new List<MarketInfo>(Markets);
        for (var i = 0; i < Markets; i++)
        {
            var (ticker, eventTicker, strike, exclusive) = kind switch
            {
                StrategyKind.ExpectedValue or StrategyKind.VolatilityKelly => ($"KXBENCHBTC-E{i / 3}-T{99_000 + (1_000 * (i % 3))}", $"KXBENCHBTC-E{i / 3}", (decimal?)(99_000 + (1_000 * (i % 3))), false),
                StrategyKind.InGame => ($"KXBENCHGAME-G{i / 2}-{(i % 2 == 0 ? "TST" : "SIM")}", $"KXBENCHGAME-G{i / 2}", null, true),
                _ => ($"KXBENCH-E{i / 3}-O{i % 3}", $"KXBENCH-E{i / 3}", null, true),
            };
            var open = kind == StrategyKind.VolatilityKelly ? Epoch.AddMinutes(-5) : Epoch.AddHours(-1);
            var close = kind == StrategyKind.VolatilityKelly ? open.AddMinutes(15) : Epoch.AddDays(1);
            markets.Add(new MarketInfo(new MarketTicker(ticker), new EventTicker(eventTicker), new SeriesTicker(ticker.Split('-')[0]), ticker, "Bench", MarketState.Active,
                open, close, TickStructure.LinearCent, SeriesFeeParameters.General, strike, null, strike is null ? null : "BTC", exclusive));
        }

        return markets;
    }

    /// <summary>Stands in for the risk guardian: swallows intents (none are expected with min-edge out of reach).</summary>
    private sealed class SinkActor : ReceiveActor
    {
        public SinkActor() => ReceiveAny(_ => { });
    }
}
