using KalshiActors.Persistence.Journal;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// The node's journal storage: counts what this session wrote, and on dispose waits for writes still in flight (the
/// journal actor commits off its own thread) before closing the database, so a graceful stop never cuts a batch.
/// </summary>
internal sealed class DrainingJournalStorage(IJournalStorage inner, TimeSpan drainTimeout) : IJournalStorage
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private TaskCompletionSource? _drained;
    private long _rows;

    /// <summary>Events written through this storage since it opened.</summary>
    public long RowsWritten => Interlocked.Read(ref _rows);

    public string Description => inner.Description;

    public async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _inFlight++;
        }

        try
        {
            await inner.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _rows, rows.Count);
        }
        finally
        {
            lock (_gate)
            {
                if (--_inFlight == 0)
                {
                    _drained?.TrySetResult();
                }
            }
        }
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

    /// <summary>Waits (up to the drain timeout) for writes in flight, then closes the database.</summary>
    public async ValueTask DisposeAsync()
    {
        Task drained;
        lock (_gate)
        {
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inFlight == 0)
            {
                _drained.TrySetResult();
            }

            drained = _drained.Task;
        }

        await drained.WaitAsync(drainTimeout).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
        await inner.DisposeAsync().ConfigureAwait(false);
    }
}
