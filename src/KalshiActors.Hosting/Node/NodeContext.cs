using KalshiActors.Hosting.Configuration;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Node;

/// <summary>What the module wiring needs to build the actor tree: the system, the configuration and the exchange (and, in cluster mode, the cluster membership).</summary>
internal sealed record NodeContext(
    ActorSystem System,
    KalshiActorsConfiguration Configuration,
    NodeExchange Exchange,
    TimeProvider Time,
    ILoggerFactory Loggers,
    KalshiActors.Cluster.ClusterNode? Cluster = null);
