namespace KalshiActors.Domain.Ports;

/// <summary>A new limit order, stated on the YES book as the V2 order endpoints take it.</summary>
/// <param name="Ticker">The market.</param>
/// <param name="Side">Bid = buy YES, ask = sell YES (buy NO at 1 − price).</param>
/// <param name="YesPrice">The YES price, on the market's tick grid.</param>
/// <param name="Count">Contracts, positive, in 1/100 contract.</param>
/// <param name="TimeInForce">How long the order may rest.</param>
/// <param name="SelfTradePrevention">What happens on a cross with our own resting order.</param>
/// <param name="ClientOrderId">Our correlation id; a retried create re-sends the same one.</param>
public sealed record OrderRequest(
    MarketTicker Ticker,
    BookSide Side,
    Price YesPrice,
    Quantity Count,
    TimeInForce TimeInForce,
    SelfTradePrevention SelfTradePrevention,
    ClientOrderId ClientOrderId)
{
    /// <summary>When a good-till-canceled order expires (whole seconds on the wire); null = until canceled.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Reject or cancel instead of taking liquidity.</summary>
    public bool PostOnly { get; init; }

    /// <summary>Cap the size at the current position.</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>Let the exchange cancel the order when trading pauses.</summary>
    public bool CancelOnPause { get; init; }

    /// <summary>Sub-account 0–63; null = the primary account.</summary>
    public int? Subaccount { get; init; }
}

/// <summary>The exchange's answer to a create or an amend.</summary>
public sealed record OrderAck(
    OrderId OrderId,
    ClientOrderId? ClientOrderId,
    Quantity FilledCount,
    Quantity RemainingCount,
    Price? AverageFillPrice,
    Money? AverageFeePaid,
    DateTimeOffset ExchangeTime);

/// <summary>The exchange's answer to a cancel: how much resting size it removed.</summary>
public sealed record CancelAck(OrderId OrderId, ClientOrderId? ClientOrderId, Quantity ReducedBy, DateTimeOffset ExchangeTime);

/// <summary>A change of price and/or total size of a resting order.</summary>
/// <param name="TotalCount">The new total fillable size: already filled plus the desired remaining.</param>
public sealed record AmendRequest(
    OrderId OrderId,
    MarketTicker Ticker,
    BookSide Side,
    Price YesPrice,
    Quantity TotalCount,
    ClientOrderId? ClientOrderId,
    ClientOrderId? UpdatedClientOrderId);

/// <summary>A reduction of a resting order's size by an amount or to a size (exactly one is set).</summary>
public sealed record DecreaseRequest(OrderId OrderId, MarketTicker? Ticker, Quantity? ReduceBy, Quantity? ReduceTo);

/// <summary>The exchange's answer to a decrease.</summary>
public sealed record DecreaseAck(OrderId OrderId, ClientOrderId? ClientOrderId, Quantity RemainingCount, DateTimeOffset ExchangeTime);

/// <summary>Why the exchange refused one item of a batch (or an order), in its own words.</summary>
public sealed record OrderRejection(string Code, string Message);

/// <summary>One item of a batch create: an acknowledgement or a rejection.</summary>
public sealed record BatchCreateResult(ClientOrderId? ClientOrderId, OrderAck? Ack, OrderRejection? Rejection);

/// <summary>One item of a batch cancel: an acknowledgement or a rejection.</summary>
public sealed record BatchCancelResult(OrderId OrderId, CancelAck? Ack, OrderRejection? Rejection);

/// <summary>Where an order is in its life at the exchange.</summary>
public enum OrderStatus
{
    /// <summary>On the book with size remaining.</summary>
    Resting,

    /// <summary>Removed before filling completely.</summary>
    Canceled,

    /// <summary>Filled completely.</summary>
    Executed,
}

/// <summary>An order as the exchange reports it when read back.</summary>
public sealed record OrderState(
    OrderId OrderId,
    ClientOrderId? ClientOrderId,
    MarketTicker Ticker,
    BookSide Side,
    Price YesPrice,
    OrderStatus Status,
    Quantity InitialCount,
    Quantity FilledCount,
    Quantity RemainingCount,
    Money TakerFees,
    Money MakerFees,
    DateTimeOffset? CreatedTime,
    DateTimeOffset? LastUpdateTime);

/// <summary>Which orders to read back; every page is fetched.</summary>
public sealed record OrderQuery(MarketTicker? Ticker = null, OrderStatus? Status = null, DateTimeOffset? Since = null);

/// <summary>Which fills to read back; every page is fetched.</summary>
public sealed record FillQuery(MarketTicker? Ticker = null, OrderId? OrderId = null, DateTimeOffset? Since = null);

/// <summary>One of our fills.</summary>
public sealed record FillRecord(
    string TradeId,
    OrderId OrderId,
    MarketTicker Ticker,
    BookSide Side,
    Price YesPrice,
    Quantity Count,
    bool IsTaker,
    Money Fee,
    DateTimeOffset? Time);

/// <summary>An unsettled position: positive = YES contracts, negative = NO contracts.</summary>
public sealed record PositionRecord(MarketTicker Ticker, Quantity Position, Money MarketExposure, Money RealizedPnl, Money FeesPaid);

/// <summary>Cash available to trade and the portfolio's value.</summary>
public sealed record BalanceRecord(Money Available, Money PortfolioValue, DateTimeOffset? UpdatedAt);
