using KalshiActors.Domain;
using KalshiActors.Simulator.Ledger;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator;

/// <summary>A V2 create-order request in simulator units.</summary>
internal sealed record PlaceOrderRequest(
    string Ticker,
    BookSide Side,
    int Price,
    long Quantity,
    TimeInForce TimeInForce,
    SelfTradePrevention SelfTradePrevention,
    string? ClientOrderId = null,
    DateTimeOffset? ExpiresAt = null,
    bool PostOnly = false,
    bool ReduceOnly = false,
    bool CancelOnPause = false,
    int Subaccount = 0);

/// <summary>The outcome of an order operation: the order (when accepted) or why it was refused.</summary>
internal sealed record OrderResult(SimOrder? Order, OrderRejectReason Reject, string Detail, long FilledNow, long FillNotionalNow, long FeesNow)
{
    /// <summary>Accepted.</summary>
    public bool Accepted => Reject == OrderRejectReason.None;

    /// <summary>A refusal.</summary>
    public static OrderResult Refused(OrderRejectReason reason, string detail) => new(null, reason, detail, 0, 0, 0);
}

/// <summary>Order entry, cancel, amend and decrease with the exchange's validations.</summary>
internal sealed partial class SimulatedExchange
{
    /// <summary>Places an order for an account (client or participant).</summary>
    public OrderResult PlaceOrder(string accountId, PlaceOrderRequest request, DateTimeOffset now)
    {
        lock (Sync)
        {
            var account = Account(accountId);
            if (!account.Unlimited && Faults.RejectOrders)
            {
                return OrderResult.Refused(OrderRejectReason.RejectedByFault, "order rejected by an injected fault (POST /sim/faults reject_orders)");
            }

            if (!markets.TryGetValue(request.Ticker, out var market))
            {
                return OrderResult.Refused(OrderRejectReason.InvalidOrder, $"market '{request.Ticker}' does not exist");
            }

            if (market.Status != MarketStatus.Active)
            {
                return OrderResult.Refused(OrderRejectReason.MarketInactive, $"market '{market.Ticker}' is {market.StatusText}, not active");
            }

            if (!market.IsValidPrice(request.Price))
            {
                return OrderResult.Refused(OrderRejectReason.InvalidPrice,
                    $"price {FixedPoint.Dollars(request.Price)} is not on the market's grid (step {FixedPoint.Dollars(market.TickSize)}, between 0 and 1 exclusive)");
            }

            if (request.Quantity <= 0)
            {
                return OrderResult.Refused(OrderRejectReason.InvalidOrderSize, "count must be positive");
            }

            if (request.ExpiresAt is { } expiry && (request.TimeInForce != TimeInForce.GoodTillCanceled || expiry <= now))
            {
                return OrderResult.Refused(OrderRejectReason.InvalidOrder, "expiration_time must be in the future and is only allowed with good_till_canceled");
            }

            var quantity = request.Quantity;
            var held = account.Positions.TryGetValue(market.Ticker, out var position) ? position.Position : 0;
            var closable = request.Side == BookSide.Bid ? Math.Max(0, -held) : Math.Max(0, held);
            if (request.ReduceOnly)
            {
                if (closable == 0)
                {
                    return OrderResult.Refused(OrderRejectReason.ReduceOnlyNoPosition, "reduce_only order would not reduce a position");
                }

                quantity = Math.Min(quantity, closable);
            }

            var ownLegPrice = request.Side == BookSide.Bid ? request.Price : Units.PriceScale - request.Price;
            var openingCost = Units.Cost(ownLegPrice, Math.Max(0, quantity - closable));
            if (!account.Unlimited && openingCost > account.AvailableMicros)
            {
                return OrderResult.Refused(OrderRejectReason.InsufficientBalance,
                    $"order needs {FixedPoint.Micros(openingCost)} but {FixedPoint.Micros(account.AvailableMicros)} is available");
            }

            var order = new SimOrder(NextOrderId(), accountId, request.ClientOrderId, market.Ticker, request.Side, request.Price, quantity,
                request.TimeInForce, request.SelfTradePrevention, now)
            {
                ExpiresAt = request.ExpiresAt,
                PostOnly = request.PostOnly,
                ReduceOnly = request.ReduceOnly,
                CancelOnPause = request.CancelOnPause,
                Subaccount = request.Subaccount,
            };
            var reject = OrderRejectReason.None;
            RunOnMarket(market, now, () => reject = market.Book.Submit(order, now, this));
            if (reject != OrderRejectReason.None)
            {
                return OrderResult.Refused(reject, reject == OrderRejectReason.PostOnlyCross
                    ? "post_only order would take liquidity (PostOnlyCrossCancel)"
                    : $"order refused: {reject}");
            }

            if (!account.Unlimited || order.Status == OrderStatus.Resting)
            {
                orders[order.OrderId] = order;
            }

            if (!account.Unlimited)
            {
                account.Orders.Add(order);
            }

            if (order.ExpiresAt is not null && order.Status == OrderStatus.Resting)
            {
                expiring.Add(order);
            }
            return new OrderResult(order, OrderRejectReason.None, string.Empty, order.FilledQuantity, order.FillNotional, order.TakerFees + order.MakerFees);
        }
    }

    /// <summary>Cancels the rest of an order.</summary>
    public OrderResult CancelOrder(string accountId, string orderId, DateTimeOffset now)
    {
        lock (Sync)
        {
            if (!TryOwnedOrder(accountId, orderId, out var order, out var market, out var refusal))
            {
                return refusal;
            }

            var reducedBy = order.RemainingQuantity;
            RunOnMarket(market, now, () => market.Book.Cancel(order, CancelReason.UserRequested, now, this));
            return new OrderResult(order, OrderRejectReason.None, string.Empty, reducedBy, 0, 0);
        }
    }

    /// <summary>Amends price and/or total size; a size decrease keeps queue priority, anything else goes to the back.</summary>
    public OrderResult AmendOrder(string accountId, string orderId, string ticker, BookSide side, int price, long totalQuantity, string? newClientOrderId, DateTimeOffset now)
    {
        lock (Sync)
        {
            if (!TryOwnedOrder(accountId, orderId, out var order, out var market, out var refusal))
            {
                return refusal;
            }

            if (!string.Equals(ticker, order.Ticker, StringComparison.Ordinal))
            {
                return OrderResult.Refused(OrderRejectReason.OrderTickerMismatch, $"order {orderId} is on {order.Ticker}, not {ticker}");
            }

            if (side != order.Side)
            {
                return OrderResult.Refused(OrderRejectReason.OrderSideMismatch, $"order {orderId} is a {(order.Side == BookSide.Bid ? "bid" : "ask")}");
            }

            if (!market.IsValidPrice(price))
            {
                return OrderResult.Refused(OrderRejectReason.InvalidPrice, $"price {FixedPoint.Dollars(price)} is not on the market's grid");
            }

            var account = Account(accountId);
            var filledBefore = order.FilledQuantity;
            var notionalBefore = order.FillNotional;
            var feesBefore = order.TakerFees + order.MakerFees;
            var extraCost = Units.Cost(side == BookSide.Bid ? price : Units.PriceScale - price, totalQuantity - order.FilledQuantity)
                - Units.Cost(order.OwnLegPrice, order.RemainingQuantity);
            if (!account.Unlimited && extraCost > 0 && extraCost > account.AvailableMicros)
            {
                return OrderResult.Refused(OrderRejectReason.InsufficientBalance, $"amend needs {FixedPoint.Micros(extraCost)} more than is available");
            }

            var reject = OrderRejectReason.None;
            RunOnMarket(market, now, () => reject = market.Book.Amend(order, price, totalQuantity, now, this));
            if (reject != OrderRejectReason.None)
            {
                return OrderResult.Refused(reject, reject == OrderRejectReason.InvalidOrderSize
                    ? "count must exceed the quantity already filled"
                    : $"amend refused: {reject}");
            }

            if (newClientOrderId is not null)
            {
                order.ClientOrderId = newClientOrderId;
            }

            return new OrderResult(order, OrderRejectReason.None, string.Empty, order.FilledQuantity - filledBefore,
                order.FillNotional - notionalBefore, order.TakerFees + order.MakerFees - feesBefore);
        }
    }

    /// <summary>Reduces the remaining size, keeping queue priority; reducing to zero cancels.</summary>
    public OrderResult DecreaseOrder(string accountId, string orderId, long? reduceBy, long? reduceTo, DateTimeOffset now)
    {
        lock (Sync)
        {
            if (!TryOwnedOrder(accountId, orderId, out var order, out var market, out var refusal))
            {
                return refusal;
            }

            if (reduceBy.HasValue == reduceTo.HasValue || reduceBy < 0 || reduceTo < 0)
            {
                return OrderResult.Refused(OrderRejectReason.InvalidOrder, "send exactly one of reduce_by or reduce_to, not negative");
            }

            var target = reduceTo ?? Math.Max(0, order.RemainingQuantity - reduceBy!.Value);
            RunOnMarket(market, now, () => market.Book.Decrease(order, Math.Min(target, order.RemainingQuantity), now, this));
            return new OrderResult(order, OrderRejectReason.None, string.Empty, 0, 0, 0);
        }
    }

    private bool TryOwnedOrder(string accountId, string orderId, out SimOrder order, out SimMarket market, out OrderResult refusal)
    {
        order = null!;
        market = null!;
        refusal = null!;
        if (!orders.TryGetValue(orderId, out var found) || !string.Equals(found.AccountId, accountId, StringComparison.Ordinal))
        {
            refusal = OrderResult.Refused(OrderRejectReason.OrderNotFound, $"order '{orderId}' not found");
            return false;
        }

        order = found;
        market = markets[found.Ticker];
        if (market.Status != MarketStatus.Active)
        {
            refusal = OrderResult.Refused(OrderRejectReason.MarketInactive, $"market '{market.Ticker}' is {market.StatusText}");
            return false;
        }

        if (found.Status != OrderStatus.Resting)
        {
            refusal = OrderResult.Refused(OrderRejectReason.OrderNotFound, $"order '{orderId}' is {found.Status.ToString().ToLowerInvariant()}, not resting");
            return false;
        }

        return true;
    }

    /// <summary>Positions of an account that are not settled, for REST.</summary>
    public IReadOnlyList<SimPosition> OpenPositions(SimAccount account) => [.. account.Positions.Values.Where(p => p.Position != 0 || p.VolumeQuantity > 0)];
}
