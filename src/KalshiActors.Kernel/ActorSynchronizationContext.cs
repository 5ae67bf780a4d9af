namespace KalshiActors.Kernel;

/// <summary>Runs the continuations of an actor's async handler inside the actor (as system messages), so Self, Sender and state stay safe.</summary>
internal sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) =>
        cell.SendSystemMessage(new RunContinuationMessage(d, state));

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send into an actor would deadlock; await instead.");

    public override SynchronizationContext CreateCopy() => this;
}
