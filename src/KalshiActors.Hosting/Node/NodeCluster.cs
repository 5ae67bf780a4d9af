using KalshiActors.Cluster;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;
using KalshiActors.Persistence;
using KalshiActors.Strategies.Settings;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Node;

/// <summary>Cluster mode's part of the node wiring: joining the cluster and what changes in the tree when a node is one of several.</summary>
internal static class NodeCluster
{
    /// <summary>Joins the cluster in the journal's database when the mode is cluster; null otherwise.</summary>
    public static async Task<ClusterNode?> OpenAsync(
        KalshiActorsSettings settings, PersistenceSettings persistence, TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (settings.Mode != RunMode.Cluster)
        {
            return null;
        }

        var journal = JournalUri.Parse(persistence.JournalUri);
        if (journal.Kind != JournalKind.PostgreSql)
        {
            throw new NodeStartRefusedException([
                $"--env cluster needs the shared PostgreSQL journal (--journal postgres:CONNECTION-STRING or KALSHI_ACTORS_JOURNAL), not {JournalUri.Redact(persistence.JournalUri)}",
            ]);
        }

        return await ClusterNode.OpenAsync(settings.Cluster, journal.Target, persistence.PostgresSchema, time, loggers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The strategy instances as this node runs them: in cluster mode each id gets the node id appended, so intent ids
    /// (and with them client order ids) and the strategies' journal streams never collide between nodes.
    /// </summary>
    public static StrategiesSettings StrategiesFor(NodeContext context)
    {
        var settings = context.Configuration.Settings.Strategies;
        if (context.Cluster is not { } cluster)
        {
            return settings;
        }

        return settings with
        {
            Instances = settings.Instances.Values
                .Select(i => i with { Id = i.Id + "-" + cluster.NodeId })
                .ToDictionary(i => i.Id, StringComparer.Ordinal),
        };
    }
}
