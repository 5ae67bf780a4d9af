using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench pipeline`: the ref the strategies are given as their risk guardian. It stamps each intent on the strategy's
/// thread as it is sent and hands it straight to the guardian, the strategy staying the sender so the answer reaches it.
/// </summary>
/// <remarks>
/// An actor standing between them (as this was) put one more mailbox and one more worker wake-up on the measured path,
/// 10-30 µs the node does not have: it gives the strategies the guardian itself.
/// </remarks>
internal sealed class PipelineBenchIntentTap(IActorRef guardian, Action<OrderIntent> onIntent) : IActorRef
{
    /// <inheritdoc />
    public ActorPath Path => guardian.Path;

    /// <inheritdoc />
    public void Tell(object message, IActorRef? sender)
    {
        if (message is OrderIntent intent)
        {
            onIntent(intent);
        }

        guardian.Tell(message, sender);
    }

    /// <inheritdoc />
    public bool Equals(IActorRef? other) => ReferenceEquals(this, other) || guardian.Equals(other);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => guardian.GetHashCode();
}
