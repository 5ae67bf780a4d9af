using KalshiActors.Domain.Protocol;
using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Hosting.Settings;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Snapshots;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Hosting.Node;

/// <summary>How a node is started: the flags of `run` and where its output goes.</summary>
public sealed record TradingNodeOptions
{
    /// <summary>`--confirm-live`: required for live and demo.</summary>
    public bool ConfirmLive { get; init; }

    /// <summary>`--record DIR`: write every market-data message received as JSONL there.</summary>
    public string? RecordDirectory { get; init; }

    /// <summary>Environment variable lookup (API keys); the process environment when null.</summary>
    public Func<string, string?>? LookupVariable { get; init; }

    /// <summary>Where the status line goes (besides the log); nowhere when null.</summary>
    public Action<string>? StatusOutput { get; init; }

    /// <summary>The clock; the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Where the node logs; nothing when null.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>`--dashboard-url`: where the dashboard listens instead of `kalshi-actors.dashboard.url`.</summary>
    public string? DashboardUrl { get; init; }

    /// <summary>Where one-time notices go (the dashboard's URL, its new token file's path); nowhere when null.</summary>
    public Action<string>? NoticeOutput { get; init; }
}

/// <summary>
/// A trading node: the actor system with persistence on the configured journal, every module's events registered, the
/// actor tree, the exchange chosen by mode and the status line. <see cref="StopAsync"/> shuts it down gracefully: no new
/// intents (strategies stopped), resting orders cancelled where configured, the journal flushed, a summary ending with the
/// state digest.
/// </summary>
public sealed partial class TradingNode : IAsyncDisposable
{
    /// <summary>The actor system's name.</summary>
    public const string SystemName = "kalshi-actors";

    private readonly NodeSettings _settings;

    // `kalshi-actors.execution.cancel-on-shutdown`: send CancelAllOrders to execution when stopping.
    private readonly bool _cancelOnShutdown;
    private readonly DrainingJournalStorage _journalStorage;
    private readonly NodeCounters _counters;
    private readonly CancellationTokenSource _tailStopping = new();
    private Task _tail = Task.CompletedTask;
    private long _tailOffset;
    private readonly ILogger _logger;
    private readonly string _journalUri;
    private SessionSummary? _summary;

    private TradingNode(
        ActorSystem system,
        NodeExchange exchange,
        EventJournal journal,
        SnapshotStore snapshots,
        DrainingJournalStorage journalStorage,
        NodeCounters counters,
        KalshiActorsSettings settings,
        string journalUri,
        TimeProvider time,
        ILogger logger)
    {
        System = system;
        Exchange = exchange;
        Journal = journal;
        Snapshots = snapshots;
        _journalStorage = journalStorage;
        _counters = counters;
        _settings = settings.Node;
        _cancelOnShutdown = settings.Execution.CancelOnShutdown;
        _journalUri = journalUri;
        Time = time;
        _logger = logger;
        StartedAt = time.GetUtcNow();
    }

    /// <summary>The actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>What the node trades against.</summary>
    public NodeExchange Exchange { get; }

    /// <summary>The journal (replay and queries).</summary>
    public EventJournal Journal { get; }

    /// <summary>The snapshot store.</summary>
    public SnapshotStore Snapshots { get; }

    /// <summary>The node's clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>When the node started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The state digest right after recovery, before any trading.</summary>
    public string StartDigest { get; private set; } = string.Empty;

    /// <summary>The dashboard, when it runs (see NodeDashboard).</summary>
    public KalshiActors.Dashboard.DashboardServer? Dashboard { get; private set; }

    /// <summary>The strategy instances the node started (stopped first on shutdown).</summary>
    public IReadOnlyList<string> Strategies { get; private set; } = [];

    /// <summary>
    /// Starts a node for <paramref name="configuration"/>: refuses modes it cannot serve (<see cref="NodeStartRefusedException"/>),
    /// opens the exchange and the journal, builds the tree and waits for the stateful actors to recover.
    /// </summary>
    public static async Task<TradingNode> StartAsync(KalshiActorsConfiguration configuration, TradingNodeOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var time = options.TimeProvider ?? TimeProvider.System;
        var loggers = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggers.CreateLogger<TradingNode>();
        var settings = configuration.Settings;
        var kernelReader = SettingsReader.For(configuration.Config, "kalshi-actors.kernel");
        var kernel = KernelSettingsReader.Read(kernelReader);
        kernelReader.ThrowIfProblems();
        var persistence = ReadPersistence(configuration);

        var exchange = await NodeExchange.OpenAsync(
            configuration, options.ConfirmLive, options.LookupVariable ?? Environment.GetEnvironmentVariable, options.RecordDirectory, time, loggers, cancellationToken).ConfigureAwait(false);
        DrainingJournalStorage? storage = null;
        ISnapshotStorage? snapshotStorage = null;
        ActorSystem? system = null;
        TradingNode? node = null;
        try
        {
            EnsureJournalDirectory(persistence.JournalUri);
            var registry = new EventRegistry();
            NodeModules.RegisterEvents(registry);
            storage = new DrainingJournalStorage(
                await JournalStorages.OpenJournalAsync(persistence.JournalUri, persistence, cancellationToken).ConfigureAwait(false), settings.Node.ShutdownStepTimeout);
            snapshotStorage = await JournalStorages.OpenSnapshotsAsync(persistence.JournalUri, persistence, cancellationToken).ConfigureAwait(false);
            var journal = new EventJournal(storage, registry, time, persistence.QueryPageSize, persistence.QueryRefreshInterval);
            var snapshots = new SnapshotStore(snapshotStorage, registry);
            system = ActorSystem.Create(SystemName, kernel, time, loggers);
            PersistenceExtension.Start(system, journal, snapshots, persistence);

            var mode = settings.Mode.ToString().ToLowerInvariant();
            var print = options.StatusOutput ?? (_ => { });
            var counters = new NodeCounters(mode);
            var sessionStart = (await journal.ReadStatisticsAsync(cancellationToken).ConfigureAwait(false)).HighestOrdering;
            system.ActorOf(NodeStatusActor.Props(counters, settings.Node.StatusInterval, print), NodeStatusActor.Name);
            var context = new NodeContext(system, configuration, exchange, time, loggers);
            NodeModules.CreateTradingTree(context);
            node = new TradingNode(
                system, exchange, journal, snapshots, storage, counters, settings, JournalUri.Redact(persistence.JournalUri), time, logger);
            node.StartJournalTail(sessionStart);
            node.StartDigestRecording();

            // Before market data flows, so the dashboard's bridge sees the first book and fill.
            node.Dashboard = await NodeDashboard.StartAsync(
                node, settings, options.DashboardUrl, [.. settings.Strategies.Instances.Keys.Order(StringComparer.Ordinal)], options.NoticeOutput ?? (_ => { }), loggers, cancellationToken).ConfigureAwait(false);

            // Market data (and with it the private fill stream) starts right away, while the routers reconcile with the
            // exchange, so a fill made between their reconciliation and the stream's subscription has the shortest window.
            var subscribe = await NodeModules.MarketsToSubscribeAsync(context, cancellationToken).ConfigureAwait(false);
            NodeModules.StartMarketData(context, subscribe);

            // Persistent actors answer once recovered, so this is the recovered state; no digest part holds marks or book
            // states, and nothing trades before the strategies start, so market data cannot move it.
            node.StartDigest = await node.ComputeDigestAsync(cancellationToken).ConfigureAwait(false);
            Log.Recovered(logger, node.StartDigest);
            await node.WaitForActorAsync(Domain.ActorNames.CatalogPath).ConfigureAwait(false);
            node.Strategies = NodeModules.StartStrategies(context);
            Log.Started(logger, mode, exchange.Description, JournalUri.Redact(persistence.JournalUri), node.Strategies.Count, subscribe.Count);
            return node;
        }
        catch
        {
            if (node is not null)
            {
                if (node.Dashboard is { } dashboard)
                {
                    await dashboard.DisposeAsync().ConfigureAwait(false);
                }

                await node._tailStopping.CancelAsync().ConfigureAwait(false);
                await node._tail.ConfigureAwait(false);
                await node.StopDigestRecordingAsync().ConfigureAwait(false);
            }

            if (system is not null)
            {
                await system.Terminate().ConfigureAwait(false);
            }

            if (storage is not null)
            {
                await storage.DisposeAsync().ConfigureAwait(false);
            }

            if (snapshotStorage is not null)
            {
                await snapshotStorage.DisposeAsync().ConfigureAwait(false);
            }

            await exchange.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The state digest now: SHA-256 over the <see cref="StateDigestPart"/> replies of portfolio, execution and risk
    /// (see <see cref="StateDigest"/>). A component that is not running contributes an empty part, so the digest of a
    /// partial tree is still defined.
    /// </summary>
    public async Task<string> ComputeDigestAsync(CancellationToken cancellationToken)
    {
        var parts = await DigestPartsAsync(cancellationToken).ConfigureAwait(false);
        return StateDigest.Compute(parts);
    }

    /// <summary>The digest parts in hashing order (for diagnosing a digest mismatch).</summary>
    public Task<IReadOnlyList<StateDigestPart>> DigestPartsAsync(CancellationToken cancellationToken) =>
        StateDigest.CollectPartsAsync(System, _settings.ShutdownStepTimeout, cancellationToken);

    /// <summary>The counts so far (what the status line prints).</summary>
    public NodeStatus Status() => _counters.Snapshot();

    /// <summary>Runs until <paramref name="duration"/> elapses (null = forever) or <paramref name="cancellationToken"/> fires, then stops gracefully.</summary>
    public async Task<SessionSummary> RunAsync(TimeSpan? duration, CancellationToken cancellationToken)
    {
        string reason;
        try
        {
            await Task.Delay(duration ?? Timeout.InfiniteTimeSpan, Time, cancellationToken).ConfigureAwait(false);
            reason = $"--duration {Describe(duration!.Value)} elapsed";
        }
        catch (OperationCanceledException)
        {
            reason = "interrupted (Ctrl+C or SIGTERM)";
        }

        return await StopAsync(reason).ConfigureAwait(false);
    }

    /// <summary>
    /// Stops gracefully: stops the strategies (no new intents), cancels resting orders when configured, computes the
    /// state digest, stops the actors, flushes and closes the journal and the exchange. Safe to call twice.
    /// </summary>
    public async Task<SessionSummary> StopAsync(string reason)
    {
        if (_summary is not null)
        {
            return _summary;
        }

        Log.Stopping(_logger, reason);
        if (Dashboard is { } dashboard)
        {
            await TryAsync("stop the dashboard", async () => await dashboard.DisposeAsync().ConfigureAwait(false)).ConfigureAwait(false);
        }

        using var step = new CancellationTokenSource();
        // No new intents: the strategies subtree stops (a runtime DisableStrategy would be persisted and outlive the
        // session); the risk guardian and execution keep running for the cancels below.
        await TryAsync(
            "stop strategies",
            async () =>
            {
                if (await ResolveAsync(Domain.ActorNames.StrategiesPath).ConfigureAwait(false) is { } strategies)
                {
                    await StopAndWaitActor.StopAsync(System, strategies).WaitAsync(_settings.ShutdownStepTimeout).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);

        int? cancels = null;
        if (_cancelOnShutdown)
        {
            await TryAsync(
                "cancel all orders",
                async () =>
                {
                    var execution = await ResolveAsync(Domain.ActorNames.ExecutionPath).ConfigureAwait(false);
                    if (execution is not null)
                    {
                        var result = await execution.Ask<CancelAllOrdersResult>(new CancelAllOrders("node shutdown"), _settings.ShutdownStepTimeout).ConfigureAwait(false);
                        cancels = result.CancelsSent;
                        await WaitForNoOpenOrdersAsync().ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
        }

        var digest = string.Empty;
        await TryAsync("state digest", async () =>
        {
            await StopDigestRecordingAsync().ConfigureAwait(false);
            digest = (await RecordDigestAsync("shutdown", CancellationToken.None).ConfigureAwait(false)).Digest;
        }).ConfigureAwait(false);
        await System.Terminate().WaitAsync(_settings.ShutdownStepTimeout).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        await TryAsync("count the journal", CatchUpJournalTailAsync).ConfigureAwait(false);
        var status = Status();
        var written = _journalStorage.RowsWritten;
        await Journal.DisposeAsync().ConfigureAwait(false);
        await Snapshots.DisposeAsync().ConfigureAwait(false);
        var record = Exchange.Recorder;
        await Exchange.DisposeAsync().ConfigureAwait(false);
        _summary = new SessionSummary(
            Exchange.Description,
            StartedAt,
            Time.GetUtcNow(),
            reason,
            status,
            cancels,
            written,
            _journalUri,
            record is null ? null : (record.FilePath, record.MessagesWritten),
            StartDigest,
            digest);
        Log.Stopped(_logger, written, digest);
        _tailStopping.Dispose();
        _digestStopping.Dispose();
        return _summary;
    }

    /// <summary>Stops the node if it is still running.</summary>
    public async ValueTask DisposeAsync() => await StopAsync("disposed").ConfigureAwait(false);

    private async Task WaitForNoOpenOrdersAsync()
    {
        var deadline = Time.GetUtcNow() + _settings.ShutdownStepTimeout;
        while (Time.GetUtcNow() < deadline)
        {
            if (Status().OrdersOpen == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), Time).ConfigureAwait(false);
        }
    }

    // Counts what this session journals, from the journal itself: the status line shows what is on record.
    private void StartJournalTail(long afterOrdering)
    {
        _tailOffset = afterOrdering;
        var token = _tailStopping.Token;
        _tail = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var envelope in Journal.AllEvents(_tailOffset, token).ConfigureAwait(false))
                    {
                        _counters.OnJournaled(envelope.Event);
                        _tailOffset = envelope.Offset;
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                }
            },
            CancellationToken.None);
    }

    // Stops the live tail and reads what it had not reached yet, so the summary counts every event of the session.
    private async Task CatchUpJournalTailAsync()
    {
        await _tailStopping.CancelAsync().ConfigureAwait(false);
        await _tail.ConfigureAwait(false);
        await foreach (var envelope in Journal.CurrentAllEvents(_tailOffset).ConfigureAwait(false))
        {
            _counters.OnJournaled(envelope.Event);
            _tailOffset = envelope.Offset;
        }
    }

    // The market-data supervisor creates its children when it starts, a moment after ActorOf returns.
    private async Task WaitForActorAsync(string path)
    {
        var deadline = Time.GetUtcNow() + _settings.ShutdownStepTimeout;
        while (await ResolveAsync(path).ConfigureAwait(false) is null && Time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), Time).ConfigureAwait(false);
        }
    }

    private async Task<IActorRef?> ResolveAsync(string path)
    {
        try
        {
            return await System.ActorSelection(path).ResolveOne(_settings.ShutdownStepTimeout).ConfigureAwait(false);
        }
        catch (ActorNotFoundException)
        {
            return null;
        }
    }

    // A shutdown step that fails or times out is logged and skipped: the remaining steps (above all the journal flush)
    // must still run.
    private async Task TryAsync(string what, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Shutdown continues past any failed step; the failure is logged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Log.ShutdownStepFailed(_logger, e, what, e.Message);
        }
    }

    /// <summary>`90s`, `10m`, `1h30m`, `500ms`: how a duration is written on the command line.</summary>
    public static string Describe(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return string.Create(global::System.Globalization.CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0}ms");
        }

        var text = new global::System.Text.StringBuilder();
        foreach (var (unit, size) in new[] { ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)), ("s", TimeSpan.FromSeconds(1)) })
        {
            var count = (long)(duration / size);
            if (count > 0)
            {
                text.Append(global::System.Globalization.CultureInfo.InvariantCulture, $"{count}{unit}");
                duration -= size * count;
            }
        }

        return text.ToString();
    }

    internal static PersistenceSettings ReadPersistence(KalshiActorsConfiguration configuration)
    {
        var section = new ConfigurationBuilder().AddHoconConfig(configuration.Config).Build().GetSection("kalshi-actors:persistence");
        try
        {
            return PersistenceSettings.Create(section);
        }
        catch (ArgumentException e)
        {
            throw new ConfigurationException([new ConfigurationProblem("kalshi-actors.persistence", e.Message, null)]);
        }
    }

    private static void EnsureJournalDirectory(string uri)
    {
        var parsed = JournalUri.Parse(uri);
        if (parsed.Kind == JournalKind.Sqlite && Path.GetDirectoryName(Path.GetFullPath(parsed.Target)) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Node started in {Mode} mode: {Exchange}; journal {Journal}; {StrategyCount} strategies; {MarketCount} markets subscribed")]
        public static partial void Started(ILogger logger, string mode, string exchange, string journal, int strategyCount, int marketCount);

        [LoggerMessage(Level = LogLevel.Information, Message = "Recovered state-digest={Digest}")]
        public static partial void Recovered(ILogger logger, string digest);

        [LoggerMessage(Level = LogLevel.Information, Message = "Node stopping: {Reason}")]
        public static partial void Stopping(ILogger logger, string reason);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown step '{Step}' failed: {Reason}; continuing")]
        public static partial void ShutdownStepFailed(ILogger logger, Exception exception, string step, string reason);

        [LoggerMessage(Level = LogLevel.Information, Message = "Node stopped: {Events} events journaled this session; state-digest={Digest}")]
        public static partial void Stopped(ILogger logger, long events, string digest);
    }
}
