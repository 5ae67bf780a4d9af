using KalshiActors.Persistence.Journal;

namespace KalshiActors.Persistence.Tests.Actors;

/// <summary>Counts transactions and rows written through it.</summary>
internal sealed class CountingJournalStorage(IJournalStorage inner) : IJournalStorage
{
    private int _writes;
    private int _rows;

    public int Writes => Volatile.Read(ref _writes);

    public int Rows => Volatile.Read(ref _rows);

    public string Description => inner.Description;

    public async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(rows, cancellationToken);
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _rows, rows.Count);
    }

    public IAsyncEnumerable<JournalRow> ReadEventsAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken) =>
        inner.ReadEventsAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);

    public IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        inner.ReadTaggedAsync(tag, afterOrdering, max, cancellationToken);

    public IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken) =>
        inner.ReadAllAsync(afterOrdering, max, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        inner.DeleteToAsync(persistenceId, toSequenceNr, cancellationToken);

    public Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken) => inner.ReadStatisticsAsync(cancellationToken);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
