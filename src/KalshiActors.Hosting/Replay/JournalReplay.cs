using System.Runtime;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Cluster;
using KalshiActors.Execution;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Settings;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Hosting.Replay;

/// <summary>What to replay.</summary>
public sealed record ReplayOptions
{
    /// <summary>The journal (`sqlite:PATH` or `postgres:...`).</summary>
    public required string JournalUri { get; init; }

    /// <summary>Stop after this global ordering (inclusive).</summary>
    public long? UntilOrdering { get; init; }

    /// <summary>Stop after the last event written at or before this time.</summary>
    public DateTimeOffset? UntilTime { get; init; }

    /// <summary>How long (real time) the recovered actors may take to answer.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Journals up to this many events are loaded into memory once (every event decoded once) and replayed from there;
    /// longer ones are read from the store by every recovery and query: slower, but the memory held does not grow with the journal.
    /// </summary>
    public long MaxPreloadedEvents { get; init; } = 2_000_000;

    /// <summary>
    /// A cluster's journal: the node whose state to rebuild (its own streams, <c>portfolio@node</c> and the like, with
    /// every router's); null for a single node's journal.
    /// </summary>
    public string? Node { get; init; }
}

/// <summary>
/// Rebuilds the node's state from a journal by recovering the production persistent actors (portfolio, execution with its
/// routers, risk guardian), wired exactly as the node wires them, from a <see cref="JournalAsOfStorage"/> view that stops
/// at the bound, on a <see cref="VirtualClock"/> standing at the last replayed event's time, with an exchange that never
/// answers. The state digest is collected as the node collects it, so the two are comparable.
/// </summary>
public static class JournalReplay
{
    // Asked again until two answers agree (and nothing more was written): what the recovered actors do in reply to one
    // another after recovery (the guardian taking the portfolio's caught-up figures) settles within a few turns.
    private static readonly TimeSpan SettleInterval = TimeSpan.FromMilliseconds(10);

    // The portfolio answers before its fill catch-up (a message to itself after recovery) is applied; it is asked until it
    // says it has caught up rather than waited for on a fixed interval.
    private static readonly TimeSpan CatchUpPollInterval = TimeSpan.FromMilliseconds(2);

    // Room for the allocations of a replay without collections: ~730 bytes per event replayed in `bench replay` (loaded row
    // and event, then the actors' recovery), with headroom; the cap is the room for ReplayOptions.MaxPreloadedEvents' default.
    private const long NoGcBytesPerEvent = 1_024;
    private const long MinNoGcBytes = 64L << 20;
    private const long MaxNoGcBytes = 2L << 30;

    private static readonly Lock BatchGcLock = new();
    private static int _batchGcReplays;
    private static GCLatencyMode _latencyBeforeReplays;

    /// <summary>Replays <paramref name="options"/>' journal up to its bound with <paramref name="configuration"/>'s module settings.</summary>
    /// <exception cref="ReplayException">No journal there, or a bound it does not have.</exception>
    public static async Task<ReplayResult> RunAsync(
        KalshiActorsConfiguration configuration, ReplayOptions options, ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);

        // A replay is a batch job whose loaded journal all lives to gen 2: background GC then only adds a second thread
        // marking that graph alongside the replay's own. Blocking collections cost less CPU; the setting is the process's,
        // so it holds only while replays run (a live node in another process is untouched).
        EnterBatchGc();
        try
        {
            return await RunBatchAsync(configuration, options, loggers, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            LeaveBatchGc();
        }
    }

    // A replay of a loaded journal keeps nearly all it allocates until its end (the loaded rows and events, then the
    // recovered state): collections during it find little garbage and copy the growing live graph from generation to
    // generation, about a fifth of the replay's CPU. So the replay asks for no collection at all while it runs, with room
    // for what it allocates per event (a journal of larger events runs past it, and then collections resume as usual). The
    // memory is the process's for the replay's length, which a batch job can spare; the garbage goes at the next collection.
    private static bool TryStartNoGcRegion(long events)
    {
        lock (BatchGcLock)
        {
            // Only a replay running alone: the region is the process's, and the first replay to end would end it.
            if (_batchGcReplays != 1 || GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                return false;
            }

            try
            {
                return GC.TryStartNoGCRegion(Math.Clamp(events * NoGcBytesPerEvent, MinNoGcBytes, MaxNoGcBytes));
            }
            catch (ArgumentOutOfRangeException)
            {
                // More than this runtime's configuration lets a region hold: collect as usual.
                return false;
            }
        }
    }

    private static void EndNoGcRegion(bool started)
    {
        lock (BatchGcLock)
        {
            // A replay that allocated past the region's room has already left it (the runtime collected and ended it).
            if (started && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                try
                {
                    GC.EndNoGCRegion();
                }
                catch (InvalidOperationException)
                {
                    // Ended meanwhile by a collection another caller induced: nothing left to end.
                }
            }
        }
    }

    // Counted, so that overlapping replays in one process restore the mode found before the first of them.
    private static void EnterBatchGc()
    {
        lock (BatchGcLock)
        {
            if (_batchGcReplays++ == 0)
            {
                _latencyBeforeReplays = GCSettings.LatencyMode;
                GCSettings.LatencyMode = GCLatencyMode.Batch;
            }
        }
    }

    private static void LeaveBatchGc()
    {
        lock (BatchGcLock)
        {
            if (--_batchGcReplays == 0)
            {
                GCSettings.LatencyMode = _latencyBeforeReplays;
            }
        }
    }

    private static async Task<ReplayResult> RunBatchAsync(
        KalshiActorsConfiguration configuration, ReplayOptions options, ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        var source = await ReplayJournal.OpenAsync(options.JournalUri, cancellationToken).ConfigureAwait(false);
        JournalBound bound;
        AuditSummary audit;
        var noGcRegion = false;
        try
        {
            bound = await ReplayJournal.ResolveBoundAsync(source, options.UntilOrdering, options.UntilTime, cancellationToken).ConfigureAwait(false);
            if (bound.Ordering <= options.MaxPreloadedEvents)
            {
                // The recoveries and catch-ups below read most rows three or four times over; from memory, decoded once.
                noGcRegion = TryStartNoGcRegion(bound.Ordering);
                source = await PreloadedJournalStorage.LoadAsync(source, bound.Ordering, ReplayJournal.CreateRegistry(), cancellationToken).ConfigureAwait(false);
            }

            source = await ForNodeAsync(source, options.Node, cancellationToken).ConfigureAwait(false);
            audit = await AuditTrail.SummarizeAsync(source, bound.Ordering, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            EndNoGcRegion(noGcRegion);
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var view = new JournalAsOfStorage(source, bound.Ordering);
        IReadOnlyList<StateDigestPart> parts;
        int written;
        try
        {
            (parts, written) = await RecoverAsync(configuration, view, bound, options.Timeout, loggers ?? NullLoggerFactory.Instance, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            EndNoGcRegion(noGcRegion);
        }

        return new ReplayResult(
            KalshiActors.Persistence.JournalUri.Redact(options.JournalUri) + (options.Node is { } node ? $" as node {node}" : string.Empty),
            bound,
            audit.Events,
            written,
            parts,
            StateDigest.Compute(parts),
            audit.RowsByKind);
    }

    /// <summary>
    /// <paramref name="source"/> as <paramref name="node"/> reads it in a cluster's journal. Without a node, a journal that
    /// holds only nodes' own streams (a cluster's) is refused with the nodes to choose from: replayed as one node's, it
    /// would rebuild an empty portfolio and risk state and compare them with digests none of its nodes took.
    /// </summary>
    internal static async Task<IJournalStorage> ForNodeAsync(IJournalStorage source, string? node, CancellationToken cancellationToken)
    {
        if (node is not null)
        {
            if (await source.ReadHighestSequenceNrAsync(new NodeScopedIds(node).ToStored(ActorNames.Portfolio), cancellationToken).ConfigureAwait(false) == 0 &&
                await NodesAsync(source, cancellationToken).ConfigureAwait(false) is { Count: > 0 } known && !known.Contains(node, StringComparer.Ordinal))
            {
                throw new ReplayException($"--node {node}: no stream of that node in this journal; its nodes are {string.Join(", ", known)}");
            }

            return new NodeJournalView(source, node);
        }

        if (await source.ReadHighestSequenceNrAsync(ActorNames.Portfolio, cancellationToken).ConfigureAwait(false) == 0 &&
            await NodesAsync(source, cancellationToken).ConfigureAwait(false) is { Count: > 0 } nodes)
        {
            throw new ReplayException(
                $"this is a cluster's journal (nodes {string.Join(", ", nodes)}): each node has its own portfolio and risk state; replay one with --node ID");
        }

        return source;
    }

    private static async Task<IReadOnlyList<string>> NodesAsync(IJournalStorage source, CancellationToken cancellationToken)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in source.ReadAllAsync(0, int.MaxValue, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(row.PersistenceId);
        }

        return NodeJournalView.NodesIn(ids);
    }

    /// <summary>Recovers the stateful actors from <paramref name="view"/> (disposed here) and returns their settled digest parts.</summary>
    internal static async Task<(IReadOnlyList<StateDigestPart> Parts, int EventsWritten)> RecoverAsync(
        KalshiActorsConfiguration configuration, JournalAsOfStorage view, JournalBound bound, TimeSpan timeout, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        // Snapshots are neither read (see below) nor kept: taking them (the portfolio sorts and serializes every booked trade
        // id) would only cost the replay time.
        var settings = configuration.Settings with
        {
            Portfolio = configuration.Settings.Portfolio with { SnapshotEveryEvents = int.MaxValue },
            Risk = configuration.Settings.Risk with { SnapshotEvery = int.MaxValue },
        };
        var kernelReader = SettingsReader.For(configuration.Config, "kalshi-actors.kernel");
        var kernel = KernelSettingsReader.Read(kernelReader);
        kernelReader.ThrowIfProblems();
        var persistence = TradingNode.ReadPersistence(configuration);
        var clock = new VirtualClock(bound.At ?? DateTimeOffset.UnixEpoch);
        var registry = ReplayJournal.CreateRegistry();

        // Snapshots are left out: the journal is the record, and a snapshot taken after the bound would hold later state.
        await using var journal = new EventJournal(view, registry, clock, persistence.QueryPageSize, persistence.QueryRefreshInterval);
        await using var snapshots = new SnapshotStore(new InMemorySnapshotStorage(), registry);
        var system = ActorSystem.Create("kalshi-actors-replay", kernel, clock, loggers);
        try
        {
            PersistenceExtension.Start(system, journal, snapshots, persistence);

            // Live execution mode over a gateway that never answers: routers recover and reconcile with nobody.
            NodeModules.CreateStatefulActors(system, settings, settings.Execution with { Mode = ExecutionMode.Live }, new ReplayOrderGateway());
            await WaitForPortfolioCatchUpAsync(system, timeout, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<StateDigestPart>? previous = null;
            for (var attempt = 0; ; attempt++)
            {
                var written = view.OverlayRows.Count;
                var parts = await StateDigest.CollectPartsAsync(system, timeout, cancellationToken).ConfigureAwait(false);
                if (previous is not null && Same(previous, parts) && written == view.OverlayRows.Count)
                {
                    return (parts, written);
                }

                if (attempt > 100)
                {
                    throw new ReplayException($"the recovered state did not settle after {attempt} reads; the journal may be being written to");
                }

                previous = parts;
                await Task.Delay(SettleInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await system.Terminate().WaitAsync(timeout, CancellationToken.None).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }
    }

    private static async Task WaitForPortfolioCatchUpAsync(ActorSystem system, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var portfolio = await system.ActorSelection(ActorNames.PortfolioPath).ResolveOne(timeout)
            .WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        var started = TimeProvider.System.GetTimestamp();
        while (!(await portfolio.Ask<PortfolioUpdated>(new GetPortfolio(), timeout, cancellationToken).ConfigureAwait(false)).CaughtUp)
        {
            if (TimeProvider.System.GetElapsedTime(started) > timeout)
            {
                throw new ReplayException($"the portfolio did not catch up on the journal's fills within {timeout}");
            }

            await Task.Delay(CatchUpPollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool Same(IReadOnlyList<StateDigestPart> a, IReadOnlyList<StateDigestPart> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Component == p.Second.Component && p.First.CanonicalJson.AsSpan().SequenceEqual(p.Second.CanonicalJson));
}
