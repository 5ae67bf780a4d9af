namespace KalshiActors.Kernel;

/// <summary>Request/response with actors: <c>Ask</c> and <c>PipeTo</c>.</summary>
public static class Futures
{
    /// <summary>Sends <paramref name="message"/> with a temporary ref as sender and waits for the first reply.</summary>
    public static Task<object> Ask(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<object>(receiver, message, timeout, cancellationToken);

    /// <summary>
    /// Sends <paramref name="message"/> with a temporary ref as sender; the task completes with the first reply (a
    /// <see cref="Status.Failure"/> reply faults it), or faults with <see cref="AskTimeoutException"/> after the timeout
    /// (<see cref="KernelSettings.DefaultAskTimeout"/> when null).
    /// </summary>
    public static Task<T> Ask<T>(this IActorRef receiver, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        var system = (receiver as ActorCell)?.System ?? ActorCell.Current?.System;
        var time = system?.TimeProvider ?? TimeProvider.System;
        var effective = timeout ?? system?.Settings.DefaultAskTimeout ?? KernelSettings.Default.DefaultAskTimeout;
        var promise = new PromiseActorRef<T>(system, receiver, message.GetType());
        promise.Start(time, effective, cancellationToken);

        // A caller inside an actor may block on the answer; the receiver must not be queued behind that caller.
        var inline = ActorCell.t_doNotInline;
        ActorCell.t_doNotInline = true;
        try
        {
            receiver.Tell(message, promise);
        }
        finally
        {
            ActorCell.t_doNotInline = inline;
        }

        return promise.Task;
    }

    /// <summary>Sends the task's result (or <see cref="Status.Failure"/>) to <paramref name="recipient"/> when it completes.</summary>
    public static Task PipeTo<T>(this Task<T> task, IActorRef recipient, IActorRef? sender = null, Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return Pipe(
            task,
            recipient,
            t => t.IsCompletedSuccessfully
                ? success is not null ? success(((Task<T>)t).Result) : (object?)((Task<T>)t).Result ?? new Status.Success(null)
                : failure is not null ? failure(Unwrap(t)) : new Status.Failure(Unwrap(t)),
            sender);
    }

    /// <summary>Sends <see cref="Status.Success"/> (or <paramref name="success"/>'s message, or <see cref="Status.Failure"/>) when the task completes.</summary>
    public static Task PipeTo(this Task task, IActorRef recipient, IActorRef? sender = null, Func<object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(recipient);
        return Pipe(
            task,
            recipient,
            t => t.IsCompletedSuccessfully
                ? success is not null ? success() : new Status.Success(null)
                : failure is not null ? failure(Unwrap(t)) : new Status.Failure(Unwrap(t)),
            sender);
    }

    // The piped result counts as the system's pending work from now until it is in the recipient's mailbox, so a virtual
    // clock never moves while a journal write or gateway call is still on its way back (see ActorSystem.PendingWork).
    private static Task Pipe(Task task, IActorRef recipient, Func<Task, object> message, IActorRef? sender)
    {
        if (task.IsCompleted)
        {
            // What the synchronous continuation below would do at once, without allocating it (an in-memory journal or a
            // paper gateway answers before PipeTo is called).
            recipient.Tell(message(task), sender);
            return Task.CompletedTask;
        }

        var system = (recipient as ActorCell)?.System ?? ActorCell.Current?.System;
        system?.WorkStarted();
        return task.ContinueWith(
            t =>
            {
                try
                {
                    recipient.Tell(message(t), sender);
                }
                finally
                {
                    system?.WorkFinished();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static Exception Unwrap(Task task) =>
        task.IsCanceled ? new TaskCanceledException(task)
        : task.Exception!.InnerExceptions.Count == 1 ? task.Exception.InnerException! : task.Exception;
}

/// <summary>The temporary sender of an ask: completes the task with the first message it receives.</summary>
internal sealed class PromiseActorRef<T> : MinimalActorRef
{
    private static long s_counter;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ActorSystem? _system;
    private readonly IActorRef _target;
    private readonly Type _messageType;
    private ITimer? _timer;
    private CancellationTokenRegistration _cancellation;
    private ActorPath? _path;

    public PromiseActorRef(ActorSystem? system, IActorRef target, Type messageType)
    {
        _system = system;
        _target = target;
        _messageType = messageType;
    }

    public Task<T> Task => _completion.Task;

    public override ActorPath Path => _path ??= ActorPath.Root(_system?.Name ?? "all-systems").Child("temp").Child("$" + Interlocked.Increment(ref s_counter));

    public override bool IsTerminated => _completion.Task.IsCompleted;

    public void Start(TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan)
        {
            _timer = time.CreateTimer(static s => ((PromiseActorRef<T>)s!).OnTimeout(), this, timeout, Timeout.InfiniteTimeSpan);
        }

        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.Register(static s => ((PromiseActorRef<T>)s!).OnCancelled(), this);
        }
    }

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        bool completed;
        if (message is Status.Failure failure)
        {
            completed = _completion.TrySetException(failure.Cause);
        }
        else if (message is T typed)
        {
            completed = _completion.TrySetResult(typed);
        }
        else
        {
            completed = _completion.TrySetException(new InvalidCastException(
                $"Ask of {_messageType.Name} to {_target.Path} expected a {typeof(T).Name} reply but got {message.GetType().Name}."));
        }

        if (completed)
        {
            Cleanup();
        }
        else
        {
            _system?.PublishDeadLetter(message, sender, this);
        }
    }

    private void OnTimeout()
    {
        if (_completion.TrySetException(new AskTimeoutException(
            $"Ask of {_messageType.Name} to {_target.Path} timed out; the actor did not reply in time (is it replying to Sender?).")))
        {
            Cleanup();
        }
    }

    private void OnCancelled()
    {
        if (_completion.TrySetCanceled())
        {
            Cleanup();
        }
    }

    private void Cleanup()
    {
        _timer?.Dispose();
        _cancellation.Dispose();
    }
}
