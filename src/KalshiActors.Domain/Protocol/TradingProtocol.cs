namespace KalshiActors.Domain.Protocol;

/// <summary>How an intent should be executed.</summary>
public enum ExecutionStyle
{
    /// <summary>Post-only at the best bid or one tick better; re-quoted when the book moves away.</summary>
    Maker,

    /// <summary>Take what is there now, cancel the rest.</summary>
    ImmediateOrCancel,

    /// <summary>Take all of it now or nothing (arbitrage legs).</summary>
    FillOrKill,
}

/// <summary>Why a strategy sized an intent the way it did.</summary>
/// <param name="FullKelly">The fee-adjusted Kelly fraction of bankroll before scaling.</param>
/// <param name="KellyFraction">The configured fraction of Kelly (e.g. 0.25).</param>
/// <param name="DrawdownScale">Multiplier from the drawdown rule (1 = no drawdown reduction).</param>
/// <param name="Bankroll">Portfolio equity the size was computed from.</param>
/// <param name="Contracts">The resulting size.</param>
/// <param name="Explanation">One line a person can read.</param>
public sealed record SizingRationale(
    double FullKelly,
    double KellyFraction,
    double DrawdownScale,
    Money Bankroll,
    Quantity Contracts,
    string Explanation);

/// <summary>
/// A strategy saw an edge (persisted by the strategy actor). Prices are of <see cref="Side"/>'s leg;
/// <see cref="EdgeAfterFees"/> is per contract, after the fee of the intended execution.
/// </summary>
public sealed record SignalRaised(
    string StrategyId,
    long SignalNumber,
    MarketTicker Ticker,
    Side Side,
    Action Action,
    double ModelProbability,
    Price MarketPrice,
    Money EdgeAfterFees,
    SizingRationale Sizing,
    IntentId? IntentId,
    DateTimeOffset At)
{
    /// <summary>The book as the strategy saw it when it raised the signal; null in journals written before it was recorded.</summary>
    public SignalBook? Book { get; init; }
}

/// <summary>The order book a signal was raised on (recorded with <see cref="SignalRaised"/> for post-mortems).</summary>
/// <param name="Sequence">The book's sequence number.</param>
/// <param name="Top">Best YES bid and ask with their sizes.</param>
/// <param name="Mid">Mid price, if both sides quoted.</param>
/// <param name="Spread">YES ask minus YES bid, if both sides quoted.</param>
/// <param name="Status">The book's status.</param>
/// <param name="ReceivedAt">When the book update was received.</param>
public sealed record SignalBook(long Sequence, BookTop Top, Price? Mid, Price? Spread, BookStatus Status, DateTimeOffset ReceivedAt)
{
    /// <summary>The parts of <paramref name="book"/> a post-mortem needs.</summary>
    public static SignalBook Of(BookUpdated book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return new SignalBook(book.Sequence, book.Top, book.Mid, book.Spread, book.Status, book.ReceivedAt);
    }
}

/// <summary>
/// A strategy's wish to trade, sent to the risk guardian (the only path to an order). <see cref="LimitPrice"/> is of
/// <see cref="Side"/>'s leg. The guardian answers the sender with <see cref="IntentApproved"/> or <see cref="IntentRejected"/>.
/// </summary>
/// <param name="ArbitrageGroup">Shared by the legs of one arbitrage; such legs may buy at 99c / sell at 1c.</param>
/// <param name="InputFeeds">Names of the fair-value feeds the model used; the guardian refuses the intent while one is stale.</param>
public sealed record OrderIntent(
    IntentId IntentId,
    string StrategyId,
    MarketTicker Ticker,
    EventTicker EventTicker,
    Side Side,
    Action Action,
    Price LimitPrice,
    Quantity Count,
    ExecutionStyle Style,
    double ModelProbability,
    Money EdgeAfterFees,
    string? ArbitrageGroup,
    IReadOnlyList<string> InputFeeds,
    DateTimeOffset CreatedAt)
{
    /// <summary>Whether this intent is one leg of an arbitrage.</summary>
    public bool IsArbitrageLeg => ArbitrageGroup is not null;
}

/// <summary>Turns a strategy on at runtime (reply: <see cref="StrategyCommandResult"/>).</summary>
public sealed record EnableStrategy(string StrategyId);

/// <summary>Turns a strategy off at runtime: it stops raising signals; resting orders are not its business.</summary>
public sealed record DisableStrategy(string StrategyId);

/// <summary>Changes a strategy's parameters at runtime (HOCON keys of its section, values as text).</summary>
public sealed record UpdateStrategyParameters(string StrategyId, IReadOnlyDictionary<string, string> Parameters);

/// <summary>The answer to a strategy command; <see cref="Error"/> says what was wrong when not accepted.</summary>
public sealed record StrategyCommandResult(string StrategyId, bool Accepted, string? Error);

/// <summary>Account-wide trading state kept by the risk guardian.</summary>
public enum TradingState
{
    /// <summary>New exposure allowed.</summary>
    Active,

    /// <summary>Only intents that reduce exposure pass.</summary>
    Reducing,

    /// <summary>Nothing passes.</summary>
    Halted,
}

/// <summary>The risk checks; a rejection names the one that failed.</summary>
public enum RiskCheck
{
    /// <summary>Trading is halted or reducing.</summary>
    TradingState,

    /// <summary>Contracts per order.</summary>
    MaxContractsPerOrder,

    /// <summary>Dollars per order.</summary>
    MaxDollarsPerOrder,

    /// <summary>Exposure in one market.</summary>
    MaxPerMarket,

    /// <summary>Exposure in one event.</summary>
    MaxPerEvent,

    /// <summary>Exposure in one category, as % of equity.</summary>
    MaxPerCategory,

    /// <summary>Worst-case total exposure across events.</summary>
    TotalExposure,

    /// <summary>Number of concurrent positions.</summary>
    MaxConcurrentPositions,

    /// <summary>Loss today.</summary>
    DailyLossLimit,

    /// <summary>Drawdown breaker tripped (until reset).</summary>
    DrawdownBreaker,

    /// <summary>Kill switch on.</summary>
    KillSwitch,

    /// <summary>Buying at 99c or selling at 1c outside an arbitrage.</summary>
    PriceSanity,

    /// <summary>Edge after fees is not positive.</summary>
    FeeInversion,

    /// <summary>The book is not live.</summary>
    StaleBook,

    /// <summary>A fair-value feed the strategy uses is stale.</summary>
    StaleFeed,

    /// <summary>An open circuit breaker feeds this market.</summary>
    CircuitBreakerOpen,

    /// <summary>Too many exchange errors in the window.</summary>
    ExchangeErrorRate,

    /// <summary>An order in this market has an unknown outcome until reconciled.</summary>
    UnknownOrderOutcome,

    /// <summary>The market is not open for trading.</summary>
    MarketNotActive,

    /// <summary>Cluster mode: this node holds no live lease on the market's shard.</summary>
    ShardLease,
}

/// <summary>The guardian approved an intent (persisted); sent to the execution supervisor, which routes it by market.</summary>
/// <param name="Figures">The numbers the checks used, as canonical text (e.g. "market_exposure" → "12.5000").</param>
public sealed record IntentApproved(OrderIntent Intent, IReadOnlyDictionary<string, string> Figures, DateTimeOffset At)
{
    /// <summary>Cluster mode: the epoch of the shard lease the approval was given under; a router refuses it once the epoch changed.</summary>
    public long? LeaseEpoch { get; init; }

    /// <summary>
    /// In process only, never stored: the journal's write mark taken as the guardian handed this decision to the journal
    /// (it leaves before its commit); the router stores the order on condition that no journal write failed since, so an
    /// order is never sent when its decision was lost. Null: no condition (a decision read back from the journal).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long? DecisionWriteMark { get; init; }
}

/// <summary>The guardian rejected an intent (persisted) with the failing check, a readable reason and the figures it used; sent back to the strategy.</summary>
public sealed record IntentRejected(
    OrderIntent Intent,
    RiskCheck Check,
    string Reason,
    IReadOnlyDictionary<string, string> Figures,
    DateTimeOffset At);

/// <summary>The trading state changed (persisted by the guardian, published on the event stream).</summary>
public sealed record TradingStateChanged(TradingState From, TradingState To, string Reason, DateTimeOffset At);

/// <summary>Operator command: cancel every resting order and halt.</summary>
public sealed record ActivateKillSwitch(string Reason, string Operator);

/// <summary>Operator command: reset a tripped drawdown breaker (and the kill switch) and resume trading.</summary>
public sealed record ResetRiskHalt(string Reason, string Operator);

/// <summary>The guardian's answer to an operator command.</summary>
public sealed record RiskCommandResult(bool Accepted, TradingState State, string Message);

/// <summary>Sent to the execution supervisor: cancel every resting order (kill switch, shutdown).</summary>
public sealed record CancelAllOrders(string Reason);

/// <summary>The execution supervisor's answer to <see cref="CancelAllOrders"/>: how many cancels were sent.</summary>
public sealed record CancelAllOrdersResult(int CancelsSent, int Failures);
