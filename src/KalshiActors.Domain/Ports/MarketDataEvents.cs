namespace KalshiActors.Domain.Ports;

/// <summary>Market-data streams a feed can subscribe to.</summary>
[Flags]
public enum MarketDataChannels
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>Order book snapshots and deltas (sequenced).</summary>
    OrderBook = 1,

    /// <summary>Top of book, last trade, volume.</summary>
    Ticker = 2,

    /// <summary>Public trades.</summary>
    Trades = 4,

    /// <summary>Market lifecycle (open, close, determined, settled, tick changes).</summary>
    Lifecycle = 8,

    /// <summary>Our fills.</summary>
    Fills = 16,

    /// <summary>Our order updates.</summary>
    Orders = 32,

    /// <summary>Our positions.</summary>
    Positions = 64,
}

/// <summary>One resting level: total size bid at a price on one leg.</summary>
public readonly record struct BookLevel(Price Price, Quantity Size);

/// <summary>Something a market-data feed observed; the stream is ordered as received.</summary>
public abstract record MarketDataEvent;

/// <summary>The whole book of a market; replaces anything held before. Bids on each leg, NO bids at NO prices unless <see cref="NoLevelsInYesPrices"/>.</summary>
public sealed record BookSnapshotReceived(
    MarketTicker Ticker,
    int SubscriptionId,
    long Sequence,
    IReadOnlyList<BookLevel> YesBids,
    IReadOnlyList<BookLevel> NoBids,
    bool NoLevelsInYesPrices) : MarketDataEvent;

/// <summary>A signed change of resting size at one price of one leg; apply only after the market's snapshot.</summary>
public sealed record BookDeltaReceived(
    MarketTicker Ticker,
    int SubscriptionId,
    long Sequence,
    Side Side,
    Price Price,
    Quantity Delta,
    ClientOrderId? ClientOrderId,
    DateTimeOffset? ExchangeTime) : MarketDataEvent;

/// <summary>A subscription's sequence skipped numbers: every book on it is stale until resynchronised.</summary>
public sealed record SequenceGapDetected(int SubscriptionId, long ExpectedSequence, long ReceivedSequence) : MarketDataEvent;

/// <summary>Top of book and activity figures of a market changed.</summary>
public sealed record TickerUpdated(
    MarketTicker Ticker,
    Price? LastPrice,
    Price? YesBid,
    Price? YesAsk,
    Quantity? YesBidSize,
    Quantity? YesAskSize,
    Quantity? Volume,
    Quantity? OpenInterest,
    DateTimeOffset? ExchangeTime) : MarketDataEvent;

/// <summary>A public trade; <see cref="TakerSide"/> is the leg the taker bought.</summary>
public sealed record TradePrinted(
    string TradeId,
    MarketTicker Ticker,
    Price YesPrice,
    Quantity Count,
    Side? TakerSide,
    DateTimeOffset? ExchangeTime) : MarketDataEvent;

/// <summary>A market's lifecycle changed (created, activated, deactivated, close date, determined, settled, ticks, metadata).</summary>
public sealed record MarketLifecycleChanged(
    MarketTicker Ticker,
    string EventType,
    string? Result,
    Price? SettlementValue,
    TickStructure? TickStructure,
    DateTimeOffset? CloseTime) : MarketDataEvent;

/// <summary>One of our orders filled (private channel).</summary>
public sealed record OwnFillReceived(FillRecord Fill, ClientOrderId? ClientOrderId, Quantity PositionAfter) : MarketDataEvent;

/// <summary>One of our orders changed (private channel).</summary>
public sealed record OwnOrderUpdated(OrderState Order) : MarketDataEvent;

/// <summary>One of our positions changed (private channel).</summary>
public sealed record OwnPositionChanged(PositionRecord Position) : MarketDataEvent;

/// <summary>The exchange refused a subscription command; terminal codes (10, 25) mean the subscription is dead.</summary>
public sealed record SubscriptionFailed(int? SubscriptionId, int Code, string Message, bool IsTerminal) : MarketDataEvent;

/// <summary>The connection ended; the feed does not reconnect by itself (supervisors decide).</summary>
public sealed record FeedDisconnected(string Reason, Exception? Cause) : MarketDataEvent;
