using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Cluster;

/// <summary>
/// The node's view of its shard leases, read by the risk guardian, the routers and the journal fence on every decision.
/// A lease counts only until the last successful database round plus the lease timeout: a node whose connection hangs
/// or drops stops trading on its own, without waiting to learn that the database released its locks.
/// </summary>
public sealed class ShardLeaseGate : IShardLeaseGate
{
    private readonly Lock _sync = new();
    private readonly TimeProvider _time;
    private readonly int _shardCount;

    // Shards whose lock this node holds (and has not begun to hand off), with the epoch it acquired them under.
    private Dictionary<int, long> _held = [];

    // End of the current proof of life: the start of the last successful database round plus the lease timeout.
    private DateTimeOffset _liveUntil = DateTimeOffset.MinValue;

    /// <summary>A gate for <paramref name="shardCount"/> shards holding nothing yet.</summary>
    public ShardLeaseGate(int shardCount, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(shardCount, 1);
        _shardCount = shardCount;
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>Raised after the held shards changed (gained, handed off or all fenced).</summary>
    public event System.Action? Changed;

    /// <summary>How many shards markets are hashed into.</summary>
    public int ShardCount => _shardCount;

    /// <summary>Whether the leases are live now (the last database round is recent enough).</summary>
    public bool IsLive
    {
        get
        {
            lock (_sync)
            {
                return _time.GetUtcNow() < _liveUntil;
            }
        }
    }

    /// <inheritdoc />
    public long? LeaseEpoch(MarketTicker ticker) => EpochOf(ShardMap.ShardOf(ticker, _shardCount));

    /// <summary>The epoch of <paramref name="shard"/> while its lease is live; null otherwise.</summary>
    public long? EpochOf(int shard)
    {
        lock (_sync)
        {
            return _time.GetUtcNow() < _liveUntil && _held.TryGetValue(shard, out var epoch) ? epoch : null;
        }
    }

    /// <summary>The shards held (live or not), with epochs.</summary>
    public IReadOnlyDictionary<int, long> Held
    {
        get
        {
            lock (_sync)
            {
                return new SortedDictionary<int, long>(_held);
            }
        }
    }

    /// <summary>A database round that began at <paramref name="roundStartedAt"/> succeeded: leases are live until it plus <paramref name="leaseTimeout"/>.</summary>
    public void Renew(DateTimeOffset roundStartedAt, TimeSpan leaseTimeout)
    {
        lock (_sync)
        {
            var until = roundStartedAt + leaseTimeout;
            if (until > _liveUntil)
            {
                _liveUntil = until;
            }
        }
    }

    /// <summary>Replaces the held shards (after a round acquired some, or before a handoff closes some).</summary>
    public void SetHeld(IReadOnlyDictionary<int, long> held)
    {
        lock (_sync)
        {
            _held = new Dictionary<int, long>(held);
        }

        Changed?.Invoke();
    }

    /// <summary>Forgets every lease at once (the lock connection is gone, or the node is stopping).</summary>
    public void Fence()
    {
        lock (_sync)
        {
            _held = [];
            _liveUntil = DateTimeOffset.MinValue;
        }

        Changed?.Invoke();
    }
}
