using System.Net.Sockets;
using KalshiActors.Dashboard;
using KalshiActors.Hosting.Settings;
using KalshiActors.Kernel;
using KalshiActors.Strategies.Framework;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Node;

/// <summary>Starts the node's dashboard (KalshiActors.Dashboard) with what only the node knows: its digest and its strategies.</summary>
internal static partial class NodeDashboard
{
    /// <summary>
    /// Starts the dashboard unless disabled; <paramref name="url"/> (`run --dashboard-url`) overrides the configured URL and
    /// asks for the dashboard even where it is off (a headless cluster node). A port already taken is reported and the node
    /// trades on without a dashboard: the engine must not stop for its window.
    /// </summary>
    public static async Task<DashboardServer?> StartAsync(
        TradingNode node, KalshiActorsSettings settings, string? url, IReadOnlyList<string> strategies, Action<string> print, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var dashboard = settings.Dashboard;
        if (!dashboard.Enabled && url is null)
        {
            return null;
        }

        if (url is not null)
        {
            dashboard = dashboard with { Url = url };
        }

        var timeout = settings.Node.ShutdownStepTimeout;
        var info = new DashboardNode
        {
            System = node.System,
            Journal = node.Journal,
            Mode = settings.Mode.ToString().ToLowerInvariant(),
            StartedLive = settings.Mode is RunMode.Live or RunMode.Demo,
            Exchange = node.Exchange.Description,
            StartedAt = node.StartedAt,
            StrategyIds = strategies,
            ComputeDigest = node.ComputeDigestAsync,
            Strategies = async ct =>
            {
                var supervisor = await node.System.ActorSelection(Domain.ActorNames.StrategiesPath).ResolveOne(timeout).ConfigureAwait(false);
                var rows = new List<StrategyInfo>();
                foreach (var id in strategies)
                {
                    var status = await supervisor.Ask<object>(new GetStrategyStatus(id), timeout, ct).ConfigureAwait(false);
                    if (status is StrategyStatus s)
                    {
                        rows.Add(new StrategyInfo(s.StrategyId, s.Kind, s.Enabled, s.SignalsRaised, s.Overrides));
                    }
                }

                return rows;
            },
            Notice = print,
            Clustered = settings.Mode == RunMode.Cluster,
        };
        try
        {
            var server = await DashboardServer.StartAsync(dashboard, info, loggers, cancellationToken).ConfigureAwait(false);
            print($"dashboard: {server.Url}");
            return server;
        }
        catch (IOException e) when (e.InnerException is AddressInUseException or SocketException)
        {
            Log.NotStarted(loggers.CreateLogger(typeof(NodeDashboard)), dashboard.Url, e.Message);
            print($"dashboard not started: {dashboard.Url} is in use ({e.Message}); set --dashboard-url or kalshi-actors.dashboard.url");
            foreach (var name in new[] { Domain.ActorNames.DashboardBridge, "dashboard-config" })
            {
                if (await TryResolveAsync(node.System, "/user/" + name, timeout).ConfigureAwait(false) is { } actor)
                {
                    node.System.Stop(actor);
                }
            }

            return null;
        }
    }

    private static async Task<IActorRef?> TryResolveAsync(ActorSystem system, string path, TimeSpan timeout)
    {
        try
        {
            return await system.ActorSelection(path).ResolveOne(timeout).ConfigureAwait(false);
        }
        catch (ActorNotFoundException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard not started: {Url} could not be bound ({Reason}); the node trades on without it")]
        public static partial void NotStarted(ILogger logger, string url, string reason);
    }
}
