namespace KalshiActors.Cluster;

/// <summary>
/// Persistence ids of the actors every node runs once (portfolio, risk guardian, catalog, breaker journal, alerts, state digest, dashboard configuration): in a shared
/// journal each node keeps its own stream, <c>id@node</c>, or two nodes would write the same stream. Routers'
/// streams (<c>router-&lt;ticker&gt;</c>) stay shared: they move with their shard from node to node.
/// </summary>
public sealed class NodeScopedIds
{
    // Every singleton a node runs that persists: two nodes writing one stream would refuse each other's writes.
    private static readonly HashSet<string> PerNode = new(StringComparer.Ordinal)
    {
        "portfolio", "risk-guardian", "market-catalog", "market-data-breakers", "alerts", "node-state-digest", "dashboard-config",
    };
    private readonly string _suffix;

    /// <summary>Ids for node <paramref name="nodeId"/>.</summary>
    public NodeScopedIds(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        _suffix = "@" + nodeId;
    }

    /// <summary>The id as stored: <c>id@node</c> for a per-node actor, unchanged otherwise.</summary>
    public string ToStored(string persistenceId) => PerNode.Contains(persistenceId) ? persistenceId + _suffix : persistenceId;

    /// <summary>The id as this node's actors know it (its own per-node ids lose their suffix; other nodes' keep theirs).</summary>
    public string FromStored(string storedId) =>
        storedId.EndsWith(_suffix, StringComparison.Ordinal) && PerNode.Contains(storedId[..^_suffix.Length]) ? storedId[..^_suffix.Length] : storedId;

    /// <summary>The node of a per-node stream as stored (<c>portfolio@a</c> gives <c>a</c>), or null for any other stream.</summary>
    public static string? NodeOf(string storedId)
    {
        ArgumentNullException.ThrowIfNull(storedId);
        var at = storedId.LastIndexOf('@');
        return at > 0 && at < storedId.Length - 1 && PerNode.Contains(storedId[..at]) ? storedId[(at + 1)..] : null;
    }

    /// <summary>The ticker of a router's stream (<c>router-&lt;ticker&gt;</c>), or null for any other stream.</summary>
    public static string? RouterTicker(string persistenceId) =>
        persistenceId.StartsWith("router-", StringComparison.Ordinal) ? persistenceId["router-".Length..] : null;
}
