using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Markets.Breakers;

/// <summary>
/// Persists every breaker transition of the market-data dependencies (<c>CircuitBreakerStateChanged.v1</c>), then
/// publishes it on the event stream, where the risk guardian halts new intents for the affected markets.
/// </summary>
internal sealed class CircuitBreakerJournalActor : PersistentActor
{
    /// <summary>Child name under the market-data supervisor.</summary>
    public const string Name = "breakers";

    /// <inheritdoc />
    public override string PersistenceId => "market-data-breakers";

    /// <summary>Props of the journal.</summary>
    public static Props Props() => Kernel.Props.Create(() => new CircuitBreakerJournalActor());

    /// <inheritdoc />
    protected override bool ReceiveRecover(object message) => message is CircuitBreakerStateChanged or RecoveryCompleted;

    /// <inheritdoc />
    protected override bool ReceiveCommand(object message)
    {
        if (message is not CircuitBreakerStateChanged change)
        {
            return false;
        }

        Context.GetLogger().LogWarning(
            "Breaker {Dependency} {From} -> {To}: {Reason}", change.Dependency, change.From, change.To, change.Reason);
        PersistAsync(change, e => Context.System.EventStream.Publish(e));
        return true;
    }
}
