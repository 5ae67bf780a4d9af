using System.Diagnostics;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Portfolio;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench portfolio`: fills published on the event stream and booked (persisted, deduplicated, applied) by the portfolio
/// actor, per second, on an in-memory and on a SQLite journal; then the portfolio's recovery time on SQLite.
/// </summary>
public sealed class PortfolioBenchSuite : IBenchSuite
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <inheritdoc />
    public string Name => "portfolio";

    /// <inheritdoc />
    public string Description => "portfolio actor: fills booked per second (memory and SQLite journal), recovery of the booked fills";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var fills = options.Quick ? 1_000 : 50_000;
        var figures = new List<BenchFigure>();
        options.Progress.WriteLine($"portfolio: {fills:N0} fills over 100 markets, in-memory journal");
        var (memory, _) = await BookFillsAsync("memory:", fills, cancellationToken).ConfigureAwait(false);
        figures.Add(new("fills_booked_per_s_memory", memory));

        var temp = options.Journal is null ? Directory.CreateTempSubdirectory("kalshi-bench-portfolio-").FullName : null;
        try
        {
            var uri = options.Journal ?? "sqlite:" + Path.Combine(temp!, "bench.db");
            options.Progress.WriteLine($"portfolio: {fills:N0} fills over 100 markets, journal {JournalUri.Parse(uri)}");
            var (sqlite, recovery) = await BookFillsAsync(uri, fills, cancellationToken).ConfigureAwait(false);
            figures.Add(new("fills_booked_per_s_journal", sqlite));
            figures.Add(new("recovery_ms_journal", recovery.TotalMilliseconds));
        }
        finally
        {
            if (temp is not null)
            {
                SqliteJournalStorage.ReleasePooledConnections();
                Directory.Delete(temp, recursive: true);
            }
        }

        return figures;
    }

    private static async Task<(double FillsPerSecond, TimeSpan Recovery)> BookFillsAsync(string uri, int count, CancellationToken cancellationToken)
    {
        var settings = new PersistenceSettings { JournalUri = uri };
        var registry = PortfolioEvents.Register(new EventRegistry());
        await using var journal = new EventJournal(await JournalStorages.OpenJournalAsync(uri, settings, cancellationToken).ConfigureAwait(false), registry, TimeProvider.System);
        var system = ActorSystem.Create("bench-portfolio");
        try
        {
            PersistenceExtension.Start(system, journal, new SnapshotStore(await JournalStorages.OpenSnapshotsAsync(uri, settings, cancellationToken).ConfigureAwait(false), registry), settings);
            var portfolioSettings = new PortfolioSettings { DayBoundaryTimeZone = "UTC" };
            var portfolio = system.ActorOf(PortfolioProps.Create(portfolioSettings), ActorNames.Portfolio);

            // Recovery (empty) and start-up events are not part of the figure.
            await portfolio.Ask<PortfolioUpdated>(new GetPortfolio(), Limit, cancellationToken).ConfigureAwait(false);
            var tickers = Enumerable.Range(0, 100).Select(i => new MarketTicker($"BENCH-{i:D3}")).ToArray();
            var events = Enumerable.Range(0, count).Select(i => Fill(i, tickers[i % tickers.Length])).ToList();
            var watch = Stopwatch.StartNew();
            foreach (var fill in events)
            {
                system.EventStream.Publish(fill);
            }

            // The reply waits until every fill published before it is persisted and applied.
            var booked = await portfolio.Ask<PortfolioUpdated>(new GetPortfolio(), Limit, cancellationToken).ConfigureAwait(false);
            var elapsed = watch.Elapsed;
            if (booked.Positions.Count != tickers.Length)
            {
                throw new InvalidOperationException($"the portfolio holds {booked.Positions.Count} markets, expected {tickers.Length}");
            }

            var digest = await portfolio.Ask<StateDigestPart>(new GetStateDigestPart(), Limit, cancellationToken).ConfigureAwait(false);
            system.Stop(portfolio);
            await WaitStoppedAsync(system).ConfigureAwait(false);

            var recoveryWatch = Stopwatch.StartNew();
            // Another name: a stopped actor's name is freed only after its Terminated, which no selection can wait for;
            // the persistence id is the same, and the old incarnation has nothing left to write.
            var recovered = system.ActorOf(PortfolioProps.Create(portfolioSettings), ActorNames.Portfolio + "-recovered");
            var again = await recovered.Ask<StateDigestPart>(new GetStateDigestPart(), Limit, cancellationToken).ConfigureAwait(false);
            var recovery = recoveryWatch.Elapsed;
            if (!again.CanonicalJson.AsSpan().SequenceEqual(digest.CanonicalJson))
            {
                throw new InvalidOperationException("the recovered portfolio's digest differs from the one before the restart");
            }

            return (count / elapsed.TotalSeconds, recovery);
        }
        finally
        {
            await system.Terminate().WaitAsync(Limit, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async Task WaitStoppedAsync(ActorSystem system)
    {
        // Best effort: the stopped actor no longer resolves.
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < Limit)
        {
            try
            {
                await system.ActorSelection(ActorNames.PortfolioPath).ResolveOne(TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
                await Task.Delay(5).ConfigureAwait(false);
            }
            catch (ActorNotFoundException)
            {
                return;
            }
        }
    }

    // Alternating buys and sells of both legs so fills open, add to, close and flip positions.
    private static OrderFilled Fill(int i, MarketTicker ticker)
    {
        var side = (i / 100) % 3 == 0 ? Side.No : Side.Yes;
        var action = (i / 200) % 2 == 0 ? Action.Buy : Action.Sell;
        var price = Price.FromUnits(1_000 + ((i * 37) % 8_000));
        var count = Quantity.FromUnits(100 + ((i * 13) % 900));
        var tradeId = $"bench-{i}";
        return new OrderFilled(
            new ClientOrderId("c-" + tradeId), new OrderId("o-" + tradeId), ticker, tradeId, "bench", side, action, price, count,
            Money.FromUnits(i % 50), true, count, DateTimeOffset.UnixEpoch);
    }
}
