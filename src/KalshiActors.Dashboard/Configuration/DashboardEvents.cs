using System.Text.Json.Serialization;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Dashboard.Configuration;

/// <summary>One strategy's part of a configuration change: enable or disable it and/or set parameters (HOCON keys, values as text).</summary>
public sealed record StrategyChange(string StrategyId, bool? Enabled, IReadOnlyDictionary<string, string> Parameters);

/// <summary>
/// An operator changed the configuration through the dashboard (persisted before it is applied). Fields left null were
/// not changed; <see cref="MinEdge"/> (dollars) and <see cref="MaxPosition"/> (contracts) apply to every strategy.
/// </summary>
public sealed record ConfigurationChanged(
    string ChangeId,
    string Operator,
    bool? AutoTrading,
    string? MinEdge,
    string? MaxPosition,
    IReadOnlyList<StrategyChange> Strategies,
    DateTimeOffset At);

/// <summary>The persisted event manifests the dashboard owns.</summary>
public static class DashboardEvents
{
    /// <summary>Registers ConfigurationChanged.v1.</summary>
    public static EventRegistry Register(EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register("ConfigurationChanged.v1", DashboardEventsJsonContext.Default.ConfigurationChanged);
    }
}

/// <summary>Source-generated JSON contract of the dashboard's events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ConfigurationChanged))]
internal sealed partial class DashboardEventsJsonContext : JsonSerializerContext;
