using Microsoft.Extensions.Logging;

namespace KalshiActors.Kernel;

/// <summary>A behaviour: returns true when it handled the message.</summary>
public delegate bool Receive(object message);

/// <summary>What an actor sees of itself and its surroundings while it handles a message (Akka's <c>IActorContext</c>).</summary>
public interface IActorContext
{
    /// <summary>This actor's ref.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being handled (dead letters when there was none).</summary>
    IActorRef Sender { get; }

    /// <summary>The supervisor.</summary>
    IActorRef Parent { get; }

    /// <summary>The system this actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>The props this actor was created from.</summary>
    Props Props { get; }

    /// <summary>The live children.</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>The receive timeout in force, if any.</summary>
    TimeSpan? ReceiveTimeout { get; }

    /// <summary>The live children (Akka.NET spelling).</summary>
    IEnumerable<IActorRef> GetChildren();

    /// <summary>The child with that name, or <see cref="ActorRefs.Nobody"/>.</summary>
    IActorRef Child(string name);

    /// <summary>Creates a child; a null name generates one (<c>$a</c>, <c>$b</c>, ...).</summary>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>Looks up actors by path, absolute (<c>/user/a</c>) or relative to this actor (<c>../b</c>, <c>child</c>).</summary>
    ActorSelection ActorSelection(string path);

    /// <summary>Stops a child or this actor (asynchronously; it finishes its current message).</summary>
    void Stop(IActorRef actor);

    /// <summary>Delivers <see cref="Terminated"/> once <paramref name="subject"/> stops (at once if it already has).</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Cancels a watch; no <see cref="Terminated"/> for it is delivered afterwards.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour (discarding the behaviour stack).</summary>
    void Become(Receive receive);

    /// <summary>Pushes a behaviour; <see cref="UnbecomeStacked"/> returns to the previous one.</summary>
    void BecomeStacked(Receive receive);

    /// <summary>Pops the behaviour pushed by <see cref="BecomeStacked"/>.</summary>
    void UnbecomeStacked();

    /// <summary>Sends <see cref="Kernel.ReceiveTimeout"/> after this long without messages; null turns it off.</summary>
    void SetReceiveTimeout(TimeSpan? timeout);

    /// <summary>A logger for this actor; every entry carries the actor path as the <c>ActorPath</c> property.</summary>
    ILogger GetLogger();
}
