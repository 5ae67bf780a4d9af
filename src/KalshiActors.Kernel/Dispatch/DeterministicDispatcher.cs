using System.Collections.Concurrent;
using System.Diagnostics;

namespace KalshiActors.Kernel;

/// <summary>
/// Every actor of a <see cref="KernelSettings.Deterministic"/> system runs here: scheduled cells wait in one FIFO run queue
/// that <see cref="ActorSystem.RunUntilIdle"/> drains on its caller's thread, one turn at a time (Akka's
/// CallingThreadDispatcher, for a whole system). The order of turns is then a function of what was sent, in what order,
/// and idle is simply an empty queue with no async work outstanding, with no thread timing involved.
/// </summary>
internal sealed class DeterministicDispatcher : MessageDispatcher
{
    // The dispatcher whose drain runs on this thread: cells it schedules go straight into the run queue.
    [ThreadStatic]
    private static DeterministicDispatcher? t_draining;

    // Touched only by the draining thread.
    private readonly Queue<IThreadPoolWorkItem> _runQueue = new();

    // Cells scheduled from any other thread (the driver between drains, async work completing on the thread pool); moved
    // into the run queue in arrival order when the run queue is empty.
    private readonly ConcurrentQueue<IThreadPoolWorkItem> _inbox = new();

    // Set when the inbox gets a cell or the system's pending work drops to zero while a drain sleeps, waiting for async work.
    private readonly ManualResetEventSlim _arrived = new(false);

    // 1 while a drain is about to sleep or sleeps on _arrived; producers signal only then (an event per message is costly).
    private int _sleeping;

    private readonly ActorSystem _system;
    private int _draining;

    public DeterministicDispatcher(ActorSystem system)
    {
        _system = system;
        CountsPendingWork = false;
    }

    public override void Schedule(IThreadPoolWorkItem cell)
    {
        if (ReferenceEquals(t_draining, this))
        {
            _runQueue.Enqueue(cell);
            return;
        }

        // The enqueue is a full fence before the read, pairing with the drain's fence between setting _sleeping and reading
        // the inbox: either the drain sees the cell or we see it sleeping.
        _inbox.Enqueue(cell);
        if (Volatile.Read(ref _sleeping) != 0)
        {
            _arrived.Set();
        }
    }

    public override void Shutdown()
    {
        // The queue has no threads to stop; a drain still running finishes the last turns.
    }

    /// <summary>Wakes a drain waiting for async work (the system's pending work reached zero).</summary>
    public void Wake()
    {
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _sleeping) != 0)
        {
            _arrived.Set();
        }
    }

    /// <summary>Runs turns until nothing is queued and the system has no pending async work; see <see cref="ActorSystem.RunUntilIdle"/>.</summary>
    public long RunUntilIdle(TimeSpan stallTimeout)
    {
        if (Interlocked.Exchange(ref _draining, 1) != 0)
        {
            throw new InvalidOperationException(
                $"{_system} is already being run by another RunUntilIdle (from an actor or another thread); a deterministic system has exactly one driver.");
        }

        var outer = t_draining;
        t_draining = this;
        long turns = 0;
        try
        {
            long waitingSince = 0;
            while (true)
            {
                while (_runQueue.TryDequeue(out var cell))
                {
                    cell.Execute();
                    turns++;
                }

                if (MoveInbox())
                {
                    waitingSince = 0;
                    continue;
                }

                // Cells of this dispatcher are not counted: what is left is async work started by actors.
                if (_system.PendingWork == 0)
                {
                    return turns;
                }

                // Async work started by an actor (a PipeTo, an awaited task) completes on another thread: wait for its
                // result to be queued, which is what makes it part of this step rather than a later one.
                if (waitingSince == 0)
                {
                    waitingSince = Stopwatch.GetTimestamp();
                }
                else if (Stopwatch.GetElapsedTime(waitingSince) > stallTimeout)
                {
                    throw new TimeoutException(
                        $"{_system} did not become idle within {stallTimeout.TotalSeconds:0.###}s: {_system.PendingWork} async operations started by actors have not completed.");
                }

                _arrived.Reset();
                Interlocked.Exchange(ref _sleeping, 1);
                if (_inbox.IsEmpty && _system.PendingWork != 0)
                {
                    _arrived.Wait(TimeSpan.FromMilliseconds(100));
                }

                Volatile.Write(ref _sleeping, 0);
            }
        }
        finally
        {
            t_draining = outer;
            Volatile.Write(ref _draining, 0);
        }
    }

    private bool MoveInbox()
    {
        var moved = false;
        while (_inbox.TryDequeue(out var cell))
        {
            _runQueue.Enqueue(cell);
            moved = true;
        }

        return moved;
    }
}
