using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Cluster;

/// <summary>
/// The journal as a cluster node sees it: per-node streams get their node suffix (<see cref="NodeScopedIds"/>), and every
/// write to a router's stream is fenced: it passes only while this node holds a live lease on the market's shard AND the
/// database's epoch for the shard is still the one the node acquired. A write from a node that lost its shard (fenced
/// off, handed off, or superseded by a newer owner) is refused with <see cref="JournalConcurrencyException"/>, which the
/// journal reports to that writer alone, so an order from a stale epoch is never stored and therefore never sent.
/// </summary>
internal sealed class FencedJournalStorage(IJournalStorage inner, NodeScopedIds ids, ShardLeaseGate gate, ClusterDatabase database, ILogger logger)
    : IJournalStorage
{
    // Reads as this node's actors read: its per-node streams under their plain ids.
    private readonly NodeJournalView _reads = new(inner, ids, "this node");

    public string Description => inner.Description;

    public async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        var routerRows = rows.Select(r => (Row: r, Ticker: NodeScopedIds.RouterTicker(r.PersistenceId))).Where(x => x.Ticker is not null).ToList();
        if (routerRows.Count > 0)
        {
            var shards = routerRows.Select(x => ShardMap.ShardOf(x.Ticker!, gate.ShardCount)).Distinct().ToList();
            var held = shards.ToDictionary(s => s, gate.EpochOf);
            IReadOnlyDictionary<int, long> stored = held.Values.All(e => e is not null)
                ? await database.ReadEpochsAsync(shards, cancellationToken).ConfigureAwait(false)
                : new Dictionary<int, long>();
            foreach (var (row, ticker) in routerRows)
            {
                var shard = ShardMap.ShardOf(ticker!, gate.ShardCount);
                var mine = held[shard];
                if (mine is null || !stored.TryGetValue(shard, out var current) || current != mine || gate.EpochOf(shard) != mine)
                {
                    Log.Refused(logger, row.PersistenceId, row.SequenceNr, shard, mine, stored.TryGetValue(shard, out var c) ? c : null);
                    throw new JournalConcurrencyException(row.PersistenceId, row.SequenceNr);
                }
            }
        }

        await inner.WriteAsync([.. rows.Select(r => r with { PersistenceId = ids.ToStored(r.PersistenceId) })], cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<JournalRow> ReadEventsAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken) =>
        _reads.ReadEventsAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);

    public IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        _reads.ReadTaggedAsync(tag, afterOrdering, max, cancellationToken);

    public IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken) =>
        _reads.ReadAllAsync(afterOrdering, max, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        _reads.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        inner.DeleteToAsync(ids.ToStored(persistenceId), toSequenceNr, cancellationToken);

    public Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken) => inner.ReadStatisticsAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}

/// <summary>Log messages of the journal fence.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Journal fence refused {PersistenceId} #{SequenceNr}: shard {Shard} held under epoch {HeldEpoch}, database epoch {StoredEpoch}; the write (and any order it carried) is dropped")]
    public static partial void Refused(ILogger logger, string persistenceId, long sequenceNr, int shard, long? heldEpoch, long? storedEpoch);
}
