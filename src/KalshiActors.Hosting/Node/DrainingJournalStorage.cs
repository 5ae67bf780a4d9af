using KalshiActors.Persistence.Journal;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// The node's journal storage: counts what this session wrote, and on dispose waits for writes still in flight (the
/// journal actor commits off its own thread) before closing the database, so a graceful stop never cuts a batch.
/// </summary>
internal sealed class DrainingJournalStorage(IJournalStorage inner, TimeSpan drainTimeout) : ForwardingJournalStorage(inner)
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private TaskCompletionSource? _drained;
    private long _rows;

    /// <summary>Events written through this storage since it opened.</summary>
    public long RowsWritten => Interlocked.Read(ref _rows);

    public override async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _inFlight++;
        }

        try
        {
            await Inner.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Waits (up to the drain timeout) for writes in flight, then closes the database.</summary>
    public override async ValueTask DisposeAsync()
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
        await Inner.DisposeAsync().ConfigureAwait(false);
    }
}
