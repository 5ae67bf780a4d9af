using KalshiActors.Domain;
namespace KalshiActors.Simulator.Matching;

/// <summary>
/// Price-time-priority book of one market on the YES price scale: bids buy YES, asks sell YES (= NO bids at 1 - price),
/// so a YES bid at p crosses a NO bid at 1 - p exactly when p is at least the ask. Trades print at the maker's price.
/// Not thread-safe: the exchange serialises access to each book.
/// </summary>
internal sealed class OrderBook
{
    private const int Levels = Units.PriceScale + 1;

    // Indexed by YES price in 1/10,000 dollar; null until first used so an idle book costs two arrays of references.
    private readonly PriceLevel?[] bids = new PriceLevel?[Levels];
    private readonly PriceLevel?[] asks = new PriceLevel?[Levels];

    // Best bid is the highest non-empty bid index (-1 when none); best ask the lowest non-empty ask index (Levels when none).
    private int bestBid = -1;
    private int bestAsk = Levels;

    // Monotonic queue stamp: lower is earlier, so price-time priority is (price, Priority).
    private long nextPriority;

    // Book-local trade counter for trade ids.
    private long tradeSequence;

    /// <summary>Creates an empty book.</summary>
    public OrderBook(string ticker, FeeModel fees)
    {
        Ticker = ticker;
        Fees = fees;
    }

    /// <summary>The market.</summary>
    public string Ticker { get; }

    /// <summary>How fills are charged.</summary>
    public FeeModel Fees { get; set; }

    /// <summary>Highest YES bid, or null.</summary>
    public int? BestBid => bestBid >= 0 ? bestBid : null;

    /// <summary>Lowest YES ask (1 - best NO bid), or null.</summary>
    public int? BestAsk => bestAsk < Levels ? bestAsk : null;

    /// <summary>Resting size at the best bid, or 0.</summary>
    public long BestBidSize => bestBid >= 0 ? bids[bestBid]!.TotalQuantity : 0;

    /// <summary>Resting size at the best ask, or 0.</summary>
    public long BestAskSize => bestAsk < Levels ? asks[bestAsk]!.TotalQuantity : 0;

    /// <summary>Whether an order on <paramref name="side"/> at <paramref name="price"/> would take liquidity now.</summary>
    public bool WouldCross(BookSide side, int price) =>
        side == BookSide.Bid ? bestAsk < Levels && bestAsk <= price : bestBid >= 0 && bestBid >= price;

    /// <summary>
    /// Runs a new order: matches what crosses, then rests a GTC remainder or cancels an IOC/FOK remainder.
    /// Post-only orders that would take are refused before anything happens.
    /// </summary>
    public OrderRejectReason Submit(SimOrder order, DateTimeOffset now, IMatchListener listener)
    {
        if (order.Price <= 0 || order.Price >= Units.PriceScale)
        {
            return OrderRejectReason.InvalidPrice;
        }

        if (order.RemainingQuantity <= 0)
        {
            return OrderRejectReason.InvalidOrderSize;
        }

        if (order.PostOnly && WouldCross(order.Side, order.Price))
        {
            return OrderRejectReason.PostOnlyCross;
        }

        if (order.TimeInForce == TimeInForce.FillOrKill && FillableQuantity(order) < order.RemainingQuantity)
        {
            order.Status = OrderStatus.Canceled;
            order.CancelReason = CancelReason.FillOrKillUnfilled;
            order.RemainingQuantity = 0;
            order.LastUpdatedAt = now;
            listener.OnOrderChanged(order);
            return OrderRejectReason.None;
        }

        Match(order, now, listener);
        Finish(order, now, listener);
        return OrderRejectReason.None;
    }

    /// <summary>Removes a resting order; the rest of its size is canceled.</summary>
    public void Cancel(SimOrder order, CancelReason reason, DateTimeOffset now, IMatchListener listener)
    {
        if (order.InBook)
        {
            RemoveResting(order, listener);
        }

        order.RemainingQuantity = 0;
        order.Status = OrderStatus.Canceled;
        order.CancelReason = reason;
        order.LastUpdatedAt = now;
        listener.OnOrderChanged(order);
    }

    /// <summary>Shrinks a resting order to <paramref name="newRemaining"/> keeping its queue place; 0 cancels it.</summary>
    public void Decrease(SimOrder order, long newRemaining, DateTimeOffset now, IMatchListener listener)
    {
        if (newRemaining <= 0)
        {
            Cancel(order, CancelReason.UserRequested, now, listener);
            return;
        }

        var reducedBy = order.RemainingQuantity - newRemaining;
        if (reducedBy <= 0)
        {
            return;
        }

        var level = LevelsOf(order.Side)[order.Price]!;
        level.TotalQuantity -= reducedBy;
        order.RemainingQuantity = newRemaining;
        order.InitialQuantity -= reducedBy;
        order.LastUpdatedAt = now;
        listener.OnLevelChanged(order.Side, order.Price, -reducedBy);
        listener.OnOrderChanged(order);
    }

    /// <summary>
    /// Amends price and/or total size (filled + desired remaining). A pure size decrease keeps the queue place
    /// (documented V2 amend semantics); a price change or size increase goes to the back of the new level and may trade.
    /// </summary>
    public OrderRejectReason Amend(SimOrder order, int newPrice, long newTotal, DateTimeOffset now, IMatchListener listener)
    {
        var newRemaining = newTotal - order.FilledQuantity;
        if (newRemaining <= 0)
        {
            return OrderRejectReason.InvalidOrderSize;
        }

        if (newPrice <= 0 || newPrice >= Units.PriceScale)
        {
            return OrderRejectReason.InvalidPrice;
        }

        if (newPrice == order.Price && newRemaining <= order.RemainingQuantity)
        {
            Decrease(order, newRemaining, now, listener);
            return OrderRejectReason.None;
        }

        if (order.PostOnly && WouldCross(order.Side, newPrice))
        {
            return OrderRejectReason.PostOnlyCross;
        }

        RemoveResting(order, listener);
        order.Price = newPrice;
        order.RemainingQuantity = newRemaining;
        order.InitialQuantity = newTotal;
        order.LastUpdatedAt = now;
        Match(order, now, listener);
        Finish(order, now, listener);
        return OrderRejectReason.None;
    }

    /// <summary>Cancels every resting order (market close, trading pause).</summary>
    public void CancelAll(CancelReason reason, DateTimeOffset now, IMatchListener listener)
    {
        foreach (var order in RestingOrders().ToList())
        {
            Cancel(order, reason, now, listener);
        }
    }

    /// <summary>Every resting order, bids best-first then asks best-first, each level in queue order.</summary>
    public IEnumerable<SimOrder> RestingOrders()
    {
        for (var price = Levels - 1; price >= 0; price--)
        {
            for (var order = bids[price]?.Head; order is not null; order = order.Next)
            {
                yield return order;
            }
        }

        for (var price = 0; price < Levels; price++)
        {
            for (var order = asks[price]?.Head; order is not null; order = order.Next)
            {
                yield return order;
            }
        }
    }

    /// <summary>Aggregated levels of one side as (YES price, size), ascending by price.</summary>
    public List<(int Price, long Quantity)> Depth(BookSide side)
    {
        var levels = LevelsOf(side);
        var result = new List<(int, long)>();
        for (var price = 0; price < Levels; price++)
        {
            var level = levels[price];
            if (level is not null && level.TotalQuantity > 0)
            {
                result.Add((price, level.TotalQuantity));
            }
        }

        return result;
    }

    /// <summary>Size resting ahead of a resting order at its price (queue position in contracts x 100).</summary>
    public long QueuePosition(SimOrder order) => order.InBook ? LevelsOf(order.Side)[order.Price]!.QuantityAhead(order) : 0;

    private PriceLevel?[] LevelsOf(BookSide side) => side == BookSide.Bid ? bids : asks;

    private long FillableQuantity(SimOrder order)
    {
        long available = 0;
        if (order.Side == BookSide.Bid)
        {
            for (var price = bestAsk; price <= order.Price && price < Levels && available < order.RemainingQuantity; price++)
            {
                available += OthersQuantity(asks[price], order.AccountId);
            }
        }
        else
        {
            for (var price = bestBid; price >= order.Price && price >= 0 && available < order.RemainingQuantity; price--)
            {
                available += OthersQuantity(bids[price], order.AccountId);
            }
        }

        return available;
    }

    private static long OthersQuantity(PriceLevel? level, string accountId)
    {
        if (level is null)
        {
            return 0;
        }

        long total = 0;
        for (var order = level.Head; order is not null; order = order.Next)
        {
            if (!string.Equals(order.AccountId, accountId, StringComparison.Ordinal))
            {
                total += order.RemainingQuantity;
            }
        }

        return total;
    }

    private void Match(SimOrder taker, DateTimeOffset now, IMatchListener listener)
    {
        var opposite = taker.Side == BookSide.Bid ? BookSide.Ask : BookSide.Bid;
        var oppositeLevels = LevelsOf(opposite);
        while (taker.RemainingQuantity > 0 && WouldCross(taker.Side, taker.Price))
        {
            var price = taker.Side == BookSide.Bid ? bestAsk : bestBid;
            var level = oppositeLevels[price]!;
            var maker = level.Head!;
            if (string.Equals(maker.AccountId, taker.AccountId, StringComparison.Ordinal))
            {
                if (taker.SelfTradePrevention == SelfTradePrevention.TakerAtCross)
                {
                    taker.CancelReason = CancelReason.SelfTradePrevention;
                    return;
                }

                Cancel(maker, CancelReason.SelfTradePrevention, now, listener);
                continue;
            }

            var quantity = Math.Min(taker.RemainingQuantity, maker.RemainingQuantity);
            var takerFee = Fees.TakerFee(price, quantity);
            var makerFee = Fees.MakerFee(price, quantity);
            ApplyFill(taker, price, quantity, now);
            ApplyFill(maker, price, quantity, now);
            taker.TakerFillCost += Units.Cost(taker.Side == BookSide.Bid ? price : Units.PriceScale - price, quantity);
            taker.TakerFees += takerFee;
            maker.MakerFillCost += Units.Cost(maker.Side == BookSide.Bid ? price : Units.PriceScale - price, quantity);
            maker.MakerFees += makerFee;
            level.TotalQuantity -= quantity;
            listener.OnTrade(new BookTrade(++tradeSequence, taker, maker, price, quantity, takerFee, makerFee));
            listener.OnLevelChanged(opposite, price, -quantity);
            if (maker.RemainingQuantity == 0)
            {
                level.Remove(maker);
                maker.Status = OrderStatus.Executed;
                RefreshBest(opposite);
            }

            listener.OnOrderChanged(maker);
        }
    }

    private static void ApplyFill(SimOrder order, int price, long quantity, DateTimeOffset now)
    {
        order.RemainingQuantity -= quantity;
        order.FilledQuantity += quantity;
        order.FillNotional += Units.Cost(price, quantity);
        order.LastUpdatedAt = now;
    }

    private void Finish(SimOrder order, DateTimeOffset now, IMatchListener listener)
    {
        if (order.RemainingQuantity == 0)
        {
            order.Status = OrderStatus.Executed;
        }
        else if (order.TimeInForce == TimeInForce.GoodTillCanceled && order.CancelReason != CancelReason.SelfTradePrevention)
        {
            Rest(order, listener);
        }
        else
        {
            order.Status = OrderStatus.Canceled;
            if (order.CancelReason == CancelReason.None)
            {
                order.CancelReason = CancelReason.ImmediateOrCancelRemainder;
            }

            order.RemainingQuantity = 0;
        }

        order.LastUpdatedAt = now;
        listener.OnOrderChanged(order);
    }

    private void Rest(SimOrder order, IMatchListener listener)
    {
        var levels = LevelsOf(order.Side);
        var level = levels[order.Price] ??= new PriceLevel();
        order.Priority = ++nextPriority;
        order.Status = OrderStatus.Resting;
        level.Enqueue(order);
        if (order.Side == BookSide.Bid)
        {
            bestBid = Math.Max(bestBid, order.Price);
        }
        else
        {
            bestAsk = Math.Min(bestAsk, order.Price);
        }

        listener.OnLevelChanged(order.Side, order.Price, order.RemainingQuantity);
    }

    private void RemoveResting(SimOrder order, IMatchListener listener)
    {
        if (!order.InBook)
        {
            return;
        }

        var level = LevelsOf(order.Side)[order.Price]!;
        var quantity = order.RemainingQuantity;
        level.Remove(order);
        listener.OnLevelChanged(order.Side, order.Price, -quantity);
        RefreshBest(order.Side);
    }

    private void RefreshBest(BookSide side)
    {
        if (side == BookSide.Bid)
        {
            while (bestBid >= 0 && (bids[bestBid] is null || bids[bestBid]!.IsEmpty))
            {
                bestBid--;
            }
        }
        else
        {
            while (bestAsk < Levels && (asks[bestAsk] is null || asks[bestAsk]!.IsEmpty))
            {
                bestAsk++;
            }
        }
    }
}
