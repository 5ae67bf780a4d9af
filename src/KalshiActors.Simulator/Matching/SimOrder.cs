using KalshiActors.Domain;
namespace KalshiActors.Simulator.Matching;

/// <summary>One order as the simulated exchange keeps it: identity, terms, fill state and its place in a price level's queue.</summary>
internal sealed class SimOrder
{
    /// <summary>Creates an order that has not yet reached the book.</summary>
    public SimOrder(
        string orderId,
        string accountId,
        string? clientOrderId,
        string ticker,
        BookSide side,
        int price,
        long quantity,
        TimeInForce timeInForce,
        SelfTradePrevention selfTradePrevention,
        DateTimeOffset createdAt)
    {
        OrderId = orderId;
        AccountId = accountId;
        ClientOrderId = clientOrderId;
        Ticker = ticker;
        Side = side;
        Price = price;
        InitialQuantity = quantity;
        RemainingQuantity = quantity;
        TimeInForce = timeInForce;
        SelfTradePrevention = selfTradePrevention;
        CreatedAt = createdAt;
        LastUpdatedAt = createdAt;
    }

    /// <summary>The exchange-assigned id.</summary>
    public string OrderId { get; }

    /// <summary>The account (API key owner or synthetic participant) that owns the order.</summary>
    public string AccountId { get; }

    /// <summary>The client's correlation id, echoed on every message about the order.</summary>
    public string? ClientOrderId { get; set; }

    /// <summary>The market the order trades.</summary>
    public string Ticker { get; }

    /// <summary>YES-leg side.</summary>
    public BookSide Side { get; }

    /// <summary>YES price in 1/10,000 dollar; changes only through amend.</summary>
    public int Price { get; set; }

    /// <summary>Total size ever asked for (filled + remaining + canceled), in 1/100 contract.</summary>
    public long InitialQuantity { get; set; }

    /// <summary>Size still able to fill, in 1/100 contract.</summary>
    public long RemainingQuantity { get; set; }

    /// <summary>Size filled so far, in 1/100 contract.</summary>
    public long FilledQuantity { get; set; }

    /// <summary>How long the order may rest.</summary>
    public TimeInForce TimeInForce { get; }

    /// <summary>Self-trade rule chosen at entry.</summary>
    public SelfTradePrevention SelfTradePrevention { get; }

    /// <summary>When a GTC order stops resting, or null for no expiry.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Rejected rather than allowed to take liquidity.</summary>
    public bool PostOnly { get; init; }

    /// <summary>Size was capped at the position when it was placed.</summary>
    public bool ReduceOnly { get; init; }

    /// <summary>Cancel when trading pauses.</summary>
    public bool CancelOnPause { get; init; }

    /// <summary>Sub-account number (0 = primary).</summary>
    public int Subaccount { get; init; }

    /// <summary>Entry time.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>Time of the last change of any kind.</summary>
    public DateTimeOffset LastUpdatedAt { get; set; }

    /// <summary>Current status.</summary>
    public OrderStatus Status { get; set; } = OrderStatus.Resting;

    /// <summary>Why it stopped resting without filling, if it did.</summary>
    public CancelReason CancelReason { get; set; }

    /// <summary>Money spent on fills where this order took liquidity (its own leg's price), micro-dollars.</summary>
    public long TakerFillCost { get; set; }

    /// <summary>Money spent on fills where this order provided liquidity, micro-dollars.</summary>
    public long MakerFillCost { get; set; }

    /// <summary>Fees charged as taker, micro-dollars.</summary>
    public long TakerFees { get; set; }

    /// <summary>Fees charged as maker, micro-dollars.</summary>
    public long MakerFees { get; set; }

    /// <summary>Sum of price x quantity over fills, for the average fill price.</summary>
    public long FillNotional { get; set; }

    /// <summary>Queue priority stamp; lower is earlier. Reassigned when an amend forfeits priority.</summary>
    internal long Priority { get; set; }

    /// <summary>Previous order in the same price level queue (toward the front).</summary>
    internal SimOrder? Previous { get; set; }

    /// <summary>Next order in the same price level queue (toward the back).</summary>
    internal SimOrder? Next { get; set; }

    /// <summary>True while the order sits in a book level.</summary>
    internal bool InBook { get; set; }

    /// <summary>The NO-leg price, 1 - YES price, in 1/10,000 dollar.</summary>
    public int NoPrice => Units.PriceScale - Price;

    /// <summary>The price this order's owner pays per contract on its own leg.</summary>
    public int OwnLegPrice => Side == BookSide.Bid ? Price : NoPrice;
}
