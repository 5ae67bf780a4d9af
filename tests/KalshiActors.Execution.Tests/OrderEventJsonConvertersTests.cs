using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Execution.Json;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Serialization;
using static KalshiActors.Execution.Tests.Fixtures;

namespace KalshiActors.Execution.Tests;

/// <summary>The hand-read order events: the same bytes as their generated contracts, the same values and errors read back.</summary>
public sealed class OrderEventJsonConvertersTests
{
    private static readonly ClientOrderId ClientId = IntentId.For("s", Ticker, 1).ToClientOrderId(0);
    private static readonly OrderId ExchangeId = new("ee4f9bcb-1b2c-4a3d-9e8f-0a1b2c3d4e5f");

    private static readonly OrderSubmitted Submitted =
        new(ClientId, IntentId.For("s", Ticker, 1), "s", Ticker, Event, Side.No, Domain.Action.Sell, Price.FromUnits(4125), Quantity.FromUnits(1050), ExecutionStyle.Maker, true, false, Start)
        {
            IntentLimitPrice = Price.FromUnits(4000),
            LeaseEpoch = 7,
        };

    private static readonly OrderAccepted Accepted = new(ClientId, ExchangeId, Ticker, Contracts(3), Start);

    private static readonly OrderFilled Filled =
        new(ClientId, ExchangeId, Ticker, "t-2", "s", Side.Yes, Domain.Action.Buy, Cents(42), Contracts(2), Money.FromUnits(175), true, Contracts(3), Start);

    [Fact]
    public void Written_bytes_are_the_generated_contracts()
    {
        var registry = ExecutionEvents.Register(new EventRegistry());
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(Submitted, ExecutionJsonContext.Default.OrderSubmitted), registry.Serialize(Submitted).Payload);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(Accepted, ExecutionJsonContext.Default.OrderAccepted), registry.Serialize(Accepted).Payload);
        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(Filled, ExecutionJsonContext.Default.OrderFilled), registry.Serialize(Filled).Payload);
    }

    [Fact]
    public void Written_events_are_read_by_hand()
    {
        var registry = ExecutionEvents.Register(new EventRegistry());
        var unlimited = Submitted with { IntentLimitPrice = null, LeaseEpoch = null };

        Assert.True(new OrderSubmittedJsonConverter(ExecutionJsonContext.Default.OrderSubmitted).TryReadDirect(registry.Serialize(Submitted).Payload, out var submitted));
        Assert.Equal(Submitted, submitted);
        Assert.True(new OrderSubmittedJsonConverter(ExecutionJsonContext.Default.OrderSubmitted).TryReadDirect(registry.Serialize(unlimited).Payload, out var plain));
        Assert.Equal(unlimited, plain);
        Assert.True(new OrderAcceptedJsonConverter(ExecutionJsonContext.Default.OrderAccepted).TryReadDirect(registry.Serialize(Accepted).Payload, out var accepted));
        Assert.Equal(Accepted, accepted);
        Assert.True(new OrderFilledJsonConverter(ExecutionJsonContext.Default.OrderFilled).TryReadDirect(registry.Serialize(Filled).Payload, out var filled));
        Assert.Equal(Filled, filled);
    }

    [Fact]
    public void An_orders_ids_read_again_on_a_thread_are_the_values_read_before_and_other_ids_are_read_as_they_are()
    {
        var registry = ExecutionEvents.Register(new EventRegistry());
        var otherId = IntentId.For("s", Ticker, 2).ToClientOrderId(0);
        var other = Filled with { ClientOrderId = otherId, OrderId = new OrderId("other"), TradeId = "t-3", StrategyId = "s2" };
        object Read(object e) => registry.Deserialize("router", 1, registry.Serialize(e).Manifest, registry.Serialize(e).Payload);

        var submitted = (OrderSubmitted)Read(Submitted);
        var accepted = (OrderAccepted)Read(Accepted);
        var filled = (OrderFilled)Read(Filled);
        var otherFilled = (OrderFilled)Read(other);
        var filledAgain = (OrderFilled)Read(Filled);

        Assert.Equal((Submitted, Accepted, Filled, other, Filled), (submitted, accepted, filled, otherFilled, filledAgain));
        Assert.Same(submitted.ClientOrderId.Value, accepted.ClientOrderId.Value);
        Assert.Same(submitted.ClientOrderId.Value, filled.ClientOrderId.Value);
        Assert.Same(accepted.OrderId.Value, filled.OrderId.Value);
        Assert.Same(submitted.StrategyId, filled.StrategyId);
        Assert.Equal(otherId, otherFilled.ClientOrderId);
        Assert.NotSame(filled.TradeId, filledAgain.TradeId);
    }

    [Fact]
    public void An_order_submitted_written_before_its_optional_members_is_read_by_hand()
    {
        var json = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(Submitted, ExecutionJsonContext.Default.OrderSubmitted))!.AsObject();
        json.Remove("intent_limit_price");
        json.Remove("lease_epoch");

        Assert.True(new OrderSubmittedJsonConverter(ExecutionJsonContext.Default.OrderSubmitted).TryReadDirect(Encoding.UTF8.GetBytes(json.ToJsonString()), out var read));
        Assert.Equal(Submitted with { IntentLimitPrice = null, LeaseEpoch = null }, read);
    }

    [Fact]
    public void The_hand_readers_expect_the_properties_in_the_order_the_contracts_write_them()
    {
        static string[] Written(string json) => JsonNode.Parse(json)!.AsObject().Select(p => p.Key).ToArray();
        static string[] Expected(byte[][] names) => names.Select(n => Encoding.UTF8.GetString(n)).ToArray();

        Assert.Equal(Expected(OrderSubmittedJsonConverter.Names), Written(JsonSerializer.Serialize(Submitted, ExecutionJsonContext.Default.OrderSubmitted)));
        Assert.Equal(Expected(OrderAcceptedJsonConverter.Names), Written(JsonSerializer.Serialize(Accepted, ExecutionJsonContext.Default.OrderAccepted)));
        Assert.Equal(Expected(OrderFilledJsonConverter.Names), Written(JsonSerializer.Serialize(Filled, ExecutionJsonContext.Default.OrderFilled)));
    }

    [Fact]
    public void Properties_in_any_order_read_the_same_values()
    {
        var registry = ExecutionEvents.Register(new EventRegistry());
        object Read(string manifest, string json) => registry.Deserialize("router", 1, manifest, Encoding.UTF8.GetBytes(json));

        Assert.Equal(Submitted, Read("OrderSubmitted.v1", Shuffled(JsonSerializer.Serialize(Submitted, ExecutionJsonContext.Default.OrderSubmitted))));
        Assert.Equal(Accepted, Read("OrderAccepted.v1", Shuffled(JsonSerializer.Serialize(Accepted, ExecutionJsonContext.Default.OrderAccepted))));
        Assert.Equal(Filled, Read("OrderFilled.v1", Shuffled(JsonSerializer.Serialize(Filled, ExecutionJsonContext.Default.OrderFilled))));
        Assert.True(new OrderSubmittedJsonConverter(ExecutionJsonContext.Default.OrderSubmitted).TryReadDirect(
            Encoding.UTF8.GetBytes(Shuffled(JsonSerializer.Serialize(Submitted, ExecutionJsonContext.Default.OrderSubmitted))), out var direct));
        Assert.Equal(Submitted, direct);
    }

    /// <summary>The object's properties reversed, then every other one moved to the end: no property follows the one written before it.</summary>
    private static string Shuffled(string json)
    {
        var properties = JsonNode.Parse(json)!.AsObject().Select(p => (p.Key, Value: p.Value?.ToJsonString() ?? "null")).Reverse().ToList();
        var order = properties.Where((_, i) => i % 2 == 1).Concat(properties.Where((_, i) => i % 2 == 0));
        return "{" + string.Join(",", order.Select(p => $"\"{p.Key}\":{p.Value}")) + "}";
    }

    public static TheoryData<string> Edits() => ["unknown property", "missing property", "repeated property", "reordered", "null value", "bad value", "escaped name"];

    [Theory]
    [MemberData(nameof(Edits))]
    public void Any_other_payload_reads_as_the_generated_contract_reads_it(string edit)
    {
        var registry = ExecutionEvents.Register(new EventRegistry());
        AssertSameOutcome(registry, "OrderSubmitted.v1", Edit(JsonSerializer.Serialize(Submitted, ExecutionJsonContext.Default.OrderSubmitted), edit, "limit_price"), ExecutionJsonContext.Default.OrderSubmitted);
        AssertSameOutcome(registry, "OrderAccepted.v1", Edit(JsonSerializer.Serialize(Accepted, ExecutionJsonContext.Default.OrderAccepted), edit, "resting"), ExecutionJsonContext.Default.OrderAccepted);
        AssertSameOutcome(registry, "OrderFilled.v1", Edit(JsonSerializer.Serialize(Filled, ExecutionJsonContext.Default.OrderFilled), edit, "price"), ExecutionJsonContext.Default.OrderFilled);
    }

    private static string Edit(string json, string edit, string member)
    {
        var value = $"\"{member}\":" + JsonNode.Parse(json)![member]!.ToJsonString();
        return edit switch
        {
            "unknown property" => json.Insert(1, "\"extra\":{\"a\":[1,2]},"),
            "missing property" => json.Replace(value + ",", string.Empty, StringComparison.Ordinal).Replace("," + value, string.Empty, StringComparison.Ordinal),
            "repeated property" => json.Insert(1, $"\"{member}\":\"0.0100\","),
            "reordered" => "{" + value + "," + json[1..].Replace(value + ",", string.Empty, StringComparison.Ordinal),
            "null value" => json.Replace(value, $"\"{member}\":null", StringComparison.Ordinal),
            "bad value" => json.Replace(value, $"\"{member}\":\"twelve\"", StringComparison.Ordinal),
            "escaped name" => json.Replace($"\"{member}\":", $"\"\\u0{(int)member[0]:x3}{member[1..]}\":", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(edit)),
        };
    }

    private static void AssertSameOutcome<T>(EventRegistry registry, string manifest, string json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> contract)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        object? expected;
        try
        {
            expected = JsonSerializer.Deserialize(bytes, contract);
        }
        catch (Exception ex)
        {
            var error = Record.Exception(() => registry.Deserialize("router-x", 1, manifest, bytes));
            var cause = error is EventDeserializationException ? error.InnerException : error;
            Assert.Equal(ex.GetType(), cause?.GetType());
            Assert.Equal(ex.Message, cause?.Message);
            return;
        }

        Assert.Equal(expected, registry.Deserialize("router-x", 1, manifest, bytes));
    }
}
