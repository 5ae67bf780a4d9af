namespace KalshiActors.Kernel;

/// <summary>Base of every exception the actor kernel raises.</summary>
public class ActorKernelException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ActorKernelException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ActorKernelException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ActorKernelException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An actor failed while being created (constructor, <c>PreStart</c> or <c>PostRestart</c>); stopped by the default decider.</summary>
public sealed class ActorInitializationException : ActorKernelException
{
    /// <summary>Creates the exception.</summary>
    public ActorInitializationException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ActorInitializationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ActorInitializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for an actor.</summary>
    public ActorInitializationException(IActorRef? actor, string message, Exception? innerException)
        : base(message, innerException)
    {
        Actor = actor;
    }

    /// <summary>The actor that failed to start.</summary>
    public IActorRef? Actor { get; }
}

/// <summary>Raised in an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException : ActorKernelException
{
    /// <summary>Creates the exception.</summary>
    public ActorKilledException()
        : base("Kill message received.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public ActorKilledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ActorKilledException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Raised when an actor does not handle the <see cref="Terminated"/> of an actor it watches.</summary>
public sealed class DeathPactException : ActorKernelException
{
    /// <summary>Creates the exception.</summary>
    public DeathPactException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeathPactException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public DeathPactException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a dead actor.</summary>
    public DeathPactException(IActorRef deadActor)
        : base($"Monitored actor {deadActor} terminated and its Terminated message was not handled.")
    {
        DeadActor = deadActor;
    }

    /// <summary>The watched actor that stopped.</summary>
    public IActorRef? DeadActor { get; }
}

/// <summary>An ask was not answered in time.</summary>
public sealed class AskTimeoutException : ActorKernelException
{
    /// <summary>Creates the exception.</summary>
    public AskTimeoutException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public AskTimeoutException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A child name is empty, malformed or already taken.</summary>
public sealed class InvalidActorNameException : ActorKernelException
{
    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public InvalidActorNameException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A stash is full (its capacity is <c>kalshi-actors.kernel.stash-capacity</c>) or a message was stashed twice.</summary>
public sealed class StashOverflowException : ActorKernelException
{
    /// <summary>Creates the exception.</summary>
    public StashOverflowException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public StashOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public StashOverflowException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>A bounded mailbox with the <see cref="MailboxOverflowStrategy.Fail"/> policy overflowed; the actor fails with it.</summary>
public sealed class MailboxOverflowException : ActorKernelException
{
    /// <summary>Creates the exception.</summary>
    public MailboxOverflowException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public MailboxOverflowException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public MailboxOverflowException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An operation was used where the actor model forbids it (e.g. an actor created with <c>new</c>).</summary>
public sealed class IllegalActorStateException : ActorKernelException
{
    /// <summary>Creates the exception.</summary>
    public IllegalActorStateException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public IllegalActorStateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public IllegalActorStateException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
