namespace KalshiActors.Kernel;

/// <summary>Messages the actor cell handles itself before the actor's behaviour sees them.</summary>
public interface IAutoReceivedMessage
{
}

/// <summary>Messages that do not reset the receive timeout.</summary>
public interface INotInfluenceReceiveTimeout
{
}

/// <summary>Stops the receiving actor after the messages queued before it have been handled.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    private PoisonPill()
    {
    }

    /// <summary>The single instance.</summary>
    public static PoisonPill Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "<PoisonPill>";
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/> (stopped by the default decider).</summary>
public sealed class Kill : IAutoReceivedMessage
{
    private Kill()
    {
    }

    /// <summary>The single instance.</summary>
    public static Kill Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "<Kill>";
}

/// <summary>Sent to an actor that received nothing for its receive timeout (see <c>Context.SetReceiveTimeout</c>).</summary>
public sealed class ReceiveTimeout : INotInfluenceReceiveTimeout
{
    private ReceiveTimeout()
    {
    }

    /// <summary>The single instance.</summary>
    public static ReceiveTimeout Instance { get; } = new();

    /// <inheritdoc />
    public override string ToString() => "<ReceiveTimeout>";
}

/// <summary>Asks any actor for its ref; it answers <see cref="ActorIdentity"/>.</summary>
/// <param name="MessageId">Echoed in the answer.</param>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;

/// <summary>The answer to <see cref="Identify"/>; <see cref="Subject"/> is null when nobody lives at the path.</summary>
/// <param name="MessageId">The request's id.</param>
/// <param name="Subject">The identified actor.</param>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);

/// <summary>Delivered to watchers once the watched actor has stopped.</summary>
/// <param name="ActorRef">The stopped actor.</param>
/// <param name="ExistenceConfirmed">False when the actor was never known to exist (watching a non-actor ref).</param>
/// <param name="AddressTerminated">Always false in a single process; kept for Akka compatibility.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated)
    : IAutoReceivedMessage, INotInfluenceReceiveTimeout;

/// <summary>Outcome messages used by <c>PipeTo</c> and by actors that answer asks.</summary>
public static class Status
{
    /// <summary>A successful outcome carrying a value.</summary>
    /// <param name="Value">The result.</param>
    public sealed record Success(object? Value);

    /// <summary>A failed outcome; an ask answered with it throws <see cref="Cause"/>.</summary>
    /// <param name="Cause">What went wrong.</param>
    /// <param name="State">Optional context.</param>
    public sealed record Failure(Exception Cause, object? State = null);
}

/// <summary>A message that could not be delivered (the receiver was stopped or never existed); published on the event stream.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="Recipient">Where it was sent.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>A message that an actor's behaviour did not handle; published on the event stream.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Who sent it.</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
