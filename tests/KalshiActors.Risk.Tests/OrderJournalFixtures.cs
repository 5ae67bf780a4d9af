using System.Text.Json.Serialization;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Risk.Tests;

/// <summary>
/// Stands in for the execution module in these tests: registers the order events (whose manifests Execution owns in the
/// node) and journals them under the "order" tag as a router does.
/// </summary>
internal static class OrderJournalFixtures
{
    public static void Register(EventRegistry registry)
    {
        var json = TestOrderJsonContext.Default;
        registry
            .Register("OrderSubmitted.v1", json.OrderSubmitted)
            .Register("OrderAccepted.v1", json.OrderAccepted)
            .Register("OrderCanceled.v1", json.OrderCanceled)
            .Register("OrderOutcomeUnknown.v1", json.OrderOutcomeUnknown)
            .Register("OrderReconciled.v1", json.OrderReconciled);
    }
}

/// <summary>A router stand-in: persists each order event it is sent under the "order" tag, then answers "stored".</summary>
internal sealed class FakeRouterActor : ReceivePersistentActor
{
    public FakeRouterActor() =>
        Command<OrderLifecycleEvent>(e =>
        {
            var sender = Sender;
            Persist(e, stored => sender.Tell("stored", Self));
        });

    public override string PersistenceId => "router-test";

    protected override IReadOnlyList<string> TagsFor(object @event) => [RiskGuardianActor.OrderTag];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(OrderSubmitted))]
[JsonSerializable(typeof(OrderAccepted))]
[JsonSerializable(typeof(OrderCanceled))]
[JsonSerializable(typeof(OrderOutcomeUnknown))]
[JsonSerializable(typeof(OrderReconciled))]
internal sealed partial class TestOrderJsonContext : JsonSerializerContext
{
}
