using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Domain.Protocol;
using KalshiActors.Execution.Json;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Execution;

/// <summary>The manifests execution owns: every order lifecycle event of Domain/Protocol/OrderProtocol.cs.</summary>
public static class ExecutionEvents
{
    // The three most frequent events read by hand (RecordJsonConverter): same bytes written, same outcomes read.
    private static readonly JsonTypeInfo<OrderSubmitted> OrderSubmittedContract =
        new OrderSubmittedJsonConverter(ExecutionJsonContext.Default.OrderSubmitted).CreateTypeInfo();

    private static readonly JsonTypeInfo<OrderAccepted> OrderAcceptedContract =
        new OrderAcceptedJsonConverter(ExecutionJsonContext.Default.OrderAccepted).CreateTypeInfo();

    private static readonly JsonTypeInfo<OrderFilled> OrderFilledContract =
        new OrderFilledJsonConverter(ExecutionJsonContext.Default.OrderFilled).CreateTypeInfo();

    /// <summary>Registers every execution manifest (call once per registry).</summary>
    public static EventRegistry Register(EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var json = ExecutionJsonContext.Default;
        return registry
            .Register("OrderSubmitted.v1", OrderSubmittedContract)
            .Register("OrderAccepted.v1", OrderAcceptedContract)
            .Register("OrderRepriced.v1", json.OrderRepriced)
            .Register("OrderPartiallyFilled.v1", json.OrderPartiallyFilled)
            .Register("OrderFilled.v1", OrderFilledContract)
            .Register("OrderCanceled.v1", json.OrderCanceled)
            .Register("OrderRejected.v1", json.OrderRejected)
            .Register("OrderOutcomeUnknown.v1", json.OrderOutcomeUnknown)
            .Register("OrderReconciled.v1", json.OrderReconciled);
    }
}

/// <summary>Source-generated JSON contracts of the order lifecycle events.</summary>
// OrderId carries no converter attribute of its own; without this one it would round-trip as an empty id.
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true, Converters = [typeof(Domain.Json.OrderIdJsonConverter)])]
[JsonSerializable(typeof(OrderSubmitted))]
[JsonSerializable(typeof(OrderAccepted))]
[JsonSerializable(typeof(OrderRepriced))]
[JsonSerializable(typeof(OrderPartiallyFilled))]
[JsonSerializable(typeof(OrderFilled))]
[JsonSerializable(typeof(OrderCanceled))]
[JsonSerializable(typeof(OrderRejected))]
[JsonSerializable(typeof(OrderOutcomeUnknown))]
[JsonSerializable(typeof(OrderReconciled))]
internal sealed partial class ExecutionJsonContext : JsonSerializerContext
{
}
