using KalshiActors.Domain;

namespace KalshiActors.Cluster;

/// <summary>A cluster node cannot start or continue (bad settings, a database that disagrees).</summary>
public sealed class ClusterException(string message) : KalshiActorsException(message);
