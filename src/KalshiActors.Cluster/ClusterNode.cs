using KalshiActors.Domain.Ports;
using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Cluster;

/// <summary>
/// A node's membership in a cluster sharing one PostgreSQL database: the lease gate the risk guardian and routers check,
/// the journal and feed wrappers that confine the node to its shards, and the cluster actor that heartbeats, balances
/// shards and leases the risk budget. Hosting opens it before the actor system and disposes it after (leaving the
/// cluster: budget returned, locks released).
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly ClusterDatabase _database;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    // One round (or the leave) at a time on the lock connection, which is not safe for concurrent use.
    private readonly SemaphoreSlim _lockConnection = new(1, 1);
    private bool _left;

    private ClusterNode(ClusterSettings settings, string nodeId, ClusterDatabase database, TimeProvider time, ILoggerFactory loggers)
    {
        Settings = settings;
        NodeId = nodeId;
        _database = database;
        _time = time;
        _loggers = loggers;
        Gate = new ShardLeaseGate(settings.ShardCount, time);
        Ids = new NodeScopedIds(nodeId);
        StartedAt = time.GetUtcNow();
    }

    /// <summary>The settings in force.</summary>
    public ClusterSettings Settings { get; }

    /// <summary>This node's id.</summary>
    public string NodeId { get; }

    /// <summary>When the node joined.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The node's shard leases; hand it to the risk guardian and execution.</summary>
    public ShardLeaseGate Gate { get; }

    /// <summary>The gate as the Domain port.</summary>
    public IShardLeaseGate LeaseGate => Gate;

    /// <summary>Per-node persistence ids.</summary>
    public NodeScopedIds Ids { get; }

    /// <summary>Application name of the lock connection in pg_stat_activity.</summary>
    public string LockApplicationName => _database.LockApplicationName;

    /// <summary>Connects to the cluster's tables in the journal database (<paramref name="connectionString"/>, schema <paramref name="schema"/>).</summary>
    public static async Task<ClusterNode> OpenAsync(
        ClusterSettings settings, string connectionString, string schema, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validated();
        var nodeId = settings.ResolvedNodeId;
        var database = await ClusterDatabase.OpenAsync(connectionString, schema, nodeId, settings, cancellationToken).ConfigureAwait(false);
        return new ClusterNode(settings, nodeId, database, time, loggers);
    }

    /// <summary>The journal storage as this node must use it (per-node ids, router writes fenced by shard epoch).</summary>
    public IJournalStorage WrapJournal(IJournalStorage inner) =>
        new FencedJournalStorage(inner, Ids, Gate, _database, _loggers.CreateLogger<FencedJournalStorage>());

    /// <summary>The snapshot storage as this node must use it (per-node ids).</summary>
    public ISnapshotStorage WrapSnapshots(ISnapshotStorage inner) => new NodeScopedSnapshotStorage(inner, Ids);

    /// <summary>The exchange feed narrowed to this node's shards.</summary>
    public IMarketDataFeed WrapFeed(IMarketDataFeed inner) => new ShardFilteredMarketDataFeed(inner, Gate);

    /// <summary>Props of the cluster actor (create it as ActorNames.Cluster under /user).</summary>
    public Props CoordinatorProps() => ClusterCoordinatorActor.Props(this);

    /// <summary>Props of the actor that feeds every node's fills from the shared journal to the local portfolio, from <paramref name="afterOrdering"/>.</summary>
    public static Props FillRelayProps(long afterOrdering) => JournalFillRelayActor.Props(afterOrdering);

    /// <summary>The cluster as the database sees it.</summary>
    public Task<Domain.Protocol.ClusterState> ReadStateAsync(CancellationToken cancellationToken) => _database.ReadStateAsync(cancellationToken);

    /// <summary>Turns the cluster-wide kill switch on (<paramref name="halted"/>) or off, as an operator command every node applies on its next heartbeat.</summary>
    public Task<Domain.Protocol.ClusterControl> SetControlAsync(bool halted, string reason, string @operator, CancellationToken cancellationToken) =>
        _database.SetControlAsync(halted, reason, @operator, cancellationToken);

    /// <summary>One heartbeat round (see <see cref="RoundInput"/>), serialized with the others and with leaving.</summary>
    internal async Task<RoundResult> RunRoundAsync(RoundInput input, CancellationToken cancellationToken)
    {
        await _lockConnection.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_left)
            {
                throw new ClusterException("The node has left the cluster.");
            }

            var startedAt = _time.GetUtcNow();
            if (input.DropConnection)
            {
                await _database.DropLockConnectionAsync().ConfigureAwait(false);
            }

            var reconnected = await _database.EnsureLockConnectionAsync(cancellationToken).ConfigureAwait(false);
            var members = await _database.HeartbeatAsync(StartedAt, input.TradingState, cancellationToken).ConfigureAwait(false);
            var control = await _database.ReadControlAsync(cancellationToken).ConfigureAwait(false);
            var taken = input.RecordTakenControl is { } record
                ? await _database.RecordTakenControlAsync(record, cancellationToken).ConfigureAwait(false)
                : input.ReadTakenControl ? await _database.ReadTakenControlAsync(cancellationToken).ConfigureAwait(false) : null;
            var live = members.Where(m => m.Live).Select(m => m.NodeId).Append(NodeId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

            // The session's real locks are the truth: a believed lease without its lock is lost; a lock without a
            // believed lease (a round cancelled mid-acquire) is released, so balancing never stalls on it.
            var locks = await _database.ReadHeldLocksAsync(cancellationToken).ConfigureAwait(false);
            var held = input.Held.Keys.Where(locks.Contains).ToHashSet();
            var lost = input.Held.Keys.Where(s => !locks.Contains(s)).Order().ToList();
            var releasing = input.Releasing.Where(locks.Contains).ToHashSet();
            var unlocked = new List<int>();
            foreach (var shard in locks.Where(s => !held.Contains(s) && (!releasing.Contains(s) || input.Unlock.Contains(s))))
            {
                await _database.ReleaseAsync(shard, cancellationToken).ConfigureAwait(false);
                unlocked.Add(shard);
                releasing.Remove(shard);
            }

            var plan = ShardBalancer.Plan(NodeId, live, Settings.ShardCount, held);
            var acquired = new Dictionary<int, long>();
            var release = new List<int>();
            if (input.MayAcquire)
            {
                foreach (var shard in plan.TryAcquire.Where(s => !releasing.Contains(s)))
                {
                    if (held.Count + acquired.Count >= plan.Target)
                    {
                        break;
                    }

                    if (await _database.TryAcquireAsync(shard, cancellationToken).ConfigureAwait(false) is { } epoch)
                    {
                        acquired[shard] = epoch;
                    }
                }

                release.AddRange(plan.Release);
            }

            var account = _database.AccountLimits;
            var desired = RiskBudgetArithmetic.Desired(RiskBudgetArithmetic.FairShare(account, live.Count), input.InUse, account);
            var (budget, expires) = await _database.LeaseBudgetAsync(desired, cancellationToken).ConfigureAwait(false);
            return new RoundResult(startedAt, reconnected, lost, acquired, release, unlocked, live, plan.Target, budget, expires, control, taken);
        }
        finally
        {
            _lockConnection.Release();
        }
    }

    /// <summary>Leaves the cluster: trading stops (gate fenced), the budget is returned, the member row removed and every lock released.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        Gate.Fence();
        await _lockConnection.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_left)
            {
                return;
            }

            _left = true;
            await _database.LeaveAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _lockConnection.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var limit = new CancellationTokenSource(Settings.LeaseTimeout);
            await LeaveAsync(limit.Token).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Leaving is best effort: the database releases the locks and expires the budget anyway.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _loggers.CreateLogger<ClusterNode>().LogWarning("Leaving the cluster cleanly failed ({Reason}); the database releases the locks and expires the budget", e.Message);
        }

        await _database.DisposeAsync().ConfigureAwait(false);
        _lockConnection.Dispose();
    }
}
