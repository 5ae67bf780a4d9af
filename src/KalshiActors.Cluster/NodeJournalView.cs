using System.Runtime.CompilerServices;
using KalshiActors.Persistence.Journal;

namespace KalshiActors.Cluster;

/// <summary>
/// A cluster's shared journal as one node's actors read it (its per-node streams, <c>portfolio@node</c> and the like,
/// under their plain ids; every other stream as it is), for reading only: how a replay rebuilds one node's state.
/// </summary>
public sealed class NodeJournalView : IJournalStorage
{
    private readonly IJournalStorage _inner;
    private readonly NodeScopedIds _ids;
    private readonly string _nodeId;

    /// <summary>The view of <paramref name="inner"/> (disposed with the view) as node <paramref name="nodeId"/> reads it.</summary>
    public NodeJournalView(IJournalStorage inner, string nodeId)
        : this(inner, new NodeScopedIds(nodeId), nodeId)
    {
    }

    internal NodeJournalView(IJournalStorage inner, NodeScopedIds ids, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _ids = ids;
        _nodeId = nodeId;
    }

    /// <summary>The nodes (sorted) whose per-node streams are among <paramref name="storedIds"/>, the ids as stored.</summary>
    public static IReadOnlyList<string> NodesIn(IEnumerable<string> storedIds)
    {
        ArgumentNullException.ThrowIfNull(storedIds);
        return [.. storedIds.Select(NodeScopedIds.NodeOf).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public string Description => $"{_inner.Description} as node {_nodeId}";

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"The journal is read as node {_nodeId} for a replay; nothing is written to it.");

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalRow> ReadEventsAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _inner.ReadEventsAsync(_ids.ToStored(persistenceId), fromSequenceNr, toSequenceNr, max, cancellationToken).ConfigureAwait(false))
        {
            yield return row with { PersistenceId = persistenceId };
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _inner.ReadTaggedAsync(tag, afterOrdering, max, cancellationToken).ConfigureAwait(false))
        {
            yield return row with { PersistenceId = _ids.FromStored(row.PersistenceId) };
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in _inner.ReadAllAsync(afterOrdering, max, cancellationToken).ConfigureAwait(false))
        {
            yield return row with { PersistenceId = _ids.FromStored(row.PersistenceId) };
        }
    }

    /// <inheritdoc />
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        _inner.ReadHighestSequenceNrAsync(_ids.ToStored(persistenceId), cancellationToken);

    /// <inheritdoc />
    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"The journal is read as node {_nodeId} for a replay; nothing is deleted from it.");

    /// <inheritdoc />
    public Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken) => _inner.ReadStatisticsAsync(cancellationToken);

    /// <inheritdoc />
    public int ReadLoadedEvents(string persistenceId, long fromSequenceNr, long toSequenceNr, Span<JournalRow> into)
    {
        var read = _inner.ReadLoadedEvents(_ids.ToStored(persistenceId), fromSequenceNr, toSequenceNr, into);
        for (var i = 0; i < read; i++)
        {
            into[i] = into[i] with { PersistenceId = persistenceId };
        }

        return read;
    }

    /// <inheritdoc />
    public int ReadLoadedTagged(string tag, long afterOrdering, Span<JournalRow> into)
    {
        var read = _inner.ReadLoadedTagged(tag, afterOrdering, into);
        for (var i = 0; i < read; i++)
        {
            into[i] = into[i] with { PersistenceId = _ids.FromStored(into[i].PersistenceId) };
        }

        return read;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _inner.DisposeAsync();
}
