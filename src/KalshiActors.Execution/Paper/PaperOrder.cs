using KalshiActors.Domain;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Execution.Paper;

/// <summary>One order inside the paper model: its place in the queue at its price and what is left of it.</summary>
internal sealed class PaperOrder(long sequence, OrderId orderId, OrderRequest request, DateTimeOffset createdAt)
{
    /// <summary>Arrival order: among our own orders at one price, the earlier fills first.</summary>
    public long Sequence { get; } = sequence;

    public OrderId OrderId { get; } = orderId;

    public OrderRequest Request { get; } = request;

    public MarketTicker Ticker => Request.Ticker;

    public BookSide Side => Request.Side;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public Price YesPrice { get; set; } = request.YesPrice;

    public Quantity InitialCount { get; set; } = request.Count;

    public Quantity Filled { get; set; }

    public Quantity Remaining { get; set; }

    /// <summary>Visible size ahead of this order at its price; trades at the price and size reductions there consume it.</summary>
    public Quantity QueueAhead { get; set; }

    public OrderStatus Status { get; set; } = OrderStatus.Resting;

    public Money TakerFees { get; set; }

    public Money MakerFees { get; set; }

    public DateTimeOffset LastUpdate { get; set; } = createdAt;

    /// <summary>Whether the exchange has queued it among its closed orders (to forget it once it is old enough).</summary>
    public bool ClosedNoted { get; set; }

    public OrderState ToState() =>
        new(OrderId, Request.ClientOrderId, Ticker, Side, YesPrice, Status, InitialCount, Filled, Remaining, TakerFees, MakerFees, CreatedAt, LastUpdate);
}
