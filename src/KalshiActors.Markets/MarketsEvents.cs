using System.Text.Json.Serialization;
using KalshiActors.Domain.Protocol;
using KalshiActors.Markets.Books;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Markets;

/// <summary>The journal manifests the Markets module owns.</summary>
public static class MarketsEvents
{
    /// <summary>Registers every event and snapshot type Markets persists (call once per registry).</summary>
    public static EventRegistry Register(EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register("BookStatusChanged.v1", MarketsJsonContext.Default.BookStatusChanged)
            .Register("BookQualityRecorded.v1", MarketsJsonContext.Default.BookQualityRecorded)
            .Register("OrderBookJournalState.v1", MarketsJsonContext.Default.OrderBookJournalState)
            .Register("CircuitBreakerStateChanged.v1", MarketsJsonContext.Default.CircuitBreakerStateChanged)
            .Register("MarketListed.v1", MarketsJsonContext.Default.MarketListed)
            .Register("MarketStateChanged.v1", MarketsJsonContext.Default.MarketStateChanged)
            .Register("MarketSettled.v1", MarketsJsonContext.Default.MarketSettled)
            .Register("AlertRaised.v1", MarketsJsonContext.Default.AlertRaised);
    }
}

/// <summary>Source-generated JSON contracts of the Markets events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, Converters = [typeof(TickStructureJsonConverter)])]
[JsonSerializable(typeof(BookStatusChanged))]
[JsonSerializable(typeof(BookQualityRecorded))]
[JsonSerializable(typeof(OrderBookJournalState))]
[JsonSerializable(typeof(CircuitBreakerStateChanged))]
[JsonSerializable(typeof(MarketListed))]
[JsonSerializable(typeof(MarketStateChanged))]
[JsonSerializable(typeof(MarketSettled))]
[JsonSerializable(typeof(AlertRaised))]
internal sealed partial class MarketsJsonContext : JsonSerializerContext
{
}
