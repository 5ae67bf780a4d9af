namespace KalshiActors.Kernel;

/// <summary>Lifecycle messages between cells; they jump ahead of user messages. Each instance is queued once (intrusive link).</summary>
internal abstract class SystemMessage
{
    public SystemMessage? Next;
}

/// <summary>Stop the receiving actor.</summary>
internal sealed class TerminateMessage : SystemMessage
{
}

/// <summary>A child failed; its parent's supervisor strategy decides.</summary>
internal sealed class FailedMessage(ActorCell child, Exception cause, Type? messageType) : SystemMessage
{
    public ActorCell Child { get; } = child;

    public Exception Cause { get; } = cause;

    public Type? MessageType { get; } = messageType;
}

/// <summary>The watcher wants a notification when the receiver stops.</summary>
internal sealed class WatchMessage(IActorRef watcher) : SystemMessage
{
    public IActorRef Watcher { get; } = watcher;
}

/// <summary>The watcher no longer wants the notification.</summary>
internal sealed class UnwatchMessage(IActorRef watcher) : SystemMessage
{
    public IActorRef Watcher { get; } = watcher;
}

/// <summary>The actor has stopped (to its watchers and its parent).</summary>
internal sealed class DeathWatchNotification(IActorRef actor) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
}

/// <summary>Pause user messages (a sibling failed under AllForOne, or the parent failed).</summary>
internal sealed class SuspendMessage : SystemMessage
{
}

/// <summary>Resume user messages; <see cref="CausedByFailure"/> is set when the supervisor chose Resume.</summary>
internal sealed class ResumeMessage(Exception? causedByFailure) : SystemMessage
{
    public Exception? CausedByFailure { get; } = causedByFailure;
}

/// <summary>Restart: replace the actor instance with a new one from Props.</summary>
internal sealed class RecreateMessage(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

/// <summary>The task of a <c>ReceiveAsync</c> handler finished; user messages may flow again.</summary>
internal sealed class AsyncCompletedMessage(Exception? failure) : SystemMessage
{
    public Exception? Failure { get; } = failure;
}

/// <summary>A continuation of a <c>ReceiveAsync</c> handler, run inside the actor like any message.</summary>
internal sealed class RunContinuationMessage(SendOrPostCallback callback, object? state) : SystemMessage
{
    public SendOrPostCallback Callback { get; } = callback;

    public object? State { get; } = state;
}

/// <summary>Fail the actor with this exception (bounded mailbox overflow with the Fail policy).</summary>
internal sealed class FailWithMessage(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}
