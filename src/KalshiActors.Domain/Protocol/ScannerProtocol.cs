namespace KalshiActors.Domain.Protocol;

/// <summary>
/// One market as a scan saw it, with the figures its filters and ranking used. Prices are YES prices; changes are
/// signed dollar amounts per contract in <see cref="Money"/> (the same 1/10,000 dollar unit as <see cref="Price"/>, which
/// cannot be negative): negative = the price dropped; null when the scan had no price that long ago.
/// </summary>
/// <param name="Rank">1 for the best opportunity of the scan.</param>
/// <param name="ScoreMicros">The ranking score in millionths (integer so that rankings are deterministic and replayable).</param>
/// <param name="LastTradeAt">When the market last traded, if known; markets that have not traded lately rank lower.</param>
public sealed record ScannedMarket(
    int Rank,
    MarketTicker Ticker,
    EventTicker EventTicker,
    long ScoreMicros,
    Price? YesBid,
    Price? YesAsk,
    Price? LastPrice,
    Price? Spread,
    Money? Change24h,
    Money? Change7d,
    Quantity Volume24h,
    Quantity OpenInterest,
    Money Liquidity,
    DateTimeOffset? CloseTime,
    DateTimeOffset? LastTradeAt);

/// <summary>A scan finished (published on the event stream by the scanner): the ranked markets that passed every filter, best first.</summary>
public sealed record ScanCompleted(DateTimeOffset At, int MarketsScanned, IReadOnlyList<ScannedMarket> Ranked);

/// <summary>Ask the scanner for its latest ranking; the reply is <see cref="ScanCompleted"/> (an empty ranking before the first scan).</summary>
public sealed record GetLatestScan;

/// <summary>What an alert is about.</summary>
public enum AlertKind
{
    /// <summary>A liquid market's price dropped by more than the configured threshold.</summary>
    PriceDrop,

    /// <summary>A market's spread tightened to or below the configured width.</summary>
    SpreadTightened,

    /// <summary>A newly listed market closes within the configured window.</summary>
    NewMarketClosingSoon,

    /// <summary>The portfolio's drawdown from its peak passed the configured threshold.</summary>
    PortfolioDrawdown,

    /// <summary>A market in which the portfolio holds a position settled before its scheduled close.</summary>
    PositionSettledEarly,

    /// <summary>The portfolio's position in a market differs from the exchange's, confirmed on a second look.</summary>
    PositionDiscrepancy,

    /// <summary>The portfolio refused a fill that cannot be booked (non-positive count or negative fee).</summary>
    InvalidFill,

    /// <summary>The portfolio could not read the journal's fills to catch up; positions may miss fills.</summary>
    PortfolioCatchUpFailed,
}

/// <summary>
/// An alert (persisted, logged and published on the event stream). <see cref="Figures"/> holds the values that raised it
/// as canonical strings (fixed-point prices and money), keyed by name, so the audit trail and the dashboard can show why.
/// </summary>
public sealed record AlertRaised(
    string AlertId,
    AlertKind Kind,
    MarketTicker? Ticker,
    string Message,
    IReadOnlyDictionary<string, string> Figures,
    DateTimeOffset At);
