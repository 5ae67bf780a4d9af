using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Execution;

/// <summary>Where one of our orders is in its life, as the router's journal says.</summary>
internal enum OrderPhase
{
    /// <summary>Decided and sent (or about to be); no answer yet.</summary>
    Submitted,

    /// <summary>The exchange has it; it may rest, fill or be canceled.</summary>
    Accepted,

    /// <summary>The answer was lost; the market is blocked until the order is found or found absent.</summary>
    Unknown,

    /// <summary>Nothing can happen to it any more (filled, canceled, rejected or never placed).</summary>
    Closed,
}

/// <summary>One order's state inside its router; rebuilt from the router's events on recovery.</summary>
internal sealed class OrderRecord(OrderSubmitted submitted)
{
    /// <summary>The event that created it (identity, direction, style, size).</summary>
    public OrderSubmitted Submitted { get; } = submitted;

    public ClientOrderId ClientOrderId => Submitted.ClientOrderId;

    public Side Side => Submitted.Side;

    public BookSide BookSide => OrderDirection.ToBookSide(Submitted.Side, Submitted.Action);

    public Quantity Count => Submitted.Count;

    public ExecutionStyle Style => Submitted.Style;

    /// <summary>The intent's limit on the YES book: re-quotes never go beyond it.</summary>
    public Price YesLimit => OrderPricing.ToYes(Side, Submitted.IntentLimitPrice ?? Submitted.LimitPrice);

    /// <summary>The price it rests at now, on the YES book (changes with re-quotes).</summary>
    public Price YesPrice { get; set; } = OrderPricing.ToYes(submitted.Side, submitted.LimitPrice);

    public OrderPhase Phase { get; set; } = OrderPhase.Submitted;

    public OrderId? OrderId { get; set; }

    /// <summary>Contracts filled so far (sum of booked fills).</summary>
    public Quantity Filled { get; set; }

    /// <summary>Contracts canceled so far (by us, the exchange, or IOC/FOK expiry).</summary>
    public Quantity Canceled { get; set; }

    /// <summary>Contracts resting on the book as last reported.</summary>
    public Quantity Resting { get; set; }

    /// <summary>A request about this order is in flight: no second one is started until it answers (not persisted).</summary>
    public bool Busy { get; set; }

    /// <summary>A cancel-all arrived while the create was in flight: cancel as soon as it is accepted (not persisted).</summary>
    public bool CancelWhenAccepted { get; set; }

    /// <summary>Contracts neither filled nor canceled.</summary>
    public Quantity Unsettled
    {
        get
        {
            var left = Count - Filled - Canceled;
            return left.Units < 0 ? Quantity.Zero : left;
        }
    }

    public bool IsOpen => Phase != OrderPhase.Closed;

    /// <summary>When it last closed (the closing event's time); the router forgets it a retention period after.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Exchange ids it had before <see cref="OrderId"/> (a re-quote may replace the order), forgotten with it.</summary>
    public List<OrderId>? FormerOrderIds { get; set; }

    /// <summary>Trade ids booked against it: a fill seen on the WebSocket and again by polling is booked once.</summary>
    public List<string>? TradeIds { get; set; }

    /// <summary>Whether the trade is already booked against this order.</summary>
    public bool HasTrade(string tradeId) => TradeIds is { } ids && ids.Contains(tradeId, StringComparer.Ordinal);

    /// <summary>Records a trade booked against this order.</summary>
    public void AddTrade(string tradeId) => (TradeIds ??= []).Add(tradeId);

    /// <summary>Records a new exchange id, keeping the one it replaces.</summary>
    public void ReplaceOrderId(OrderId orderId)
    {
        if (OrderId is { } former && former != orderId)
        {
            (FormerOrderIds ??= []).Add(former);
        }

        OrderId = orderId;
    }
}
