using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;
using static KalshiActors.Persistence.Journal.JournalProtocol;

namespace KalshiActors.Persistence.Journal;

/// <summary>
/// Writes events of all persistent actors in shared transactions: while one batch is being written, newly arriving writes
/// queue up and go together in the next (group commit), bounded by max-batch-size; with a linger time it also waits that
/// long for company before writing a batch that is not full.
/// </summary>
internal sealed class JournalActor : ActorBase
{
    private readonly EventJournal _journal;
    private readonly JournalWriteFailures _failures;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _linger;

    // Writes waiting for the next transaction, in arrival order (per actor order is what recovery relies on). Outside a
    // deterministic system the writer loop takes from it too, under _gate.
    private readonly Queue<WriteMessages> _pending = new();
    private readonly Lock _gate = new();

    // Whether a transaction (or the writer loop) is running; at most one at a time so batches commit (and reply) in order.
    private bool _writing;

    private ILogger? _log;

    // Whether a linger flush is scheduled.
    private bool _flushScheduled;

    private JournalActor(EventJournal journal, PersistenceSettings settings, JournalWriteFailures failures)
    {
        _journal = journal;
        _failures = failures;
        _maxBatchSize = settings.MaxBatchSize;
        _linger = settings.Linger;
    }

    public static Props Props(EventJournal journal, PersistenceSettings settings, JournalWriteFailures failures) =>
        Kernel.Props.Create(() => new JournalActor(journal, settings, failures));

    protected override bool Receive(object message)
    {
        _log ??= Context.GetLogger();
        if (message is AwaitWritten)
        {
            // Batches commit and answer in arrival order, so the answer to an empty write comes after all earlier ones'.
            message = new WriteMessages([], Sender, 0, null);
        }

        if (!Context.System.Settings.Deterministic)
        {
            return ReceiveWithWriterLoop(message);
        }

        switch (message)
        {
            case WriteMessages write:
                _pending.Enqueue(write);
                if (!_writing)
                {
                    if (_linger <= TimeSpan.Zero || PendingEvents() >= _maxBatchSize)
                    {
                        WriteNextBatch();
                    }
                    else if (!_flushScheduled)
                    {
                        _flushScheduled = true;
                        Context.System.Scheduler.ScheduleTellOnce(_linger, Self, Flush.Instance, Self);
                    }
                }

                return true;
            case Flush:
                _flushScheduled = false;
                if (!_writing)
                {
                    WriteNextBatch();
                }

                return true;
            case BatchWritten written:
                _writing = false;
                Count(written);
                Reply(written);
                if (written.Failure is not null)
                {
                    FailPending(written.Failure);
                }
                else if (_pending.Count > 0)
                {
                    WriteNextBatch();
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Outside a deterministic system one loop on a pool thread commits batch after batch while writes keep coming, and
    /// answers each batch's writers itself: a batch committed and the next one started without going back through this
    /// actor's mailbox and a new Task.Run, two thread hand-offs (each a worker's wake-up) fewer per batch, which the
    /// order path crosses for the signal's, the decision's and the order's batches in turn.
    /// </summary>
    private bool ReceiveWithWriterLoop(object message)
    {
        switch (message)
        {
            case WriteMessages write:
                bool start;
                lock (_gate)
                {
                    _pending.Enqueue(write);
                    start = !_writing && (_linger <= TimeSpan.Zero || PendingEvents() >= _maxBatchSize);
                    _writing |= start;
                }

                if (start)
                {
                    StartWriterLoop();
                }
                else if (_linger > TimeSpan.Zero && !_flushScheduled)
                {
                    _flushScheduled = true;
                    Context.System.Scheduler.ScheduleTellOnce(_linger, Self, Flush.Instance, Self);
                }

                return true;
            case Flush:
                _flushScheduled = false;
                bool flush;
                lock (_gate)
                {
                    flush = !_writing && _pending.Count > 0;
                    _writing |= flush;
                }

                if (flush)
                {
                    StartWriterLoop();
                }

                return true;
            case WriterLoopEnded:
                return true;
            default:
                return false;
        }
    }

    // The loop's task is piped back only so that it counts as the system's pending work while it runs.
    private void StartWriterLoop() =>
        Task.Run(WriterLoopAsync).PipeTo(Self, Self, () => WriterLoopEnded.Instance, _ => WriterLoopEnded.Instance);

    private async Task WriterLoopAsync()
    {
        var running = true;
        try
        {
            while (true)
            {
                List<WriteMessages> batch;
                List<WriteMessages>? refused;
                lock (_gate)
                {
                    if (_pending.Count == 0)
                    {
                        _writing = running = false;
                        return;
                    }

                    batch = TakeBatch(out refused);
                }

                if (refused is not null)
                {
                    Refuse(refused);
                }

                if (batch.Count == 0)
                {
                    continue;
                }

                BatchWritten written;
                try
                {
                    written = new BatchWritten(batch, await _journal.WriteAsync(WritesOf(batch)).ConfigureAwait(false), null);
                }
                catch (Exception ex)
                {
                    written = new BatchWritten(batch, null, ex);
                }

                Count(written);
                Reply(written);
                if (written.Failure is not null)
                {
                    List<WriteMessages> behind;
                    lock (_gate)
                    {
                        behind = TakeAllPending();
                    }

                    FailBehind(behind, written.Failure);
                }
            }
        }
        finally
        {
            if (running)
            {
                // Only an exception thrown by the loop itself gets here: let the next write start a new loop.
                lock (_gate)
                {
                    _writing = false;
                }
            }
        }
    }

    private int PendingEvents() => _pending.Sum(p => p.EventCount);

    private void WriteNextBatch()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var batch = TakeBatch(out var refused);
        if (refused is not null)
        {
            Refuse(refused);
        }

        if (batch.Count == 0)
        {
            return;
        }

        _writing = true;
        var writes = WritesOf(batch);
        // A deterministic system (a backtest) has only its one thread: committing in line puts the result in its run queue
        // at once, as part of the same step.
        _journal.WriteAsync(writes).PipeTo(
            Self,
            Self,
            results => new BatchWritten(batch, results, null),
            failure => new BatchWritten(batch, null, failure));
    }

    // Counted before anyone hears of it, and before the next write is taken: see RequireNoWriteFailureSince.
    private void Count(BatchWritten written) =>
        _failures.Add(written.Failure is not null
            ? written.Batch.Sum(w => w.Writes.Count)
            : written.Results!.Count(r => r is not null));

    private void Refuse(List<WriteMessages> refused)
    {
        _failures.Add(refused.Sum(w => w.Writes.Count));
        Reply(new BatchWritten(refused, null, new JournalStorageException(
            "A journal write failed or was refused after these writes' condition was taken (one they may depend on), so they were not attempted")));
    }

    // Takes the next batch from _pending (under _gate outside a deterministic system).
    private List<WriteMessages> TakeBatch(out List<WriteMessages>? refused)
    {
        var batch = new List<WriteMessages>();
        refused = null;
        var events = 0;
        while (_pending.Count > 0)
        {
            var next = _pending.Peek();
            if (next.NoFailureSince is { } mark && _failures.Count > mark)
            {
                // A write it may depend on was not stored (see RequireNoWriteFailureSince): storing it could leave an
                // effect (an order) without its cause (the decision), so it is refused like the writes behind a failure.
                (refused ??= []).Add(_pending.Dequeue());
                continue;
            }

            // A conditional write may share a transaction: the journal refuses it there if a write ahead of it was refused
            // (AtomicWrite.RequiresEarlierWritesStored). A transaction of its own would cost each order an fsync of its own.
            if (batch.Count > 0 && events + next.EventCount > _maxBatchSize)
            {
                break;
            }

            _pending.Dequeue();
            events += next.EventCount;
            batch.Add(next);
        }

        return batch;
    }

    /// <summary>
    /// Fails every write queued behind a batch the storage failed. A queued write may have been caused by one in the failed
    /// batch (an order stored by a router whose approval the guardian handed over with SendWritesNow just before):
    /// committing it would store an effect without its cause. Its actor stops and recovers, as the failed ones do.
    /// A write that only reaches this actor after the failure was handled is written normally, unless its actor made it
    /// conditional on no write failing since a mark taken with its cause (RequireNoWriteFailureSince): the router's order
    /// is, so an order whose decision was lost is refused however late it arrives.
    /// </summary>
    private void FailPending(Exception cause) => FailBehind(TakeAllPending(), cause);

    // Empties _pending (under _gate outside a deterministic system), returning what it held in arrival order.
    private List<WriteMessages> TakeAllPending()
    {
        var behind = new List<WriteMessages>(_pending);
        _pending.Clear();
        return behind;
    }

    // One transaction's writes, in the order their requests arrived.
    private static List<AtomicWrite> WritesOf(List<WriteMessages> batch) => [.. batch.SelectMany(b => b.Writes)];

    private void FailBehind(List<WriteMessages> behind, Exception cause)
    {
        if (behind.Count == 0)
        {
            return;
        }

        var failure = new JournalStorageException($"An earlier journal write failed, so the writes queued behind it were not attempted: {cause.Message}");
        _failures.Add(behind.Sum(w => w.Writes.Count));
        Reply(new BatchWritten(behind, null, failure));
    }

    private void Reply(BatchWritten written)
    {
        if (written.Failure is not null)
        {
            _log!.LogError(
                written.Failure, "Journal {Journal} failed to write a batch of {Writes} writes; their actors stop and recover", _journal.Description, written.Batch.Count);
        }

        var offset = 0;
        foreach (var request in written.Batch)
        {
            var results = written.Results is null
                ? (IReadOnlyList<Exception?>)new Exception?[request.Writes.Count]
                : Slice(written.Results, offset, request.Writes.Count);
            offset += request.Writes.Count;
            request.PersistentActor.Tell(new WriteMessagesResult(request.ActorInstanceId, request.Writes, results, written.Failure), request.Sender);
        }
    }

    // One writer's share of a batch's results, read-only and never written after: the whole list when the batch was that
    // writer's alone (most batches on the order path), else a view over the journal's array instead of a copy.
    private static IReadOnlyList<Exception?> Slice(IReadOnlyList<Exception?> results, int offset, int count) =>
        offset == 0 && count == results.Count ? results
        : results is Exception?[] array ? new ArraySegment<Exception?>(array, offset, count)
        : results.Skip(offset).Take(count).ToList();
}
