using KalshiActors.Dashboard.Api;
using KalshiActors.Domain;

namespace KalshiActors.Dashboard.Bridge;

/// <summary>Ask the bridge for the node's overview (the reply is <see cref="StateView"/> without digest, strategies or fresh risk).</summary>
internal sealed record GetOverview
{
    public static GetOverview Instance { get; } = new();
}

/// <summary>Ask the bridge for a list; the reply is the list of rows for <see cref="Kind"/>.</summary>
internal sealed record GetRecent(RecentKind Kind, int Limit);

/// <summary>The bridge's lists.</summary>
internal enum RecentKind
{
    Markets,
    Signals,
    Orders,
    Trades,
    Alerts,
    Breakers,
    Equity,
}

/// <summary>Ask the bridge for one market's book; the reply is <see cref="BookReply"/>.</summary>
internal sealed record GetBook(MarketTicker Ticker);

/// <summary>A market's book, null when the bridge has none.</summary>
internal sealed record BookReply(BookView? Book);

/// <summary>Ask the bridge for a market's event ticker (manual orders need it); the reply is <see cref="MarketLookup"/>.</summary>
internal sealed record LookupMarket(MarketTicker Ticker);

/// <summary>A market's event ticker, null when unknown.</summary>
internal sealed record MarketLookup(MarketTicker Ticker, EventTicker? EventTicker);

/// <summary>Something read from the journal (history at start, signals and alerts as they are written).</summary>
internal sealed record Journaled(object Event);

/// <summary>The auto-trading switch changed (told by the API after the change is journaled).</summary>
internal sealed record AutoTradingSet(bool Enabled);

/// <summary>The timer message: push a status update, refresh the risk panel.</summary>
internal sealed record StatusTick
{
    public static StatusTick Instance { get; } = new();
}

/// <summary>A push of the cluster view to the WebSocket clients finished (another may start).</summary>
internal sealed record ClusterPushed
{
    public static ClusterPushed Instance { get; } = new();
}
