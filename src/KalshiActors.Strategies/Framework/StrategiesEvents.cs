using System.Text.Json.Serialization;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Strategies.Framework;

/// <summary>The persisted event manifests the strategies module owns.</summary>
public static class StrategiesEvents
{
    /// <summary>Registers SignalRaised.v1 and the strategy actors' own events.</summary>
    public static EventRegistry Register(EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .Register("SignalRaised.v1", StrategiesJsonContext.Default.SignalRaised)
            .Register("StrategyEnabledChanged.v1", StrategiesJsonContext.Default.StrategyEnabledChanged)
            .Register("StrategyParametersChanged.v1", StrategiesJsonContext.Default.StrategyParametersChanged)
            .Register("StrategyIntentResolved.v1", StrategiesJsonContext.Default.StrategyIntentResolved)
            .Register("StrategyFillRecorded.v1", StrategiesJsonContext.Default.StrategyFillRecorded)
            .Register("StrategyOutcomeRecorded.v1", StrategiesJsonContext.Default.StrategyOutcomeRecorded)
            .Register("ArbitrageOpened.v1", StrategiesJsonContext.Default.ArbitrageOpened)
            .Register("ArbitrageClosed.v1", StrategiesJsonContext.Default.ArbitrageClosed);
    }
}

/// <summary>Source-generated JSON contracts of the strategies module's events (enums as names, so reordering cannot corrupt a journal).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SignalRaised))]
[JsonSerializable(typeof(StrategyEnabledChanged))]
[JsonSerializable(typeof(StrategyParametersChanged))]
[JsonSerializable(typeof(StrategyIntentResolved))]
[JsonSerializable(typeof(StrategyFillRecorded))]
[JsonSerializable(typeof(StrategyOutcomeRecorded))]
[JsonSerializable(typeof(ArbitrageOpened))]
[JsonSerializable(typeof(ArbitrageClosed))]
internal sealed partial class StrategiesJsonContext : JsonSerializerContext;
