namespace KalshiActors.Domain;

/// <summary>
/// The names of the actor tree (ARCHITECTURE.md): projects find each other's actors through these paths, never through
/// project references.
/// </summary>
public static class ActorNames
{
    /// <summary>Supervisor of everything market-data (books, catalog, feeds, scanner).</summary>
    public const string MarketData = "market-data";

    /// <summary>The exchange WebSocket connection that fans out by ticker.</summary>
    public const string KalshiFeed = "feed-kalshi-ws";

    /// <summary>The market catalog (open markets, events, series, lifecycle).</summary>
    public const string Catalog = "catalog";

    /// <summary>The periodic market scanner.</summary>
    public const string Scanner = "scanner";

    /// <summary>Supervisor of the strategy actors.</summary>
    public const string Strategies = "strategies";

    /// <summary>The risk guardian, the only actor that can approve an order intent.</summary>
    public const string RiskGuardian = "risk-guardian";

    /// <summary>Supervisor of the order routers; accepts approved intents and routes them by market.</summary>
    public const string Execution = "execution";

    /// <summary>The portfolio: positions, P&amp;L, equity, settlements.</summary>
    public const string Portfolio = "portfolio";

    /// <summary>The journal projection into the audit trail.</summary>
    public const string Audit = "audit";

    /// <summary>Pushes state to dashboard WebSocket clients.</summary>
    public const string DashboardBridge = "dashboard-bridge";

    /// <summary>Path of the market-data supervisor.</summary>
    public const string MarketDataPath = "/user/" + MarketData;

    /// <summary>Path of the market catalog.</summary>
    public const string CatalogPath = MarketDataPath + "/" + Catalog;

    /// <summary>The alert raiser (price drops, spreads, new markets, drawdown, early settlements).</summary>
    public const string Alerts = "alerts";

    /// <summary>Path of the periodic market scanner.</summary>
    public const string ScannerPath = MarketDataPath + "/" + Scanner;

    /// <summary>Path of the alert raiser.</summary>
    public const string AlertsPath = MarketDataPath + "/" + Alerts;

    /// <summary>Path of the strategies supervisor.</summary>
    public const string StrategiesPath = "/user/" + Strategies;

    /// <summary>Path of the risk guardian.</summary>
    public const string RiskGuardianPath = "/user/" + RiskGuardian;

    /// <summary>Path of the execution supervisor.</summary>
    public const string ExecutionPath = "/user/" + Execution;

    /// <summary>Path of the portfolio.</summary>
    public const string PortfolioPath = "/user/" + Portfolio;

    /// <summary>Name of a market's order-book actor.</summary>
    public static string Book(MarketTicker ticker) => "book-" + ticker.Value;

    /// <summary>Name of a market's order-router actor.</summary>
    public static string Router(MarketTicker ticker) => "router-" + ticker.Value;

    /// <summary>Name of a strategy instance's actor.</summary>
    public static string Strategy(string strategyId) => "strategy-" + strategyId;

    /// <summary>Name of an external fair-value feed's actor.</summary>
    public static string Feed(string feedName) => "feed-" + feedName;

    /// <summary>Path of a market's order-book actor.</summary>
    public static string BookPath(MarketTicker ticker) => MarketDataPath + "/" + Book(ticker);

    /// <summary>Path of a market's order-router actor.</summary>
    public static string RouterPath(MarketTicker ticker) => ExecutionPath + "/" + Router(ticker);

    /// <summary>Path of a strategy instance's actor.</summary>
    public static string StrategyPath(string strategyId) => StrategiesPath + "/" + Strategy(strategyId);
}
