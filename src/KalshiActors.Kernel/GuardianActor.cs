namespace KalshiActors.Kernel;

/// <summary>The root, <c>/user</c> and <c>/system</c> guardians: they only supervise.</summary>
internal sealed class GuardianActor(SupervisorStrategy strategy) : ActorBase
{
    protected override bool Receive(object message) => false;

    protected override SupervisorStrategy SupervisorStrategy() => strategy;
}
