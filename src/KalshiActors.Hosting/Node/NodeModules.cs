using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Hosting.Settings;
using KalshiActors.Kernel;
using KalshiActors.Execution;
using KalshiActors.Markets;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Portfolio;
using KalshiActors.Risk;
using KalshiActors.Strategies.Framework;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// The five trading modules as the node wires them: their event manifests and their actors. Portfolio, execution and the
/// risk guardian come first (consumers before producers: they subscribe to the event stream before anything is
/// published), then the market-data subtree, then the strategies, which need the catalog to exist.
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
        HostingEvents.Register(registry);
        KalshiActors.Dashboard.Configuration.DashboardEvents.Register(registry);
    }

    /// <summary>Creates the stateful actors the digest covers: portfolio, execution and the risk guardian (and the account reader).</summary>
    public static void CreateTradingTree(NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Configuration.Settings;
        var system = context.System;
        CreateStatefulActors(system, settings, ExecutionSettingsFor(context), context.Exchange.Gateway, context.Cluster?.LeaseGate);
        if (context.Exchange.Gateway is { } gateway)
        {
            system.ActorOf(ExchangeAccountActor.Props(gateway, settings.Portfolio.ReconciliationInterval), ExchangeAccountActor.Name);
        }
    }

    /// <summary>
    /// Creates the persistent actors the state digest covers, as the node and replay both start them: portfolio, execution
    /// (orders to <paramref name="liveGateway"/> in live execution mode) and the risk guardian.
    /// </summary>
    public static void CreateStatefulActors(
        ActorSystem system, KalshiActorsSettings settings, ExecutionSettings execution, IOrderGateway? liveGateway, IShardLeaseGate? leaseGate = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(execution);
        system.ActorOf(PortfolioProps.Create(settings.Portfolio), ActorNames.Portfolio);
        system.ActorOf(ExecutionSupervisor.ShardedProps(execution, execution.Mode == ExecutionMode.Live ? liveGateway : null, leaseGate), ActorNames.Execution);
        system.ActorOf(RiskGuardian.Props(settings.Risk, leaseGate: leaseGate), ActorNames.RiskGuardian);
    }

    /// <summary>
    /// Creates the strategies, last: each asks the catalog for its markets when it has recovered (a catalog that recovered
    /// unchanged markets from the journal publishes no MarketListed), so the catalog must already exist.
    /// </summary>
    public static IReadOnlyList<string> StartStrategies(NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = NodeCluster.StrategiesFor(context);
        context.System.ActorOf(StrategiesSupervisor.Props(settings), ActorNames.Strategies);
        return [.. settings.Instances.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Creates the market-data subtree (feeds, books, catalog), which starts the flow of data.</summary>
    /// <param name="context">The node.</param>
    /// <param name="subscribe">The market tickers the exchange feed subscribes (see <see cref="MarketsToSubscribeAsync"/>).</param>
    public static void StartMarketData(NodeContext context, IReadOnlyList<string> subscribe)
    {
        ArgumentNullException.ThrowIfNull(context);
        var exchange = context.Exchange;
        context.System.ActorOf(
            MarketData.Props(new MarketDataOptions
            {
                Settings = context.Configuration.Settings.Markets with { Markets = subscribe },
                ExchangeFeed = context.Cluster is { } cluster ? () => cluster.WrapFeed(exchange.CreateFeed()) : exchange.CreateFeed,
                CatalogSource = exchange.Catalog,
                FairValueFeeds = exchange.FairValueFeeds,
                ScanSource = exchange.ScanSource,
                Scanner = context.Configuration.Settings.Scanner,
                Alerts = context.Configuration.Settings.Alerts.Enabled ? context.Configuration.Settings.Alerts : null,
                LeaseGate = context.Cluster?.LeaseGate,
            }),
            ActorNames.MarketData);
    }

    /// <summary>
    /// The configured `markets.subscribe-markets`, or when that is empty every open market the node trades, read from the
    /// catalog now: the exchange refuses an order-book subscription without tickers. Markets listed later (the next
    /// 15-minute window) are added by the feed when the catalog lists them.
    /// </summary>
    public static async Task<IReadOnlyList<string>> MarketsToSubscribeAsync(NodeContext context, CancellationToken cancellationToken)
    {
        var configured = context.Configuration.Settings.Markets.Markets;
        if (configured.Count > 0)
        {
            return configured;
        }

        var open = await context.Exchange.Catalog.GetOpenMarketsAsync(cancellationToken).ConfigureAwait(false);
        return [.. open.Select(m => m.Ticker.Value)];
    }

    // Paper mode (no gateway) routes to the in-process paper model whatever the configuration says: nothing may leave.
    private static ExecutionSettings ExecutionSettingsFor(NodeContext context)
    {
        var configured = context.Configuration.Settings.Execution;
        return context.Exchange.Gateway is null ? configured with { Mode = ExecutionMode.Paper } : configured;
    }
}
