namespace KalshiActors.Domain.Protocol;

/// <summary>
/// One market's position: contracts held of each leg (a position is on one leg at a time), what they cost, what was
/// realized, and the last mark of the held leg.
/// </summary>
public sealed record PositionView(
    MarketTicker Ticker,
    EventTicker? EventTicker,
    Side Side,
    Quantity Contracts,
    Money CostBasis,
    Money RealizedPnl,
    Money FeesPaid,
    Price? Mark,
    Money UnrealizedPnl);

/// <summary>
/// The portfolio at one moment (published on the event stream on every change, and the reply to
/// <see cref="GetPortfolio"/>). Equity = cash + marked value of positions; drawdown is from <see cref="PeakEquity"/>.
/// <see cref="CaughtUp"/> is false while the portfolio, just recovered, is still booking fills it finds in the journal
/// (its figures may then lack them); decisions that must not depend on thread timing (a day's starting equity) wait for true.
/// </summary>
public sealed record PortfolioUpdated(
    Money Cash,
    Money Equity,
    Money PeakEquity,
    Money RealizedPnl,
    Money UnrealizedPnl,
    Money FeesPaid,
    Money DailyPnl,
    IReadOnlyList<PositionView> Positions,
    DateTimeOffset At,
    bool CaughtUp = true)
{
    /// <summary>Loss from the peak, as a fraction of the peak (0 when at the peak).</summary>
    public double Drawdown => PeakEquity.Units <= 0 ? 0 : Math.Max(0, (double)(PeakEquity.Units - Equity.Units) / PeakEquity.Units);
}

/// <summary>Ask the portfolio for its current state; the reply is <see cref="PortfolioUpdated"/>.</summary>
public sealed record GetPortfolio;

/// <summary>
/// Ask a stateful actor for its part of the node's state digest; the reply is <see cref="StateDigestPart"/>. The digest
/// is SHA-256 over the parts in component order, so a replay of the journal must produce the same bytes.
/// </summary>
public sealed record GetStateDigestPart;

/// <summary>One component's canonical state: UTF-8 JSON with sorted keys and fixed-point strings, no times of day.</summary>
public sealed record StateDigestPart(string Component, byte[] CanonicalJson);

/// <summary>
/// The exchange's positions at one moment (Hosting sends them to the portfolio from <c>IOrderGateway.GetPositionsAsync</c>
/// in live mode); a market absent from the list is flat at the exchange. The portfolio reconciles its own against them.
/// </summary>
public sealed record ExchangePositionsObserved(IReadOnlyList<Ports.PositionRecord> Positions, DateTimeOffset At);

/// <summary>The exchange's balance (sent to the portfolio in live mode; its first one sets the starting cash when configured so).</summary>
public sealed record ExchangeBalanceObserved(Ports.BalanceRecord Balance, DateTimeOffset At);
