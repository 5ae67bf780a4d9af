using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Serialization;
using static KalshiActors.Execution.Tests.Fixtures;

namespace KalshiActors.Execution.Tests;

public sealed class ExecutionEventsTests
{
    private static readonly ClientOrderId ClientId = IntentId.For("s", Ticker, 1).ToClientOrderId(0);
    private static readonly OrderId ExchangeId = new("ee4f9bcb-1b2c-4a3d-9e8f-0a1b2c3d4e5f");

    public static TheoryData<string, OrderLifecycleEvent> Events() => new()
    {
        {
            "OrderSubmitted.v1",
            new OrderSubmitted(ClientId, IntentId.For("s", Ticker, 1), "s", Ticker, Event, Side.No, Domain.Action.Sell, Price.FromUnits(4125), Quantity.FromUnits(1050), ExecutionStyle.Maker, true, true, Start)
            {
                IntentLimitPrice = Price.FromUnits(4000),
            }
        },
        { "OrderAccepted.v1", new OrderAccepted(ClientId, ExchangeId, Ticker, Contracts(3), Start) },
        { "OrderRepriced.v1", new OrderRepriced(ClientId, ExchangeId, Ticker, Cents(42), Contracts(3), Start) },
        {
            "OrderPartiallyFilled.v1",
            new OrderPartiallyFilled(ClientId, ExchangeId, Ticker, "t-1", "s", Side.Yes, Domain.Action.Buy, Cents(42), Contracts(1), Money.FromUnits(175), true, Contracts(1), Contracts(2), Start)
        },
        {
            "OrderFilled.v1",
            new OrderFilled(ClientId, ExchangeId, Ticker, "t-2", "s", Side.Yes, Domain.Action.Buy, Cents(42), Contracts(2), Money.Zero, false, Contracts(3), Start)
        },
        { "OrderCanceled.v1", new OrderCanceled(ClientId, null, Ticker, Contracts(2), "ioc_expired", Start) },
        { "OrderRejected.v1", new OrderRejected(ClientId, Ticker, "http_400", "bad price", Start) },
        { "OrderOutcomeUnknown.v1", new OrderOutcomeUnknown(ClientId, Ticker, "timeout", Start) },
        { "OrderReconciled.v1", new OrderReconciled(ClientId, Ticker, true, "found resting", Start) },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Register_EveryOrderEvent_RoundTripsUnderItsManifest(string manifest, OrderLifecycleEvent @event)
    {
        var registry = ExecutionEvents.Register(new EventRegistry());

        var payload = registry.Serialize(@event);
        var back = registry.Deserialize("router-x", 1, payload.Manifest, payload.Payload);

        Assert.Equal(manifest, payload.Manifest);
        Assert.Equal(@event, back);
    }

    [Fact]
    public void Register_WritesIdsAndAmountsAsText()
    {
        var registry = ExecutionEvents.Register(new EventRegistry());
        var json = System.Text.Encoding.UTF8.GetString(registry.Serialize(new OrderAccepted(ClientId, ExchangeId, Ticker, Quantity.FromUnits(350), Start)).Payload);

        Assert.Contains("\"order_id\":\"ee4f9bcb-1b2c-4a3d-9e8f-0a1b2c3d4e5f\"", json, StringComparison.Ordinal);
        Assert.Contains("\"resting\":\"3.50\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_Twice_IsRefused()
    {
        var registry = ExecutionEvents.Register(new EventRegistry());
        Assert.Throws<ArgumentException>(() => ExecutionEvents.Register(registry));
    }
}
