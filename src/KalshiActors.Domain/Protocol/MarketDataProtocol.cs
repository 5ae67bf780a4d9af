using KalshiActors.Domain.Ports;

namespace KalshiActors.Domain.Protocol;

/// <summary>Best prices of both legs. YES ask = 1 − best NO bid; NO ask = 1 − best YES bid. Sizes are what rests at those prices.</summary>
public sealed record BookTop(Price? YesBid, Quantity YesBidSize, Price? YesAsk, Quantity YesAskSize)
{
    /// <summary>Best NO bid (the complement of the YES ask).</summary>
    public Price? NoBid => YesAsk?.Complement;

    /// <summary>Best NO ask (the complement of the YES bid).</summary>
    public Price? NoAsk => YesBid?.Complement;

    /// <summary>Best bid of a leg.</summary>
    public Price? BidOf(Side side) => side == Side.Yes ? YesBid : NoBid;

    /// <summary>Best ask of a leg (what buying that leg costs now).</summary>
    public Price? AskOf(Side side) => side == Side.Yes ? YesAsk : NoAsk;

    /// <summary>Size resting at a leg's best bid.</summary>
    public Quantity BidSizeOf(Side side) => side == Side.Yes ? YesBidSize : YesAskSize;

    /// <summary>Size available at a leg's best ask.</summary>
    public Quantity AskSizeOf(Side side) => side == Side.Yes ? YesAskSize : YesBidSize;
}

/// <summary>Whether a book can be traded on.</summary>
public enum BookStatus
{
    /// <summary>Waiting for the first snapshot (or a fresh one after a resync request).</summary>
    Synchronising,

    /// <summary>Snapshot applied, deltas in sequence, updates recent, not crossed: tradable.</summary>
    Live,

    /// <summary>Gap, crossed book or silence: nothing may trade on it until resynchronised.</summary>
    Stale,

    /// <summary>The market stopped trading (closed, determined or settled): this update is the book's last.</summary>
    Closed,

    /// <summary>
    /// Cluster mode: another node holds the market's shard now; this node's book stopped (this update is its last here) and
    /// nothing trades the market on this node.
    /// </summary>
    HandedOff,
}

/// <summary>
/// Published by an order-book actor (on the event stream) when its top of book or depth changed. YES prices throughout;
/// <see cref="YesBids"/>/<see cref="NoBids"/> hold the best <c>depth</c> levels, best first. Mid, spread and microprice
/// are on the YES leg and null when a side is empty. <see cref="IsTradable"/> is false while the book is not
/// <see cref="BookStatus.Live"/>.
/// </summary>
public sealed record BookUpdated(
    MarketTicker Ticker,
    long Sequence,
    BookTop Top,
    IReadOnlyList<BookLevel> YesBids,
    IReadOnlyList<BookLevel> NoBids,
    Price? Mid,
    Price? Spread,
    Price? Microprice,
    BookStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? ExchangeTime)
{
    // The three derived prices are kept in 4 bytes each (a price is 0-10,000 units; -1 = none) rather than as 16-byte
    // Price? fields: one of these is made for nearly every book delta, and queued ones are copied by every collection.
    private readonly int _mid = Pack(Mid);
    private readonly int _spread = Pack(Spread);
    private readonly int _microprice = Pack(Microprice);

    /// <summary>Mid price of the YES leg; null when a side is empty.</summary>
    public Price? Mid { get => Unpack(_mid); init => _mid = Pack(value); }

    /// <summary>YES ask minus YES bid; null when a side is empty.</summary>
    public Price? Spread { get => Unpack(_spread); init => _spread = Pack(value); }

    /// <summary>Size-weighted price between the YES bid and ask; null when a side is empty.</summary>
    public Price? Microprice { get => Unpack(_microprice); init => _microprice = Pack(value); }

    /// <summary>Whether strategies and routers may act on these prices.</summary>
    public bool IsTradable => Status == BookStatus.Live;

    private static int Pack(Price? price) => price is { } p ? checked((int)p.Units) : -1;

    private static Price? Unpack(int units) => units < 0 ? null : Price.FromUnits(units);
}

/// <summary>A book's status changed (published and persisted by the order-book actor).</summary>
public sealed record BookStatusChanged(MarketTicker Ticker, BookStatus From, BookStatus To, string Reason, DateTimeOffset At);

/// <summary>What a market's lifecycle says about trading in it.</summary>
public enum MarketState
{
    /// <summary>Listed, not yet open.</summary>
    Initialized,

    /// <summary>Open for trading.</summary>
    Active,

    /// <summary>Trading paused.</summary>
    Paused,

    /// <summary>Closed; the outcome is not yet known.</summary>
    Closed,

    /// <summary>The outcome is known; settlement pending.</summary>
    Determined,

    /// <summary>Settled and paid.</summary>
    Settled,
}

/// <summary>A market as the catalog knows it: identity, grouping, tick grid, fee parameters and timing.</summary>
/// <param name="FloorStrike">Lower strike of a ladder/up-down market in the underlying's units (exact), if any.</param>
/// <param name="CapStrike">Upper strike, if any.</param>
/// <param name="Underlying">The spot underlying a fair-value feed reports for it (e.g. "BTC"), if known.</param>
/// <param name="MutuallyExclusive">Whether the event's markets are mutually exclusive (exactly one settles YES).</param>
public sealed record MarketInfo(
    MarketTicker Ticker,
    EventTicker EventTicker,
    SeriesTicker SeriesTicker,
    string Title,
    string Category,
    MarketState State,
    DateTimeOffset? OpenTime,
    DateTimeOffset? CloseTime,
    TickStructure Ticks,
    SeriesFeeParameters Fees,
    decimal? FloorStrike,
    decimal? CapStrike,
    string? Underlying,
    bool MutuallyExclusive);

/// <summary>Ask the catalog for every market it holds; the reply is <see cref="MarketCatalogSnapshot"/>.</summary>
public sealed record GetMarketCatalog;

/// <summary>The catalog's markets at one moment.</summary>
public sealed record MarketCatalogSnapshot(IReadOnlyList<MarketInfo> Markets, DateTimeOffset AsOf);

/// <summary>A market appeared in the catalog or its description changed (published on the event stream).</summary>
public sealed record MarketListed(MarketInfo Market);

/// <summary>A market's state changed (published on the event stream).</summary>
public sealed record MarketStateChanged(MarketTicker Ticker, MarketState From, MarketState To, DateTimeOffset At);

/// <summary>
/// A market's outcome was settled (published on the event stream): <see cref="SettlementValue"/> is what one YES contract
/// pays ($1 or $0, or a scalar value); <see cref="Early"/> when it settled before its scheduled close.
/// </summary>
public sealed record MarketSettled(MarketTicker Ticker, Price SettlementValue, bool Early, DateTimeOffset At);

/// <summary>States of a circuit breaker.</summary>
public enum BreakerState
{
    /// <summary>Calls flow.</summary>
    Closed,

    /// <summary>Calls are refused until the break ends.</summary>
    Open,

    /// <summary>A trial call decides whether to close or reopen.</summary>
    HalfOpen,
}

/// <summary>
/// A dependency's breaker changed state (persisted by its owner, published on the event stream). An open breaker halts
/// new intents for <see cref="AffectedMarkets"/> (empty = every market).
/// </summary>
public sealed record CircuitBreakerStateChanged(
    string Dependency,
    BreakerState From,
    BreakerState To,
    string Reason,
    IReadOnlyList<MarketTicker> AffectedMarkets,
    DateTimeOffset At);

/// <summary>The outcome of one call to the exchange (published by whoever made it) so the risk guardian can watch the error rate.</summary>
public sealed record ExchangeCallCompleted(string Operation, bool Succeeded, int? StatusCode, DateTimeOffset At);

/// <summary>
/// The exchange confirmed the subscription of our private streams (fills and order updates), on the first connect and on
/// every reconnect; published by the feed. Whoever books fills reads back by REST what the exchange did while nobody listened
/// (the stream carries nothing from before its subscription).
/// </summary>
public sealed record PrivateStreamSubscribed(DateTimeOffset At);
