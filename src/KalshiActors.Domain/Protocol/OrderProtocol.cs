namespace KalshiActors.Domain.Protocol;

/// <summary>
/// A step in one order's life, persisted by its order router and then published on the event stream (the portfolio and
/// the risk guardian subscribe to this base type). Prices are of <see cref="Side"/>'s leg.
/// </summary>
public abstract record OrderLifecycleEvent(ClientOrderId ClientOrderId, MarketTicker Ticker, DateTimeOffset At);

/// <summary>
/// An order was decided and is about to be sent: persisted before the request leaves, so a crash never loses it (with
/// `order-journaling = write-behind`, persisted as it leaves, and adopted from the exchange if its write was lost).
/// </summary>
public sealed record OrderSubmitted(
    ClientOrderId ClientOrderId,
    IntentId IntentId,
    string StrategyId,
    MarketTicker Ticker,
    EventTicker EventTicker,
    Side Side,
    Action Action,
    Price LimitPrice,
    Quantity Count,
    ExecutionStyle Style,
    bool PostOnly,
    bool Paper,
    DateTimeOffset At) : OrderLifecycleEvent(ClientOrderId, Ticker, At)
{
    /// <summary>The intent's limit (of <see cref="Side"/>'s leg): the worst price a maker re-quote may move to; null = <see cref="LimitPrice"/>.</summary>
    public Price? IntentLimitPrice { get; init; }

    /// <summary>Cluster mode: the shard lease epoch the order was sent under (null on a single node).</summary>
    public long? LeaseEpoch { get; init; }
}

/// <summary>The exchange (or the paper model) accepted the order; <see cref="Resting"/> is what rests after any immediate fills.</summary>
public sealed record OrderAccepted(ClientOrderId ClientOrderId, OrderId OrderId, MarketTicker Ticker, Quantity Resting, DateTimeOffset At)
    : OrderLifecycleEvent(ClientOrderId, Ticker, At);

/// <summary>A resting order's price changed (maker re-quote).</summary>
public sealed record OrderRepriced(ClientOrderId ClientOrderId, OrderId OrderId, MarketTicker Ticker, Price NewLimitPrice, Quantity Resting, DateTimeOffset At)
    : OrderLifecycleEvent(ClientOrderId, Ticker, At);

/// <summary>
/// Part of an order filled. <see cref="TradeId"/> is unique per fill (the portfolio ignores one it has already booked);
/// <see cref="Fee"/> is the exchange's fee for this fill; <see cref="FilledTotal"/>/<see cref="Remaining"/> are after it.
/// </summary>
public sealed record OrderPartiallyFilled(
    ClientOrderId ClientOrderId,
    OrderId OrderId,
    MarketTicker Ticker,
    string TradeId,
    string StrategyId,
    Side Side,
    Action Action,
    Price Price,
    Quantity Count,
    Money Fee,
    bool IsTaker,
    Quantity FilledTotal,
    Quantity Remaining,
    DateTimeOffset At) : OrderLifecycleEvent(ClientOrderId, Ticker, At);

/// <summary>The last fill of an order: nothing remains. Same fields as <see cref="OrderPartiallyFilled"/>.</summary>
public sealed record OrderFilled(
    ClientOrderId ClientOrderId,
    OrderId OrderId,
    MarketTicker Ticker,
    string TradeId,
    string StrategyId,
    Side Side,
    Action Action,
    Price Price,
    Quantity Count,
    Money Fee,
    bool IsTaker,
    Quantity FilledTotal,
    DateTimeOffset At) : OrderLifecycleEvent(ClientOrderId, Ticker, At);

/// <summary>The rest of an order was canceled (by us, the exchange, IOC expiry or a self-trade rule).</summary>
public sealed record OrderCanceled(ClientOrderId ClientOrderId, OrderId? OrderId, MarketTicker Ticker, Quantity CanceledCount, string Reason, DateTimeOffset At)
    : OrderLifecycleEvent(ClientOrderId, Ticker, At);

/// <summary>The exchange refused the order; nothing rests and nothing filled.</summary>
public sealed record OrderRejected(ClientOrderId ClientOrderId, MarketTicker Ticker, string Code, string Message, DateTimeOffset At)
    : OrderLifecycleEvent(ClientOrderId, Ticker, At);

/// <summary>We do not know whether the exchange has the order (timeout, lost answer); the market is blocked until reconciled.</summary>
public sealed record OrderOutcomeUnknown(ClientOrderId ClientOrderId, MarketTicker Ticker, string Reason, DateTimeOffset At)
    : OrderLifecycleEvent(ClientOrderId, Ticker, At);

/// <summary>An order whose outcome was unknown was found (or found absent) at the exchange; the market is unblocked.</summary>
public sealed record OrderReconciled(ClientOrderId ClientOrderId, MarketTicker Ticker, bool FoundAtExchange, string Resolution, DateTimeOffset At)
    : OrderLifecycleEvent(ClientOrderId, Ticker, At);
