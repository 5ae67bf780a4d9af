namespace KalshiActors.Kernel;

/// <summary>An immutable, thread-safe handle to an actor: the only way to talk to it.</summary>
public interface IActorRef : IEquatable<IActorRef>
{
    /// <summary>Where the actor lives in the hierarchy, e.g. <c>akka://sys/user/orders</c>.</summary>
    ActorPath Path { get; }

    /// <summary>Sends a message without waiting; <paramref name="sender"/> becomes the receiver's <c>Sender</c>.</summary>
    void Tell(object message, IActorRef? sender);
}

/// <summary>Refs that deliver system messages (watch, terminate, ...): actor cells and the special refs.</summary>
internal interface IInternalActorRef : IActorRef
{
    void SendSystemMessage(SystemMessage message);

    bool IsTerminated { get; }
}

/// <summary>Well-known refs.</summary>
public static class ActorRefs
{
    /// <summary>A ref that accepts and drops everything; the answer of lookups that found nothing.</summary>
    public static IActorRef Nobody { get; } = new NobodyRef();

    /// <summary>Use as the sender when there is none; replies then go to dead letters.</summary>
    public static readonly IActorRef? NoSender;

    private sealed class NobodyRef : MinimalActorRef
    {
        public override ActorPath Path { get; } = ActorPath.Parse("akka://all-systems/Nobody");

        public override void Tell(object message, IActorRef? sender)
        {
        }
    }
}

/// <summary>Base of the refs that are not actors (Nobody, dead letters, ask promises): watching one reports it dead.</summary>
internal abstract class MinimalActorRef : IInternalActorRef
{
    public abstract ActorPath Path { get; }

    public virtual bool IsTerminated => true;

    public abstract void Tell(object message, IActorRef? sender);

    public void SendSystemMessage(SystemMessage message)
    {
        if (message is WatchMessage watch && !ReferenceEquals(watch.Watcher, this))
        {
            ((IInternalActorRef)watch.Watcher).SendSystemMessage(new DeathWatchNotification(this));
        }
    }

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    public override string ToString() => $"[{Path}]";
}

/// <summary>Sending helpers with Akka's implicit sender: inside an actor the sender is <c>Self</c>.</summary>
public static class ActorRefExtensions
{
    private static readonly AsyncLocal<IActorRef?> s_implicitSender = new();

    /// <summary>The sender <see cref="Tell(IActorRef, object)"/> uses outside actors (the TestKit sets its test actor here); null by default.</summary>
    public static IActorRef? ImplicitSender
    {
        get => s_implicitSender.Value;
        set => s_implicitSender.Value = value;
    }

    /// <summary>Sends with the current actor as the sender (outside actors: <see cref="ImplicitSender"/>, usually none).</summary>
    public static void Tell(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, (IActorRef?)ActorCell.Current ?? s_implicitSender.Value);
    }

    /// <summary>Sends keeping the current message's original sender, so the receiver replies to it directly.</summary>
    public static void Forward(this IActorRef receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var current = ActorCell.Current ?? throw new InvalidOperationException(
            "Forward needs the sender of the message being handled; call it from inside an actor's receive.");
        receiver.Tell(message, current.CurrentSender);
    }

    /// <summary>True for <see cref="ActorRefs.Nobody"/> and null.</summary>
    public static bool IsNobody(this IActorRef? actorRef) => actorRef is null || ReferenceEquals(actorRef, ActorRefs.Nobody);
}
