using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;

namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// The channel a backtest feed actor reads: <see cref="Write"/> resumes a reader waiting in <see cref="WaitToReadAsync"/>
/// synchronously, so the feed actor's pump tells the item to its actor inside the driver's <c>Write</c> call and the item
/// is in the deterministic actor system's queue before the driver runs it (a thread-pool continuation would hand it over
/// unseen by the system's idle check). Until a reader waits (the actor's pump has not started yet), items queue and the
/// pump reads them when it starts. Waiting allocates nothing per item (one reusable value-task source), which matters at a
/// million items a second. One writer and one reader, never concurrently: the backtest's single driver thread does both.
/// </summary>
internal sealed class SynchronousChannelReader<T> : ChannelReader<T>, IValueTaskSource<bool>
{
    private readonly Queue<T> _items = new();

    // Not asynchronous: SetResult runs the waiting pump right there, on the writer's thread.
    private ManualResetValueTaskSourceCore<bool> _signal = new() { RunContinuationsAsynchronously = false };
    private bool _waiting;

    // The reader's token, registered once (the pump passes the same token to every wait).
    private CancellationToken _registeredToken;
    private CancellationTokenRegistration _registration;

    /// <summary>Queues one item, running a waiting reader at once.</summary>
    public void Write(T item)
    {
        _items.Enqueue(item);
        if (_waiting)
        {
            _waiting = false;
            _signal.SetResult(true);
        }
    }

    /// <inheritdoc />
    public override bool TryRead([MaybeNullWhen(false)] out T item) => _items.TryDequeue(out item);

    /// <inheritdoc />
    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        if (_items.Count > 0)
        {
            return new ValueTask<bool>(true);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        if (cancellationToken.CanBeCanceled && cancellationToken != _registeredToken)
        {
            _registration.Dispose();
            _registeredToken = cancellationToken;
            _registration = cancellationToken.Register(static state => ((SynchronousChannelReader<T>)state!).Cancel(), this);
        }

        _signal.Reset();
        _waiting = true;
        return new ValueTask<bool>(this, _signal.Version);
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _signal.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _signal.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _signal.OnCompleted(continuation, state, token, flags);

    // The feed actor stopped (its token was cancelled): end its pump's wait.
    private void Cancel()
    {
        if (_waiting)
        {
            _waiting = false;
            _signal.SetException(new OperationCanceledException(_registeredToken));
        }
    }
}
