using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench pipeline`: stands between the strategies and the risk guardian (given to the strategies as their guardian),
/// stamps each intent as it arrives and forwards it, the strategy staying the sender so the guardian's answer reaches it.
/// </summary>
internal sealed class PipelineBenchIntentTap : ReceiveActor
{
    private PipelineBenchIntentTap(Action<OrderIntent> onIntent)
    {
        var guardian = Context.System.ActorSelection(ActorNames.RiskGuardianPath);
        Receive<OrderIntent>(intent =>
        {
            onIntent(intent);
            guardian.Tell(intent, Sender);
        });
    }

    public static Props Props(Action<OrderIntent> onIntent) => Kernel.Props.Create(() => new PipelineBenchIntentTap(onIntent));
}
