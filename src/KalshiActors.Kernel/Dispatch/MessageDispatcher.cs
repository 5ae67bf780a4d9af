using System.Collections.Concurrent;

namespace KalshiActors.Kernel;

/// <summary>Runs scheduled actor cells somewhere other than the shared thread pool.</summary>
internal abstract class MessageDispatcher
{
    /// <summary>
    /// Whether its queued and running cells count in <see cref="ActorSystem.PendingWork"/>; the deterministic dispatcher's
    /// do not, since its drain sees its own queue (saves two interlocked operations per turn).
    /// </summary>
    public bool CountsPendingWork { get; init; } = true;

    public abstract void Schedule(IThreadPoolWorkItem cell);

    public abstract void Shutdown();
}

/// <summary>A fixed set of dedicated threads (for actors that must not compete with the thread pool, e.g. blocking I/O).</summary>
internal sealed class DedicatedThreadDispatcher : MessageDispatcher
{
    private readonly BlockingCollection<IThreadPoolWorkItem> _queue = new(new ConcurrentQueue<IThreadPoolWorkItem>());

    public DedicatedThreadDispatcher(string name, int threads)
    {
        for (var i = 0; i < threads; i++)
        {
            new Thread(Run) { IsBackground = true, Name = $"{name}-{i}" }.Start();
        }
    }

    public override void Schedule(IThreadPoolWorkItem cell)
    {
        if (!_queue.IsAddingCompleted)
        {
            try
            {
                _queue.Add(cell);
                return;
            }
            catch (InvalidOperationException)
            {
                // Completed concurrently: the system is shutting down, run the last cells on the pool.
            }
        }

        ThreadPool.UnsafeQueueUserWorkItem(cell, preferLocal: false);
    }

    public override void Shutdown() => _queue.CompleteAdding();

    private void Run()
    {
        foreach (var cell in _queue.GetConsumingEnumerable())
        {
            cell.Execute();
        }
    }
}
