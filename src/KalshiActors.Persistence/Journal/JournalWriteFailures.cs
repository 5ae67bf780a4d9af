namespace KalshiActors.Persistence.Journal;

/// <summary>
/// How many writes the journal actor has failed or refused so far (storage failures, the writes queued behind them,
/// serialization rejections, concurrency conflicts): read by any actor as a mark (SendWritesNow), written only by the
/// journal actor.
/// </summary>
internal sealed class JournalWriteFailures
{
    private long _count;

    public long Count => Volatile.Read(ref _count);

    public void Add(int writes)
    {
        if (writes > 0)
        {
            Interlocked.Add(ref _count, writes);
        }
    }
}
