using System.Diagnostics;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Execution;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Hosting.Settings;
using KalshiActors.Kernel;
using KalshiActors.Markets;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Portfolio;
using KalshiActors.Risk;
using KalshiActors.Simulator.Replay;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Settings;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Hosting.Backtest;

/// <summary>How one backtest runs.</summary>
public sealed record BacktestOptions
{
    /// <summary>`--strategies`: the instance ids to run (null = every enabled instance of the configuration).</summary>
    public IReadOnlyList<string>? Strategies { get; init; }

    /// <summary>`--seed`: recorded in the report; the pipeline itself draws no random numbers, generated recordings do.</summary>
    public long Seed { get; init; }

    /// <summary>Strategy parameter overrides (`--sweep`): "instance.key" for one instance, "key" for every instance run.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Journal URI (sqlite:PATH ...); null keeps the journal in memory.</summary>
    public string? JournalUri { get; init; }

    /// <summary>Called about every <see cref="ProgressEvery"/> events with (events fed, events in the recording).</summary>
    public Action<long, long>? Progress { get; init; }

    /// <summary>How many events between progress calls.</summary>
    public long ProgressEvery { get; init; } = 50_000;

    /// <summary>Where the actors log; nothing when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>`--fill-model`: the paper queue model (default) or the simulator's matching engine over the recorded books.</summary>
    public BacktestFillModel FillModel { get; init; } = BacktestFillModel.Paper;

    /// <summary>How long the actors may stay busy on one step before the run is declared stalled (wall-clock).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>
/// Runs recorded market data through the production actors — market-data supervisor with its feed, books and catalog,
/// fair-value feed actors, strategies, risk guardian, execution (routers filled against the replayed books and trades by
/// the paper queue model, or by the simulator's matching engine with <see cref="BacktestFillModel.Matching"/>) and portfolio — on a <see cref="VirtualClock"/>, into a journal.
/// The actor system is <see cref="KernelSettings.Deterministic"/>: every actor runs on the driver's thread, one turn at a
/// time in the order the turns were scheduled. The driver feeds one recorded message at a time and runs the system until
/// it is idle (<see cref="ActorSystem.RunUntilIdle"/>) before the next message and before moving the clock, so each
/// step's consequences complete before the next and the same input gives the same turns, hence the same orders.
/// </summary>
public static class BacktestRunner
{
    /// <summary>The actor system's name.</summary>
    public const string SystemName = "kalshi-actors-backtest";

    /// <summary>Runs <paramref name="recording"/> with <paramref name="configuration"/>'s module settings.</summary>
    public static async Task<BacktestResult> RunAsync(
        KalshiActorsConfiguration configuration, BacktestRecording recording, BacktestOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentNullException.ThrowIfNull(options);
        var settings = configuration.Settings;
        var strategies = SelectStrategies(settings.Strategies, options);
        var kernelReader = SettingsReader.For(configuration.Config, "kalshi-actors.kernel");
        var kernel = KernelSettingsReader.Read(kernelReader) with { Deterministic = true };
        kernelReader.ThrowIfProblems();
        var persistence = new PersistenceSettings();
        var registry = new EventRegistry();
        NodeModules.RegisterEvents(registry);
        var clock = new VirtualClock(recording.Start);
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;

        IJournalStorage storage = options.JournalUri is null
            ? new InMemoryJournalStorage()
            : await JournalStorages.OpenJournalAsync(options.JournalUri, persistence, cancellationToken).ConfigureAwait(false);
        var journal = new EventJournal(storage, registry, clock, persistence.QueryPageSize, persistence.QueryRefreshInterval);
        var snapshots = new SnapshotStore(new InMemorySnapshotStorage(), registry);
        var system = ActorSystem.Create(SystemName, kernel, clock, loggers);
        try
        {
            PersistenceExtension.Start(system, journal, snapshots, persistence);
            var feed = new ReplayMarketDataFeed();
            var fairValues = recording.FairValueSources.ToDictionary(s => s, s => new ReplayFairValueFeed(s), StringComparer.Ordinal);
            var observations = new BacktestObservations();
            var driver = new Driver(system, clock, options.StallTimeout);

            system.ActorOf(BacktestCollectorActor.Props(observations), BacktestCollectorActor.Name);
            // Unthrottled: a step is one instant of virtual time, and a throttle publishes the first change of the instant
            // at once and the rest later, so which fills a published state holds (what the strategies size against, the
            // risk guardian checks and the equity curve samples) would depend on which market's fill the thread pool
            // booked first. Publishing every change leaves the complete state of the step as the last one published.
            system.ActorOf(PortfolioProps.Create(settings.Portfolio with { PublishThrottle = TimeSpan.Zero }), ActorNames.Portfolio);
            if (options.FillModel == BacktestFillModel.Matching)
            {
                // The engine stands where the exchange would: routers call it as their gateway, fills come back on the stream.
                var matcher = new RecordedBookMatcher(clock);
                system.ActorOf(MatchingFeedActor.Props(matcher), MatchingFeedActor.Name);
                system.ActorOf(ExecutionSupervisor.Props(settings.Execution with { Mode = ExecutionMode.Live }, matcher), ActorNames.Execution);
            }
            else
            {
                system.ActorOf(ExecutionSupervisor.Props(settings.Execution with { Mode = ExecutionMode.Paper }, null), ActorNames.Execution);
            }

            system.ActorOf(RiskGuardian.Props(settings.Risk), ActorNames.RiskGuardian);
            driver.WaitIdle();
            system.ActorOf(
                MarketData.Props(new MarketDataOptions
                {
                    Settings = settings.Markets with { Markets = [.. recording.Markets.Select(m => m.Ticker.Value)] },
                    ExchangeFeed = () => feed,
                    CatalogSource = new RecordedCatalogSource(recording.Markets),
                    FairValueFeeds = [.. fairValues.Values.Select(f => new FairValueFeedRegistration(f.Name, () => f))],
                }),
                ActorNames.MarketData);
            driver.WaitIdle();
            system.ActorOf(StrategiesSupervisor.Props(strategies), ActorNames.Strategies);
            driver.WaitIdle();

            var wall = Stopwatch.StartNew();
            var ledger = new BacktestLedger();
            var curve = new EquityCurve(recording.Start);
            long fed = 0;
            long nextProgress = options.ProgressEvery;
            var steps = recording.Steps;
            for (var i = 0; i < steps.Count;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var at = steps[i].At;
                driver.AdvanceTo(at);
                Collect(observations, ledger, curve, clock);
                // One recorded message at a time, each settled before the next, in recording order even within one
                // instant: two messages in flight together (a spot price and a book delta, deltas of two markets, a
                // delta and the trade the feed publishes beside it) would reach the strategies, the risk guardian and
                // the fill model in whichever order the threads happen to run, and the run would not repeat.
                for (; i < steps.Count && steps[i].At == at; i++)
                {
                    var step = steps[i];
                    var data = step.MarketData;
                    for (var k = 0; k < data.Count; k++)
                    {
                        feed.Feed(data[k]);
                        driver.WaitIdle();
                    }

                    if (step.FairValue is { } observation)
                    {
                        fairValues[observation.Source].Feed(observation with { ReceivedAt = at });
                        driver.WaitIdle();
                    }

                    fed += step.MarketData.Count + (step.FairValue is null ? 0 : 1);
                }

                Collect(observations, ledger, curve, clock);
                if (options.Progress is { } progress && fed >= nextProgress)
                {
                    progress(fed, recording.Events);
                    nextProgress = fed + options.ProgressEvery;
                }
            }

            options.Progress?.Invoke(fed, recording.Events);
            var pipelineTime = wall.Elapsed;
            var parts = new List<StateDigestPart>();
            foreach (var (component, path) in StateDigest.Components)
            {
                var actor = driver.Await(system.ActorSelection(path).ResolveOne(TimeSpan.FromSeconds(30)), path);
                parts.Add(driver.Await(actor.Ask<StateDigestPart>(new GetStateDigestPart(), TimeSpan.FromSeconds(30), cancellationToken), path));
            }

            var portfolio = driver.Await(system.ActorSelection(ActorNames.PortfolioPath).ResolveOne(TimeSpan.FromSeconds(30)), ActorNames.PortfolioPath);
            var final = driver.Await(portfolio.Ask<PortfolioUpdated>(new GetPortfolio(), TimeSpan.FromSeconds(30), cancellationToken), ActorNames.PortfolioPath);
            Collect(observations, ledger, curve, clock);
            curve.Finish(clock.GetUtcNow(), final.Equity.Units);

            var orders = new List<OrderLifecycleEvent>();
            var decisions = new List<object>();
            await foreach (var envelope in journal.CurrentAllEvents(0, cancellationToken).ConfigureAwait(false))
            {
                switch (envelope.Event)
                {
                    case OrderLifecycleEvent order:
                        orders.Add(order);
                        break;
                    case IntentApproved or IntentRejected:
                        decisions.Add(envelope.Event);
                        break;
                }
            }

            return new BacktestResult(
                recording,
                options.Seed,
                [.. strategies.Instances.Keys.Order(StringComparer.Ordinal)],
                options.Parameters,
                settings.Portfolio.StartingCash,
                final,
                ledger,
                curve,
                orders,
                decisions.Count(d => d is IntentApproved),
                decisions.Count(d => d is IntentRejected),
                StateDigest.Compute(parts),
                fed,
                feed.SnapshotRequests,
                clock.TimersFired,
                pipelineTime)
            {
                FillModel = options.FillModel,
                ActorTurns = driver.Turns,
            };
        }
        finally
        {
            var terminated = system.Terminate();
            try
            {
                system.RunUntilIdle(TimeSpan.FromSeconds(30));
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException)
            {
                // A run that failed part-way may leave async work behind; the actors are abandoned with the system.
            }

            await terminated.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            await journal.DisposeAsync().ConfigureAwait(false);
            await snapshots.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The configured instances narrowed to <see cref="BacktestOptions.Strategies"/>, with the parameter overrides applied and checked.</summary>
    internal static StrategiesSettings SelectStrategies(StrategiesSettings configured, BacktestOptions options)
    {
        var instances = configured.Instances;
        if (options.Strategies is { } wanted)
        {
            var unknown = wanted.Where(w => !instances.ContainsKey(w)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException(
                    $"unknown strateg{(unknown.Count == 1 ? "y" : "ies")} {string.Join(", ", unknown)}; configured: {string.Join(", ", instances.Keys.Order(StringComparer.Ordinal))}");
            }

            instances = instances.Where(p => wanted.Contains(p.Key, StringComparer.Ordinal)).ToDictionary(p => p.Key, p => p.Value with { Enabled = true }, StringComparer.Ordinal);
        }
        else
        {
            instances = instances.Where(p => p.Value.Enabled).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        }

        var result = new Dictionary<string, StrategyInstanceSettings>(StringComparer.Ordinal);
        foreach (var (id, instance) in instances)
        {
            var parameters = new Dictionary<string, string>(instance.Parameters, StringComparer.Ordinal);
            foreach (var (key, value) in options.Parameters)
            {
                var dot = key.IndexOf('.', StringComparison.Ordinal);
                if (dot < 0)
                {
                    parameters[key] = value;
                }
                else if (string.Equals(key[..dot], id, StringComparison.Ordinal))
                {
                    parameters[key[(dot + 1)..]] = value;
                }
            }

            result[id] = instance with { Parameters = parameters };
        }

        foreach (var key in options.Parameters.Keys.Where(k => k.Contains('.', StringComparison.Ordinal)))
        {
            if (!result.ContainsKey(key[..key.IndexOf('.', StringComparison.Ordinal)]))
            {
                throw new ArgumentException($"parameter '{key}' names a strategy instance that does not run; running: {string.Join(", ", result.Keys.Order(StringComparer.Ordinal))}");
            }
        }

        var selected = configured with { Instances = result };
        var problems = selected.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", problems.Select(p => $"strategy {p.Id}: {p.Message}")));
        }

        return selected;
    }

    // Books the fills published since the last call in a fixed order: within one idle step, fills of different orders may
    // be published in either order (their content does not vary); one order's fills keep their order (the sort is stable).
    private static void Collect(BacktestObservations observations, BacktestLedger ledger, EquityCurve curve, VirtualClock clock)
    {
        if (!observations.Fills.IsEmpty)
        {
            var fills = new List<OrderLifecycleEvent>();
            while (observations.Fills.TryDequeue(out var fill))
            {
                fills.Add(fill);
            }

            foreach (var fill in fills.OrderBy(f => f.At).ThenBy(f => f.ClientOrderId.Value, StringComparer.Ordinal))
            {
                ledger.Record(fill);
            }
        }

        if (observations.Portfolio is { } portfolio)
        {
            curve.Sample(clock.GetUtcNow(), portfolio.Equity.Units, portfolio, ledger);
        }
    }

    // Moves the virtual clock and runs the actors until they settle.
    private sealed class Driver(ActorSystem system, VirtualClock clock, TimeSpan stallTimeout)
    {
        // Fires every timer due up to the time, one at a time with the actors settling after each, then sets the clock.
        public void AdvanceTo(DateTimeOffset at)
        {
            while (clock.TryFireNext(at))
            {
                WaitIdle();
            }
        }

        public long Turns { get; private set; }

        public void WaitIdle() => Turns += system.RunUntilIdle(stallTimeout);

        // The answer to an ask: the actors run until idle, by which time a reply has arrived or none will (the ask's
        // timeout is on the virtual clock, which does not move here).
        public T Await<T>(Task<T> asked, string path)
        {
            WaitIdle();
            if (!asked.IsCompleted)
            {
                throw new TimeoutException($"{path} did not answer the backtest driver's question although the actors are idle");
            }

            return asked.GetAwaiter().GetResult();
        }
    }
}
