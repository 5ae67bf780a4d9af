using System.Diagnostics;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Execution;
using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Kernel;
using KalshiActors.Markets;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Portfolio;
using KalshiActors.Risk;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Settings;
using Serilog;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench pipeline`: synthetic order-book deltas through the production actors, wired as the node wires them in paper mode:
/// exchange feed actor → order books → an expected-value strategy → risk guardian → execution (router, paper model) →
/// portfolio, every decision journaled on SQLite (a temp file with the node's default settings unless given). Latency is
/// stamped in process: when the bench hands a delta to the feed (ingress), when the intent reaches the guardian, and when
/// the router's OrderSubmitted is stored and published (the order leaves for the exchange right after).
/// </summary>
/// <remarks>
/// Each market's book rests YES bids and NO bids at 0.35-0.39 (YES ask 0.61) around a model probability of ~0.5: no edge.
/// Most deltas move a size in the top five levels (every one publishes a BookUpdated, so every one reaches the strategy,
/// the guardian, execution and the portfolio). About one delta in a hundred is a trigger: a NO bid at 0.55 (YES ask 0.45)
/// gives the YES leg an edge after fees, so the strategy sends a taker intent; the market's next delta takes it back.
/// A trigger's latency is counted for the first intent and the first order of its market after it.
/// </remarks>
public sealed class PipelineBenchSuite : IBenchSuite
{
    private const string Series = "KXBENCHPIPE";
    private const string StrategyId = "bench-ev";
    private const decimal Spot = 100_000m;
    private const int TriggerEveryRounds = 100;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StaleStamp = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    public string Name => "pipeline";

    /// <inheritdoc />
    public string Description => "book -> strategy -> risk -> router (paper) -> portfolio on SQLite: deltas/s, tick-to-intent/order p50/p99/p99.9 at 10k/s and flat out, RSS with 2,000 markets";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var markets = options.Quick ? 50 : MarketsFromEnvironment();
        // Long enough that tiered compilation has finished with the trading path before anything is measured (after
        // 200,000 the JIT's background thread still took 7-13% of the flat-out pass's CPU).
        var warmUp = options.Quick ? 2_000 : 600_000;
        var fixedRate = 10_000;
        var fixedSeconds = options.Quick ? 0.5 : 20;
        var fixedWarmUpSeconds = options.Quick ? 0.2 : 5;
        var flatOut = options.Quick ? 5_000 : 1_000_000;

        // KALSHI_BENCH_PIPELINE=flat: only the warm-up and the flat-out pass; =fixed: only the warm-up and the 10k/s pass with
        // `synchronous = full`; =normal: only the `synchronous = normal` run; =behind: only the write-behind run (for
        // profiling and quick iterations).
        var only = Environment.GetEnvironmentVariable("KALSHI_BENCH_PIPELINE");
        var flatOnly = only is "flat";
        var fixedOnly = only is "fixed";
        var normalOnly = only is "normal";
        var behindOnly = only is "behind";
        var temp = options.Journal is null ? Directory.CreateTempSubdirectory("kalshi-bench-pipeline-").FullName : null;
        var uri = options.Journal ?? "sqlite:" + Path.Combine(temp!, "bench.db");
        try
        {
            var figures = new List<BenchFigure>();
            if (!normalOnly && !behindOnly)
            {
                await using (var run = await PipelineRun.StartAsync(markets, uri, SqliteSynchronous.Full, options.Progress, cancellationToken).ConfigureAwait(false))
                {
                    options.Progress.WriteLine($"pipeline: warm-up, {warmUp:N0} deltas over {markets:N0} markets (journal {JournalUri.Redact(uri)})");
                    await run.FlatOutAsync(warmUp, cancellationToken).ConfigureAwait(false);
                    run.ResetFigures();

                    if (!flatOnly)
                    {
                        await FixedRateWarmUpAsync(run, fixedRate, fixedWarmUpSeconds, options.Progress, cancellationToken).ConfigureAwait(false);
                        options.Progress.WriteLine($"pipeline: {fixedRate:N0} deltas/s offered for {fixedSeconds} s");
                        var (offered, cores) = await FixedRateWithCpuAsync(run, fixedRate, fixedSeconds, cancellationToken).ConfigureAwait(false);
                        figures.Add(new("fixed_10k_offered_deltas_per_s", Math.Round(offered)));
                        figures.Add(new("fixed_10k_process_cpu_cores", cores));
                        figures.AddRange(run.LatencyFigures("fixed_10k"));

                        var managed = Settle();
                        figures.Add(new($"markets_{markets}_rss_mb", Math.Round(Environment.WorkingSet / 1048576.0, 1)));
                        figures.Add(new($"markets_{markets}_managed_mb", Math.Round(managed / 1048576.0, 1)));
                        run.ResetFigures();
                    }

                    if (!fixedOnly)
                    {
                        options.Progress.WriteLine($"pipeline: flat out, {flatOut:N0} deltas");
                        var cpuBefore = PipelineRun.CpuTime();
                        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
                        var gcBefore = GC.CollectionCount(0);
                        using var sampler = Environment.GetEnvironmentVariable("KALSHI_BENCH_ALLOC") is "1" ? new PipelineBenchAllocationSampler() : null;
                        var perSecond = await run.FlatOutAsync(flatOut, cancellationToken).ConfigureAwait(false);
                        sampler?.Print(flatOut, options.Progress);

                        var cpu = PipelineRun.CpuTime() - cpuBefore;
                        var allocated = GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore;
                        figures.Add(new("flat_out_deltas_per_s", Math.Round(perSecond)));
                        figures.Add(new("flat_out_until_last_order_deltas_per_s", Math.Round(run.LastFlatOutWithOrdersPerSecond)));

                        // Load-independent: what one delta costs the whole process (every actor, the journal, the GC), in CPU time,
                        // and what it allocates (every allocation is later GC work).
                        figures.Add(new("flat_out_cpu_us_per_delta", Math.Round(cpu.TotalMicroseconds / flatOut, 2)));
                        figures.Add(new("flat_out_allocated_bytes_per_delta", Math.Round((double)allocated / flatOut)));
                        figures.Add(new("flat_out_gen0_collections", GC.CollectionCount(0) - gcBefore));
                        figures.AddRange(run.LatencyFigures("flat_out"));
                        figures.Add(new("fills_booked", run.Fills));
                        figures.Add(new("snapshot_requests", run.SnapshotRequests));
                    }
                }
            }

            // The same at 10k/s with `synchronous = normal` (a crash loses nothing, a power loss may lose the last commits):
            // what the pipeline itself costs when three commits in a row do not each wait for the disk.
            var fixedPass = new FixedPass(markets, warmUp / 2, fixedRate, fixedWarmUpSeconds, fixedSeconds, options.Progress);
            if (temp is not null && !flatOnly && !fixedOnly && !behindOnly)
            {
                figures.AddRange(await fixedPass.RunAsync(
                    "sync_normal_fixed_10k", "synchronous = normal", "sqlite:" + Path.Combine(temp, "bench-normal.db"), SqliteSynchronous.Normal, OrderJournaling.WriteAhead, cancellationToken).ConfigureAwait(false));
            }

            // The node's defaults (`synchronous = full`) with `order-journaling = write-behind`: orders leave before their
            // write commits, so neither the commit nor the fsync is on the order's path.
            if (temp is not null && !flatOnly && !fixedOnly && !normalOnly)
            {
                figures.AddRange(await fixedPass.RunAsync(
                    "write_behind_fixed_10k", "write-behind", "sqlite:" + Path.Combine(temp, "bench-behind.db"), SqliteSynchronous.Full, OrderJournaling.WriteBehind, cancellationToken).ConfigureAwait(false));
            }

            foreach (var f in figures)
            {
                options.Progress.WriteLine($"  {f.Key} = {f.Value}");
            }

            return figures;
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

    // KALSHI_BENCH_MARKETS: how many markets instead of 2,000 (to see what scales with them, e.g. a collection's pause).
    private static int MarketsFromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable("KALSHI_BENCH_MARKETS");
        if (string.IsNullOrEmpty(value))
        {
            return 2_000;
        }

        return int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var markets) && markets is > 0 and <= 100_000
            ? markets
            : throw new ArgumentException($"KALSHI_BENCH_MARKETS must be a whole number of markets from 1 to 100000 (got '{value}'); unset it for the default 2,000.");
    }

    // The pass and the cores the whole process kept busy meanwhile (CPU time over wall time): the pipeline's own cost at
    // 10k/s is ~5% of a core, the rest is idle workers spinning before they sleep (and, before session 9, the pacer).
    private static async Task<(double Offered, double Cores)> FixedRateWithCpuAsync(PipelineRun run, int rate, double seconds, CancellationToken cancellationToken)
    {
        var cpuBefore = PipelineRun.CpuTime();
        var wall = Stopwatch.StartNew();
        var offered = await run.FixedRateAsync(rate, seconds, cancellationToken).ConfigureAwait(false);
        return (offered, Math.Round((PipelineRun.CpuTime() - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds, 2));
    }

    // An unmeasured pass at the measured rate first. The order path runs once per hundred deltas, so after the flat-out
    // warm-up its methods were still being promoted through tiered compilation's instrumented tier (profiles showed the
    // guardian's and routers' handlers in InstrumentedTier code a million deltas in): the first seconds of the measured
    // pass held most of its slow orders (72 of 127 over 0.5 ms in its first 2 of 20 s), which is start-up, not the steady
    // state this pass reports.
    private static async Task FixedRateWarmUpAsync(PipelineRun run, int rate, double seconds, TextWriter progress, CancellationToken cancellationToken)
    {
        if (seconds <= 0)
        {
            return;
        }

        progress.WriteLine($"pipeline: warm-up, {rate:N0} deltas/s for {seconds} s");
        await run.FixedRateAsync(rate, seconds, cancellationToken).ConfigureAwait(false);
        run.ResetFigures();
    }

    private static long Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Count) - 1))];

    /// <summary>One 10k/s pass on a pipeline of its own: a flat-out warm-up, the fixed-rate warm-up, then the timed pass.</summary>
    private sealed record FixedPass(int Markets, int WarmUp, int Rate, double WarmUpSeconds, double Seconds, TextWriter Progress)
    {
        public async Task<IReadOnlyList<BenchFigure>> RunAsync(
            string prefix, string label, string uri, SqliteSynchronous synchronous, OrderJournaling orderJournaling, CancellationToken cancellationToken)
        {
            await using var run = await PipelineRun.StartAsync(Markets, uri, synchronous, Progress, cancellationToken, orderJournaling).ConfigureAwait(false);
            Progress.WriteLine($"pipeline ({label}): warm-up, {WarmUp:N0} deltas");
            await run.FlatOutAsync(WarmUp, cancellationToken).ConfigureAwait(false);
            run.ResetFigures();
            await FixedRateWarmUpAsync(run, Rate, WarmUpSeconds, Progress, cancellationToken).ConfigureAwait(false);
            Progress.WriteLine($"pipeline ({label}): {Rate:N0} deltas/s offered for {Seconds} s");
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
            using var sampler = Environment.GetEnvironmentVariable("KALSHI_BENCH_ALLOC") is "1" ? new PipelineBenchAllocationSampler() : null;
            var (offered, cores) = await FixedRateWithCpuAsync(run, Rate, Seconds, cancellationToken).ConfigureAwait(false);
            var deltas = Rate * Seconds;
            sampler?.Print(deltas, Progress);
            var allocatedPerDelta = (GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / deltas;
            var latency = run.LatencyFigures(prefix).ToList();
            Settle();
            return
            [
                new($"{prefix}_offered_deltas_per_s", Math.Round(offered)),
                new($"{prefix}_process_cpu_cores", cores),
                new($"{prefix}_allocated_bytes_per_delta", Math.Round(allocatedPerDelta)),
                .. latency,

                // With the pipeline still running; earlier passes' pipelines are gone, but not necessarily their pages.
                new($"{prefix}_rss_mb", Math.Round(Environment.WorkingSet / 1048576.0, 1)),
            ];
        }
    }

    /// <summary>One running pipeline: the actors, the synthetic markets' state and the latency stamps.</summary>
    private sealed class PipelineRun : IAsyncDisposable
    {
        private readonly ActorSystem _system;
        private readonly EventJournal _journal;
        private readonly PipelineBenchFeed _feed;
        private readonly MarketTicker[] _tickers;
        private readonly Dictionary<MarketTicker, int> _index;
        private readonly TextWriter _progress;
        private readonly PipelineBenchStallLog? _stalls;

        // Per market: the last sequence written, the noise deltas written (their sign alternates so sizes stay positive),
        // whether the trigger level is in the book, and the ingress stamps of the trigger not yet matched by an intent/order.
        private readonly long[] _sequence;
        private readonly long[] _noise;
        private readonly bool[] _triggered;
        private readonly long[] _intentStamp;
        private readonly long[] _orderStamp;

        // The trigger stamp of each intent that answered a trigger, until that intent's order is placed.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<IntentId, (int Market, long Stamp, Trace? Trace)> _awaitingOrder = new();

        // When each awaited OrderSubmitted was published (taken on the router's thread), until the probe times it.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<IntentId, long> _publishedAt = new();
        private readonly long[] _seen;

        // When the latest timed order was published; written only in the order probe's turns, one at a time.
        private long _lastOrderStamp;

        // Deltas written, and the book updates seen for them (the advance of every market's sequence, summed): a flat-out
        // writer holds back while the difference is large.
        private long _writtenTotal;
        private long _seenTotal;

        /// <summary>The last flat-out pass's deltas per second until its last order was placed (not only its books drained).</summary>
        public double LastFlatOutWithOrdersPerSecond { get; private set; }

        // Per market, the stamps of its current trigger along the path (see Trace).
        private readonly Trace?[] _trace;
        private readonly Dictionary<string, int> _routerIndex;
        private readonly Dictionary<string, List<double>> _hops = new(StringComparer.Ordinal);
        // Sample lists start large enough for a pass (16,384 doubles, so on the large-object heap): grown from empty, each
        // pass allocated ~170 KB of fresh arrays that every ephemeral collection of the pass copied as survivors.
        private const int SampleCapacity = 16_384;
        private readonly List<double> _batchCommits = new(SampleCapacity);
        private long _batchRows;

        // When the journal last committed a batch (Stopwatch timestamp): a drain also waits for the journal to go quiet.
        private long _lastCommit;
        private (int Gen0, int Gen1, int Gen2, TimeSpan Paused) _gcAtReset;

        private readonly Lock _gate = new();
        private readonly List<double> _toIntent = new(SampleCapacity);
        private readonly List<double> _toOrder = new(SampleCapacity);
        private long[] _target = [];
        private int _pending;
        private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Routers send before storing (`order-journaling = write-behind`): the order's own batch is off its path.
        private bool _writeBehind;
        private long _fills;
        private long _round;
        private (IActorRef Strategies, IActorRef Guardian, IActorRef Execution, IActorRef Portfolio) _actors;

        private PipelineRun(ActorSystem system, EventJournal journal, PipelineBenchFeed feed, MarketTicker[] tickers, TextWriter progress)
        {
            _system = system;
            _journal = journal;
            _feed = feed;
            _tickers = tickers;
            _progress = progress;
            _stalls = PipelineBenchStallLog.StartIfAsked(progress);
            _index = tickers.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
            _sequence = new long[tickers.Length];
            _noise = new long[tickers.Length];
            _triggered = new bool[tickers.Length];
            _intentStamp = new long[tickers.Length];
            _orderStamp = new long[tickers.Length];
            _seen = new long[tickers.Length];
            _trace = new Trace?[tickers.Length];
            _routerIndex = tickers.Select((t, i) => (t, i)).ToDictionary(x => "router-" + x.t.Value, x => x.i, StringComparer.Ordinal);
            Array.Fill(_sequence, 1);
        }

        public long Fills => Interlocked.Read(ref _fills);

        /// <summary>Process CPU time (every thread, user and kernel) so far.</summary>
        public static TimeSpan CpuTime()
        {
            using var process = Process.GetCurrentProcess();
            return process.TotalProcessorTime;
        }

        public int SnapshotRequests => _feed.SnapshotRequests;

        public static async Task<PipelineRun> StartAsync(
            int marketCount,
            string uri,
            SqliteSynchronous synchronous,
            TextWriter progress,
            CancellationToken cancellationToken,
            OrderJournaling orderJournaling = OrderJournaling.WriteAhead)
        {
            var now = DateTimeOffset.UtcNow;
            var tickers = Enumerable.Range(0, marketCount).Select(i => new MarketTicker($"{Series}-26DEC04-M{i}")).ToArray();
            var infos = tickers.Select((t, i) => new MarketInfo(
                t,
                new EventTicker($"{Series}-26DEC04-E{i / 100}"),
                new SeriesTicker(Series),
                "bench market " + i,
                "Crypto",
                MarketState.Active,
                now.AddHours(-1),
                now.AddDays(1),
                TickStructure.LinearCent,
                SeriesFeeParameters.General,
                Spot,
                null,
                Series,
                MutuallyExclusive: false)).ToList();

            // KALSHI_BENCH_LINGER_MS: the journal's `linger` (wait that long for company before committing a batch that is not full).
            var linger = double.TryParse(Environment.GetEnvironmentVariable("KALSHI_BENCH_LINGER_MS"), System.Globalization.CultureInfo.InvariantCulture, out var ms) ? ms : 0;
            var settings = new PersistenceSettings { JournalUri = uri, SqliteSynchronous = synchronous, Linger = TimeSpan.FromMilliseconds(linger) };
            var registry = new EventRegistry();
            NodeModules.RegisterEvents(registry);
            PipelineRun? run = null;
            var storage = new PipelineBenchJournalStamps(
                await JournalStorages.OpenJournalAsync(uri, settings, cancellationToken).ConfigureAwait(false),
                (rows, started, committed) => run?.OnBatchCommitted(rows, started, committed));
            var journal = new EventJournal(storage, registry, TimeProvider.System);
            var loggers = Environment.GetEnvironmentVariable("KALSHI_BENCH_LOG") is "1"
                ? new Serilog.Extensions.Logging.SerilogLoggerFactory(new Serilog.LoggerConfiguration().MinimumLevel.Warning().WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose).CreateLogger(), dispose: true)
                : null;
            var system = ActorSystem.Create("bench-pipeline", loggerFactory: loggers);
            PersistenceExtension.Start(
                system, journal, new SnapshotStore(await JournalStorages.OpenSnapshotsAsync(uri, settings, cancellationToken).ConfigureAwait(false), registry), settings);

            var feed = new PipelineBenchFeed(subscribed => subscribed.Select(t => run!.Snapshot(t)));
            run = new PipelineRun(system, journal, feed, tickers, progress) { _writeBehind = orderJournaling == OrderJournaling.WriteBehind };
            await run.WireAsync(infos).ConfigureAwait(false);
            return run;
        }

        private async Task WireAsync(IReadOnlyList<MarketInfo> infos)
        {
            var system = _system;

            // Consumers first, as the node does: they subscribe before anything is published.
            // Order events get a probe of their own (queued behind the books' updates in one mailbox, an order's stamp
            // measured that queue as much as the pipeline).
            var orderListener = system.ActorOf(PipelineBenchProbe.Props(OnEvent, typeof(OrderLifecycleEvent)));
            // The order's stamp is taken on the router's thread as it publishes (a filter runs on the publisher's thread and
            // delivers nothing here): stamped when the probe got its turn, it also measured how long the probe waited for a
            // worker, up to ~100 us on an idle machine, which is the bench's own hop, not the order's.
            system.EventStream.Subscribe<OrderSubmitted>(orderListener, StampPublished);

            // Book updates are counted the same way, on the book's thread: delivered to a probe, each of the 10,000 a second
            // queued it as a thread-pool work item, and the workers woken for them (~9,400 a second, most of the pool's work)
            // shared the two cores with the pipeline measured.
            system.EventStream.Subscribe<BookUpdated>(orderListener, SeeBook);
            await orderListener.Ask<PipelineBenchProbe.Ping>(PipelineBenchProbe.Ping.Instance, Limit).ConfigureAwait(false);
            var portfolio = system.ActorOf(
                PortfolioProps.Create(new PortfolioSettings { StartingCash = Money.FromDollars(1_000_000) }), ActorNames.Portfolio);
            var execution = system.ActorOf(ExecutionSupervisor.Props(new ExecutionSettings { Mode = ExecutionMode.Paper, OrderJournaling = _writeBehind ? OrderJournaling.WriteBehind : OrderJournaling.WriteAhead }, null), ActorNames.Execution);
            var guardian = system.ActorOf(
                RiskGuardian.Props(RiskSettings.Default with
                {
                    MaxConcurrentPositions = 100_000,
                    MaxMarketExposureFraction = 1,
                    MaxEventExposureFraction = 1,
                    MaxCategoryExposureFraction = 1,
                    MaxTotalExposureFraction = 1,
                    DailyLossLimit = Money.FromDollars(1_000_000),
                    DrawdownBreakerFraction = 0.9m,
                }),
                ActorNames.RiskGuardian);
            await portfolio.Ask<PortfolioUpdated>(new GetPortfolio(), Limit).ConfigureAwait(false);
            await execution.Ask<StateDigestPart>(new GetStateDigestPart(), Limit).ConfigureAwait(false);
            await guardian.Ask<StateDigestPart>(new GetStateDigestPart(), Limit).ConfigureAwait(false);

            system.ActorOf(
                MarketData.Props(new MarketDataOptions
                {
                    Settings = MarketsSettings.Default with { Markets = [.. _tickers.Select(t => t.Value)] },
                    ExchangeFeed = () => _feed,
                    CatalogSource = new PipelineBenchCatalog(infos),
                    FairValueFeeds = [new FairValueFeedRegistration("bench-spot", () => new PipelineBenchSpotFeed(Series, Spot))],
                }),
                ActorNames.MarketData);

            var tap = new PipelineBenchIntentTap(guardian, OnIntent);
            var strategy = new StrategyInstanceSettings(
                StrategyId,
                StrategyKind.ExpectedValue,
                Enabled: true,
                Markets: [],
                Series: [Series],
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["volatility"] = "0.5",
                    ["min-edge"] = "0.01",
                    ["cooldown"] = "0ms",
                    ["max-contracts"] = "1000",
                    ["style"] = "taker",
                });
            var strategies = system.ActorOf(
                StrategiesSupervisor.Props(new StrategiesSettings { Instances = new Dictionary<string, StrategyInstanceSettings> { [StrategyId] = strategy } }, tap),
                ActorNames.Strategies);

            _actors = (strategies, guardian, execution, portfolio);

            // Every book live and the strategy holding the catalog, the portfolio and a fresh spot: a trigger then trades.
            await DrainAsync().ConfigureAwait(false);
            var deadline = DateTime.UtcNow + Limit;
            while ((await strategies.Ask<StrategyStatus>(new GetStrategyStatus(StrategyId), Limit).ConfigureAwait(false)).SignalsRaised == 0)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("the strategy raised no signal on a trigger; the pipeline is not wired");
                }

                await FlatOutAsync(_tickers.Length * 2, CancellationToken.None).ConfigureAwait(false);
            }
        }

        /// <summary>The market's book as the exchange would send it after a subscription (or a resync).</summary>
        private BookSnapshotReceived Snapshot(MarketTicker ticker)
        {
            var m = _index[ticker];
            var levels = Enumerable.Range(35, 5).Select(c => new BookLevel(Price.FromCents(c), Quantity.FromContracts(100))).ToArray();
            return new BookSnapshotReceived(ticker, 1, _sequence[m], levels, levels, NoLevelsInYesPrices: false);
        }

        /// <summary>The next delta of market <paramref name="m"/>: a trigger, its withdrawal or a noise move in the top five.</summary>
        /// <param name="m">The market.</param>
        /// <param name="round">The round-robin round.</param>
        /// <param name="scheduled">When the delta was due (the latency origin of a trigger).</param>
        private BookDeltaReceived NextDelta(int m, long round, long scheduled)
        {
            var ticker = _tickers[m];
            var sequence = ++_sequence[m];

            // The trigger stays until its order has been placed (or clearly will not be), so the paper model fills it.
            ClearStaleStamps(m);
            if (_triggered[m] && Volatile.Read(ref _orderStamp[m]) == 0)
            {
                _triggered[m] = false;
                return new BookDeltaReceived(ticker, 1, sequence, Side.No, Price.FromCents(55), Quantity.FromContracts(-10), null, null);
            }

            if (!_triggered[m] && (round + m) % TriggerEveryRounds == 0 && Volatile.Read(ref _intentStamp[m]) == 0 && Volatile.Read(ref _orderStamp[m]) == 0)
            {
                _triggered[m] = true;
                var stamp = scheduled;
                Volatile.Write(ref _trace[m], new Trace { Scheduled = stamp, Sequence = sequence });
                Volatile.Write(ref _orderStamp[m], stamp);
                Volatile.Write(ref _intentStamp[m], stamp);
                return new BookDeltaReceived(ticker, 1, sequence, Side.No, Price.FromCents(55), Quantity.FromContracts(10), null, null);
            }

            var n = _noise[m]++;
            var level = (int)(n % 10);
            var sign = (n / 10) % 2 == 0 ? 1 : -1;
            return new BookDeltaReceived(
                ticker, 1, sequence, level < 5 ? Side.Yes : Side.No, Price.FromCents(35 + (level % 5)), Quantity.FromContracts(sign), null, null);
        }

        // A trigger whose intent or order never came (the guardian refused it, the strategy was busy with the market) would
        // hold the market's book and block its next trigger: forget it once it is clearly not coming.
        private void ClearStaleStamps(int m)
        {
            foreach (var stamps in new[] { _intentStamp, _orderStamp })
            {
                var stamp = Volatile.Read(ref stamps[m]);
                if (stamp != 0 && Stopwatch.GetElapsedTime(stamp) > StaleStamp)
                {
                    Interlocked.CompareExchange(ref stamps[m], 0, stamp);
                }
            }
        }

        private void Write(int m, long scheduled)
        {
            var delta = NextDelta(m, _round, scheduled);
            if (Volatile.Read(ref _trace[m]) is { } trace && trace.Sequence == delta.Sequence)
            {
                trace.Written = Stopwatch.GetTimestamp();
            }

            _feed.Write(delta);
            Interlocked.Increment(ref _writtenTotal);
        }

        /// <summary>Writes <paramref name="deltas"/> deltas round-robin as fast as the feed takes them; returns deltas/s to fully processed.</summary>
        public async Task<double> FlatOutAsync(int deltas, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            await Task.Factory.StartNew(
                () =>
                {
                    for (var i = 0; i < deltas; i++)
                    {
                        var m = i % _tickers.Length;
                        if (m == 0 && i > 0)
                        {
                            _round++;
                        }

                        // Keep the backlog short so the figures are the pipeline's, not an ever-growing backlog's: the feed's queue,
                        // and the deltas whose book update has not been seen yet (the feed's pump drains its queue on this
                        // thread, into the actors' mailboxes).
                        var spin = default(SpinWait);
                        while (_feed.Events.Count > 1_000 || Interlocked.Read(ref _writtenTotal) - Volatile.Read(ref _seenTotal) > 2_000)
                        {
                            spin.SpinOnce();
                        }

                        Write(m, Stopwatch.GetTimestamp());
                    }

                    _round++;
                },
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(false);
            await DrainAsync().ConfigureAwait(false);
            var drained = Stopwatch.GetElapsedTime(started);
            await OrdersPlacedAsync().ConfigureAwait(false);

            // Also until the last order of the pass was placed: the feed's queue limit above holds back the writer, not the
            // order path, which may still be working off a backlog when the books are drained.
            var lastOrder = Volatile.Read(ref _lastOrderStamp) is var stamp && stamp > started ? Stopwatch.GetElapsedTime(started, stamp) : TimeSpan.Zero;
            LastFlatOutWithOrdersPerSecond = deltas / (lastOrder > drained ? lastOrder : drained).TotalSeconds;
            return deltas / drained.TotalSeconds;
        }

        /// <summary>
        /// Writes deltas at <paramref name="rate"/> per second for <paramref name="seconds"/>, each at its own due time on an
        /// even schedule (delta i at start + i / rate); returns the rate achieved. Latency is measured from the due time, so a
        /// late pacer shows in the figures rather than hiding in them. The pacer sleeps until each due time
        /// (<see cref="BenchPacer"/>); KALSHI_BENCH_PACING=spin or =sleep picks the earlier pacings.
        /// </summary>
        public async Task<double> FixedRateAsync(int rate, double seconds, CancellationToken cancellationToken)
        {
            var total = (long)(rate * seconds);
            var pacing = BenchPacer.FromEnvironment();
            var interval = (double)Stopwatch.Frequency / rate;
            var watch = Stopwatch.StartNew();
            var start = Stopwatch.GetTimestamp();
            await Task.Factory.StartNew(
                () =>
                {
                    var m = 0;
                    BenchPacer.PrepareThread();
                    for (var written = 0L; written < total; written++)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var due = start + (long)(written * interval);
                        BenchPacer.WaitUntil(due, pacing);
                        Write(m, due);
                        if (++m == _tickers.Length)
                        {
                            m = 0;
                            _round++;
                        }
                    }
                },
                cancellationToken,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(false);
            var offered = total / watch.Elapsed.TotalSeconds;
            await DrainAsync().ConfigureAwait(false);
            await OrdersPlacedAsync().ConfigureAwait(false);
            return offered;
        }

        /// <summary>Waits until every book has published its last delta and the strategy, guardian, execution and portfolio have handled everything before.</summary>
        private async Task DrainAsync()
        {
            lock (_gate)
            {
                _target = (long[])_sequence.Clone();
                _pending = _target.Where((t, m) => _seen[m] < t).Count();
                _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_pending == 0)
                {
                    _drained.TrySetResult();
                }
            }

            await _drained.Task.WaitAsync(Limit).ConfigureAwait(false);

            // Each answers after what is already in its mailbox; in the order the work flows.
            await _actors.Strategies.Ask<StrategyStatus>(new GetStrategyStatus(StrategyId), Limit).ConfigureAwait(false);
            await _actors.Guardian.Ask<StateDigestPart>(new GetStateDigestPart(), Limit).ConfigureAwait(false);
            await _actors.Execution.Ask<ActorIdentity>(new Identify(null), Limit).ConfigureAwait(false);
            await _actors.Portfolio.Ask<PortfolioUpdated>(new GetPortfolio(), Limit).ConfigureAwait(false);

            // The actors store most events behind them (PersistAsync), so a flat-out pass leaves the journal a backlog of
            // writes when they are done. The next pass would start behind it: the first actor to Persist (which holds its
            // mailbox until the commit) waits for the whole backlog, and that stall was measured as tick-to-order.
            var waited = Stopwatch.StartNew();
            while (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastCommit)) < JournalQuiet && waited.Elapsed < Limit)
            {
                await Task.Delay(20).ConfigureAwait(false);
            }
        }

        // No commit for this long after the actors are drained: the journal has written everything they gave it.
        private static readonly TimeSpan JournalQuiet = TimeSpan.FromMilliseconds(500);

        /// <summary>
        /// Routers store OrderSubmitted after execution has handed them the approvals: wait for the orders of the intents
        /// timed so far, as long as they keep coming (an intent the guardian refused never gets one).
        /// </summary>
        private async Task OrdersPlacedAsync()
        {
            var last = _awaitingOrder.Count;
            var since = Stopwatch.StartNew();
            while (last > 0 && since.Elapsed < TimeSpan.FromSeconds(2))
            {
                await Task.Delay(10).ConfigureAwait(false);
                if (_awaitingOrder.Count != last)
                {
                    last = _awaitingOrder.Count;
                    since.Restart();
                }
            }
        }

        // Runs on the publishing book's thread and delivers nothing (see WireAsync).
        private bool SeeBook(BookUpdated book)
        {
            if (_index.TryGetValue(book.Ticker, out var m))
            {
                lock (_gate)
                {
                    var before = _seen[m];
                    _seen[m] = Math.Max(before, book.Sequence);
                    _seenTotal += _seen[m] - before;
                    if (m < _target.Length && before < _target[m] && _seen[m] >= _target[m] && --_pending == 0)
                    {
                        _drained.TrySetResult();
                    }
                }
            }

            return false;
        }

        private void OnEvent(object e)
        {
            switch (e)
            {
                case OrderSubmitted submitted when _awaitingOrder.TryRemove(submitted.IntentId, out var trigger):
                    var published = _publishedAt.TryRemove(submitted.IntentId, out var at) ? at : Stopwatch.GetTimestamp();
                    Volatile.Write(ref _lastOrderStamp, Math.Max(_lastOrderStamp, published));
                    var elapsed = Stopwatch.GetElapsedTime(trigger.Stamp, published).TotalMicroseconds;
                    Interlocked.CompareExchange(ref _orderStamp[trigger.Market], 0, trigger.Stamp);
                    lock (_gate)
                    {
                        _toOrder.Add(elapsed);
                        if (trigger.Trace is { } traced)
                        {
                            _stalls?.Ordered(elapsed, traced.Scheduled, traced.Written, traced.Intent, traced.BatchStart, traced.Committed, published);
                        }

                        if (trigger.Trace is { } t)
                        {
                            Hop("1_pacer_late", t.Scheduled, t.Written);
                            Hop("2_written_to_intent", t.Written, t.Intent);
                            if (_writeBehind)
                            {
                                // The order leaves before its batch: the hops after the intent that time that batch say nothing.
                                Hop("3w_intent_to_sent", t.Intent, published);
                            }
                            else
                            {
                                Hop("3_intent_to_order_batch", t.Intent, t.BatchStart);
                                Hop("3c_decision_commit_to_order_batch", t.DecisionCommitted, t.BatchStart, atLeastZero: true);
                                Hop("4_order_batch_commit", t.BatchStart, t.Committed);
                                Hop("5_commit_to_published", t.Committed, published);
                            }

                            Hop("3a_intent_to_decision_batch", t.Intent, t.DecisionStart);
                            // 0 when the signal was already committed as the intent arrived, and when the order shares
                            // the decision's batch (it then starts before the decision commits).
                            Hop("3s_intent_to_signal_commit", t.Intent, t.SignalCommitted, atLeastZero: true);
                            Hop("3b_decision_batch_commit", t.DecisionStart, t.DecisionCommitted);
                        }
                    }

                    break;
                case OrderFilled or OrderPartiallyFilled:
                    Interlocked.Increment(ref _fills);
                    break;
            }
        }

        private bool StampPublished(OrderSubmitted submitted)
        {
            if (_awaitingOrder.ContainsKey(submitted.IntentId))
            {
                _publishedAt[submitted.IntentId] = Stopwatch.GetTimestamp();
            }

            return false;
        }

        private void OnIntent(OrderIntent intent)
        {
            if (!_index.TryGetValue(intent.Ticker, out var m))
            {
                return;
            }

            var stamp = Interlocked.Exchange(ref _intentStamp[m], 0);
            if (stamp != 0)
            {
                var trace = Volatile.Read(ref _trace[m]);
                if (trace is not null)
                {
                    trace.Intent = Stopwatch.GetTimestamp();
                }

                _awaitingOrder[intent.IntentId] = (m, stamp, trace);
                var elapsed = Stopwatch.GetElapsedTime(stamp).TotalMicroseconds;
                lock (_gate)
                {
                    _toIntent.Add(elapsed);
                }
            }
        }

        public void ResetFigures()
        {
            // A trigger of the previous pass still waiting for its intent or order (its market had an intent pending when the
            // trigger came, so the strategy acts on it only at the market's next update, which comes in the next pass, after
            // the drain) is not this pass's latency: timed, it showed as a 1.5-2.7 s tick-to-intent, i.e. the drain's length.
            // Forgotten, its market's next delta takes the trigger back (as for one whose order never came).
            var forgotten = 0;
            for (var m = 0; m < _tickers.Length; m++)
            {
                forgotten += Interlocked.Exchange(ref _intentStamp[m], 0) != 0 | Interlocked.Exchange(ref _orderStamp[m], 0) != 0 ? 1 : 0;
                Volatile.Write(ref _trace[m], null);
            }

            if (forgotten > 0)
            {
                _progress.WriteLine($"pipeline: {forgotten} triggers of the previous pass were still open; not timed");
            }

            lock (_gate)
            {
                _toIntent.Clear();
                _toOrder.Clear();
                _awaitingOrder.Clear();
                _publishedAt.Clear();
                _hops.Clear();
                _batchCommits.Clear();
                _batchRows = 0;
                _gcAtReset = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
                _stalls?.PassStarted();
            }
        }

        /// <summary>A journal batch was committed: its duration, and the batch-start and commit stamps of a timed trigger's order.</summary>
        public void OnBatchCommitted(IReadOnlyList<JournalRow> rows, long started, long committed)
        {
            Volatile.Write(ref _lastCommit, committed);
            lock (_gate)
            {
                _batchCommits.Add(Stopwatch.GetElapsedTime(started, committed).TotalMicroseconds);
                _batchRows += rows.Count;
            }

            _stalls?.Committed(rows.Count, started, committed);

            foreach (var row in rows)
            {
                if (row.Manifest == "SignalRaised.v1"
                    && ApprovedTicker(row.Payload.Span) is { Length: > 0 } signalTicker
                    && _index.TryGetValue(new MarketTicker(signalTicker), out var sm)
                    && Volatile.Read(ref _trace[sm]) is { Written: not 0, SignalCommitted: 0 } signaled)
                {
                    signaled.SignalCommitted = committed;
                }

                if (row.Manifest == "IntentApproved.v1"
                    && ApprovedTicker(row.Payload.Span) is { Length: > 0 } approvedTicker
                    && _index.TryGetValue(new MarketTicker(approvedTicker), out var dm)
                    && Volatile.Read(ref _trace[dm]) is { Intent: not 0, DecisionStart: 0 } decided)
                {
                    decided.DecisionStart = started;
                    decided.DecisionCommitted = committed;
                }

                if (row.Manifest == "OrderSubmitted.v1"
                    && _routerIndex.TryGetValue(row.PersistenceId, out var m)
                    && Volatile.Read(ref _trace[m]) is { Intent: not 0, BatchStart: 0 } trace)
                {
                    trace.BatchStart = started;
                    trace.Committed = committed;
                }
            }
        }

        private static string ApprovedTicker(ReadOnlySpan<byte> payload)
        {
            var reader = new System.Text.Json.Utf8JsonReader(payload);
            var depth = 0;
            var inIntent = false;
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case System.Text.Json.JsonTokenType.StartObject:
                        depth++;
                        break;
                    case System.Text.Json.JsonTokenType.EndObject:
                        depth--;
                        break;
                    case System.Text.Json.JsonTokenType.PropertyName when depth == 1 && (reader.ValueTextEquals("Ticker"u8) || reader.ValueTextEquals("ticker"u8)):
                        reader.Read();
                        return reader.GetString() ?? "";
                    case System.Text.Json.JsonTokenType.PropertyName when depth == 1:
                        inIntent = reader.ValueTextEquals("Intent"u8) || reader.ValueTextEquals("intent"u8);
                        break;
                    case System.Text.Json.JsonTokenType.PropertyName when depth == 2 && inIntent && (reader.ValueTextEquals("Ticker"u8) || reader.ValueTextEquals("ticker"u8)):
                        reader.Read();
                        return reader.GetString() ?? "";
                }
            }

            return "";
        }

        private void Hop(string name, long from, long to, bool atLeastZero = false)
        {
            if (from == 0 || to == 0)
            {
                return;
            }

            if (!_hops.TryGetValue(name, out var values))
            {
                _hops[name] = values = new(SampleCapacity);
            }

            var elapsed = Stopwatch.GetElapsedTime(from, to).TotalMicroseconds;
            values.Add(atLeastZero ? Math.Max(0, elapsed) : elapsed);
        }

        public IEnumerable<BenchFigure> LatencyFigures(string prefix)
        {
            List<double> intent, order, commits;
            List<(string Name, List<double> Values)> hops;
            long batchRows;
            lock (_gate)
            {
                intent = [.. _toIntent.Order()];
                order = [.. _toOrder.Order()];
                commits = [.. _batchCommits.Order()];
                hops = [.. _hops.OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => (h.Key, h.Value.Order().ToList()))];
                batchRows = _batchRows;
            }

            _progress.WriteLine($"{prefix}: {intent.Count:N0} intents and {order.Count:N0} orders timed from their trigger delta");

            // Where tick-to-order goes, hop by hop (each hop's own percentiles: they do not add up to the total's).
            var breakdown = new List<BenchFigure>();
            foreach (var (name, values) in hops)
            {
                breakdown.Add(new($"{prefix}_hop_{name}_p50_us", Math.Round(Percentile(values, 0.50), 1)));
                breakdown.Add(new($"{prefix}_hop_{name}_p99_us", Math.Round(Percentile(values, 0.99), 1)));
            }

            breakdown.Add(new($"{prefix}_journal_batches", commits.Count));
            breakdown.Add(new($"{prefix}_journal_rows_per_batch", commits.Count == 0 ? 0 : Math.Round((double)batchRows / commits.Count, 2)));
            breakdown.Add(new($"{prefix}_journal_commit_p50_us", Math.Round(Percentile(commits, 0.50), 1)));
            breakdown.Add(new($"{prefix}_journal_commit_p99_us", Math.Round(Percentile(commits, 0.99), 1)));
            breakdown.Add(new($"{prefix}_gc_gen0", GC.CollectionCount(0) - _gcAtReset.Gen0));
            breakdown.Add(new($"{prefix}_gc_gen1", GC.CollectionCount(1) - _gcAtReset.Gen1));
            breakdown.Add(new($"{prefix}_gc_gen2", GC.CollectionCount(2) - _gcAtReset.Gen2));
            breakdown.Add(new($"{prefix}_gc_paused_ms", Math.Round((GC.GetTotalPauseDuration() - _gcAtReset.Paused).TotalMilliseconds, 1)));
            var ephemeral = GC.GetGCMemoryInfo(GCKind.Ephemeral);
            breakdown.Add(new($"{prefix}_gc_last_ephemeral_gen", ephemeral.Generation));
            breakdown.Add(new($"{prefix}_gc_last_ephemeral_promoted_kb", Math.Round(ephemeral.PromotedBytes / 1024.0)));
            breakdown.Add(new($"{prefix}_gc_last_ephemeral_pause_ms", Math.Round(ephemeral.PauseDurations[0].TotalMilliseconds, 2)));
            breakdown.Add(new($"{prefix}_gc_heap_mb", Math.Round(ephemeral.HeapSizeBytes / 1048576.0, 1)));
            return
            [
                .. breakdown,
                new($"{prefix}_tick_to_intent_p50_us", Math.Round(Percentile(intent, 0.50), 1)),
                new($"{prefix}_tick_to_intent_p99_us", Math.Round(Percentile(intent, 0.99), 1)),
                new($"{prefix}_tick_to_intent_p999_us", Math.Round(Percentile(intent, 0.999), 1)),
                new($"{prefix}_tick_to_order_p50_us", Math.Round(Percentile(order, 0.50), 1)),
                new($"{prefix}_tick_to_order_p99_us", Math.Round(Percentile(order, 0.99), 1)),
                new($"{prefix}_tick_to_order_p999_us", Math.Round(Percentile(order, 0.999), 1)),
                new($"{prefix}_intents_timed", intent.Count),
                new($"{prefix}_orders_timed", order.Count),
            ];
        }

        /// <summary>
        /// One timed trigger's Stopwatch stamps (0 = not seen): due, handed to the feed, its intent at the tap, its order's
        /// journal batch started and committed. (The probe sees a BookUpdated after the strategy does, behind its own queue,
        /// so the book's publish is not a usable stamp.)
        /// </summary>
        private sealed class Trace
        {
            public long Sequence { get; init; }

            public long Scheduled { get; init; }

            public long Written { get; set; }

            public long Intent { get; set; }

            public long SignalCommitted { get; set; }

            public long DecisionStart { get; set; }

            public long DecisionCommitted { get; set; }

            public long BatchStart { get; set; }

            public long Committed { get; set; }
        }

        public async ValueTask DisposeAsync()
        {
            await _system.Terminate().WaitAsync(Limit, CancellationToken.None).ConfigureAwait(false);
            await _journal.DisposeAsync().ConfigureAwait(false);
            _stalls?.Dispose();
        }
    }
}
