using KalshiActors.Domain;
using KalshiActors.Execution;
using KalshiActors.Markets;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Portfolio;
using KalshiActors.Risk;
using KalshiActors.Strategies.Framework;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// The five trading modules as the node wires them: their event manifests and their actors. The stateful part of the tree
/// (portfolio, execution, risk guardian, strategies) is created first, consumers before producers, so nothing published
/// at startup goes unheard and the state digest after recovery is taken before market data moves anything; the
/// market-data subtree comes last.
/// </summary>
internal static class NodeModules
{
    /// <summary>Registers every module's persisted events (each module owns its manifests).</summary>
    public static void RegisterEvents(EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        MarketsEvents.Register(registry);
        StrategiesEvents.Register(registry);
        RiskEvents.Register(registry);
        ExecutionEvents.Register(registry);
        PortfolioEvents.Register(registry);
    }

    /// <summary>Creates portfolio, execution, risk guardian and strategies; returns the ids of the strategies started.</summary>
    public static IReadOnlyList<string> CreateTradingTree(NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Configuration.Settings;
        var system = context.System;
        system.ActorOf(PortfolioProps.Create(settings.Portfolio), ActorNames.Portfolio);
        var execution = ExecutionSettingsFor(context);
        system.ActorOf(ExecutionSupervisor.Props(execution, execution.Mode == ExecutionMode.Live ? context.Exchange.Gateway : null), ActorNames.Execution);
        system.ActorOf(RiskGuardian.Props(settings.Risk), ActorNames.RiskGuardian);
        system.ActorOf(StrategiesSupervisor.Props(settings.Strategies), ActorNames.Strategies);
        if (context.Exchange.Gateway is { } gateway)
        {
            system.ActorOf(ExchangeAccountActor.Props(gateway, settings.Portfolio.ReconciliationInterval), ExchangeAccountActor.Name);
        }

        return [.. settings.Strategies.Instances.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Creates the market-data subtree (feeds, books, catalog), which starts the flow of data.</summary>
    public static void StartMarketData(NodeContext context) => ArgumentNullException.ThrowIfNull(context);

    // Paper mode (no gateway) routes to the in-process paper model whatever the configuration says: nothing may leave.
    private static ExecutionSettings ExecutionSettingsFor(NodeContext context) =>
        new() { Mode = context.Exchange.Gateway is null ? ExecutionMode.Paper : ExecutionMode.Live };
}
