namespace KalshiActors.Kernel;

/// <summary>
/// Base of every actor. Subclasses handle messages in <see cref="Receive(object)"/> (or use <see cref="ReceiveActor"/> /
/// <see cref="UntypedActor"/>). The <c>Around*</c> hooks wrap the lifecycle and message handling so layers such as
/// persistence can interpose exactly as Akka.Persistence does.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private Receive? _receive;

    /// <summary>Binds the instance to the cell creating it; an actor cannot be constructed with <c>new</c>.</summary>
    protected ActorBase()
    {
        _cell = ActorCell.Constructing ?? throw new ActorInitializationException(
            $"You cannot create an instance of {GetType().Name} with 'new'; create actors through ActorOf(Props.Create(...)).");
        ActorCell.Constructing = null;
    }

    /// <summary>This actor's context.</summary>
    protected IActorContext Context => _cell;

    /// <summary>This actor's ref.</summary>
    protected IActorRef Self => _cell;

    /// <summary>The sender of the message being handled.</summary>
    protected IActorRef Sender => _cell.CurrentSender;

    internal ActorCell Cell => _cell;

    internal Receive DefaultReceive => _receive ??= Receive;

    /// <summary>Handles a message; returns false when it was not handled.</summary>
    protected abstract bool Receive(object message);

    /// <summary>Called for messages no behaviour handled: publishes <see cref="UnhandledMessage"/>, or fails with <see cref="DeathPactException"/> for <see cref="Terminated"/>.</summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
        {
            throw new DeathPactException(terminated.ActorRef);
        }

        _cell.System.PublishUnhandled(new UnhandledMessage(message, _cell.CurrentSender, _cell));
    }

    /// <summary>The strategy for this actor's children (unless its Props override it).</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Kernel.SupervisorStrategy.DefaultStrategy;

    /// <summary>Runs after the actor is created, before its first message.</summary>
    protected virtual void PreStart()
    {
    }

    /// <summary>Runs after the actor has stopped; its children have stopped already.</summary>
    protected virtual void PostStop()
    {
    }

    /// <summary>Runs on the failed instance before a restart: stops all children and calls <see cref="PostStop"/> by default.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in Context.GetChildren())
        {
            Context.Unwatch(child);
            Context.Stop(child);
        }

        PostStop();
    }

    /// <summary>Runs on the fresh instance after a restart: calls <see cref="PreStart"/> by default.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>Wraps every message handling; returns whether the behaviour handled it (calling <see cref="Unhandled"/> otherwise).</summary>
    protected virtual bool AroundReceive(Receive receive, object message)
    {
        ArgumentNullException.ThrowIfNull(receive);
        if (receive(message))
        {
            return true;
        }

        Unhandled(message);
        return false;
    }

    /// <summary>Wraps <see cref="PreStart"/>.</summary>
    protected virtual void AroundPreStart() => PreStart();

    /// <summary>Wraps <see cref="PostStop"/>.</summary>
    protected virtual void AroundPostStop() => PostStop();

    /// <summary>Wraps <see cref="PreRestart"/>.</summary>
    protected virtual void AroundPreRestart(Exception cause, object? message) => PreRestart(cause, message);

    /// <summary>Wraps <see cref="PostRestart"/>.</summary>
    protected virtual void AroundPostRestart(Exception cause, object? message) => PostRestart(cause);

    /// <summary>Replaces the behaviour.</summary>
    protected void Become(Receive receive) => _cell.Become(receive);

    /// <summary>Pushes a behaviour.</summary>
    protected void BecomeStacked(Receive receive) => _cell.BecomeStacked(receive);

    /// <summary>Pops a behaviour pushed by <see cref="BecomeStacked(Receive)"/>.</summary>
    protected void UnbecomeStacked() => _cell.UnbecomeStacked();

    /// <summary>Sets the receive timeout (Akka's <c>SetReceiveTimeout</c>).</summary>
    protected void SetReceiveTimeout(TimeSpan? timeout) => _cell.SetReceiveTimeout(timeout);

    /// <summary>
    /// Runs an asynchronous piece of work inside the actor: user messages wait until the task completes, and the code after
    /// each <c>await</c> runs as the actor (Self, Sender and Context stay valid). A faulted task fails the actor.
    /// </summary>
    protected void RunTask(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _cell.RunTask(work);
    }

    internal bool InvokeAroundReceive(Receive receive, object message) => AroundReceive(receive, message);

    internal void InvokeAroundPreStart() => AroundPreStart();

    internal void InvokeAroundPostStop() => AroundPostStop();

    internal void InvokeAroundPreRestart(Exception cause, object? message) => AroundPreRestart(cause, message);

    internal void InvokeAroundPostRestart(Exception cause, object? message) => AroundPostRestart(cause, message);

    internal SupervisorStrategy InvokeSupervisorStrategy() => SupervisorStrategy();

    internal void InvokeUnhandled(object message) => Unhandled(message);
}
