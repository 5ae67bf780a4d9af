using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Simulator.Matching;
using PortOrderStatus = KalshiActors.Domain.Ports.OrderStatus;
using SimOrderStatus = KalshiActors.Simulator.Matching.OrderStatus;

namespace KalshiActors.Simulator.Replay;

/// <summary>
/// The simulator's matching engine over recorded market data, as an <see cref="IOrderGateway"/> (a backtest fill model):
/// each market's engine book holds the recorded levels as "crowd" orders, kept equal to every <see cref="BookUpdated"/>
/// (size that appears queues behind what rests; size that goes leaves from the back), and our orders go into the same
/// book with price-time priority and self-trade prevention against each other. A taker order walks the levels at the
/// book's prices; new crowd size that reaches a resting order of ours trades with it at our price (we are the maker);
/// a recorded <see cref="TradePrinted"/> is replayed as an immediate-or-cancel order of the tape, which meets the queue
/// ahead of us first. Recorded size our orders already took is not offered to us again while the recording still shows it.
/// </summary>
/// <remarks>Thread-safe: routers call the gateway while the market-data side feeds books and trades.</remarks>
public sealed class RecordedBookMatcher : IOrderGateway
{
    private const string Own = "own";
    private const string Crowd = "crowd";
    private const string Tape = "tape";

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<MarketTicker, RecordedMarket> _markets = [];
    private readonly Dictionary<OrderId, SimOrder> _orders = [];
    private readonly HashSet<ClientOrderId> _clientOrderIds = [];
    private readonly List<FillRecord> _fills = [];
    private readonly Dictionary<MarketTicker, SeriesFeeParameters> _fees = [];
    private long _crowdOrders;
    private Action<OwnFillReceived>? _sink;

    /// <summary>Creates an engine with no market on <paramref name="time"/>.</summary>
    public RecordedBookMatcher(TimeProvider time) => _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Where fills of resting orders are reported (a backtest publishes them on the event stream).</summary>
    public void AttachFillSink(Action<OwnFillReceived> sink) => _sink = sink;

    /// <summary>The fee schedule of a market's series (the general one until told).</summary>
    public void OnMarket(MarketInfo market)
    {
        ArgumentNullException.ThrowIfNull(market);
        lock (_lock)
        {
            _fees[market.Ticker] = market.Fees;
            if (_markets.TryGetValue(market.Ticker, out var known))
            {
                known.Book.Fees = new FeeModel(market.Fees);
            }
        }
    }

    /// <summary>A recorded book: the crowd orders are brought to its levels; new size reaching our orders fills them.</summary>
    public void OnBook(BookUpdated book)
    {
        ArgumentNullException.ThrowIfNull(book);
        List<OwnFillReceived> fills;
        lock (_lock)
        {
            var market = Market(book.Ticker);
            market.Tradable = book.IsTradable;
            if (!book.IsTradable)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var bids = Levels(book.YesBids);
            var asks = Levels(Asks(book));
            market.ForgetTaken(bids, asks);

            // Size first leaves, then arrives: what remains of the crowd is part of an uncrossed recorded book, so new
            // crowd size can only cross our own orders.
            foreach (var side in new[] { BookSide.Bid, BookSide.Ask })
            {
                var recorded = side == BookSide.Bid ? bids : asks;
                foreach (var (price, orders) in market.CrowdLevels(side))
                {
                    var target = market.Target(side, price, recorded);
                    var resting = orders.Sum(o => o.RemainingQuantity);
                    for (var i = orders.Count - 1; i >= 0 && resting > target; i--)
                    {
                        var order = orders[i];
                        var keep = Math.Max(0, order.RemainingQuantity - (resting - target));
                        resting -= order.RemainingQuantity - keep;
                        market.Book.Decrease(order, keep, now, market.Listener);
                    }

                    market.Prune(side, price);
                }
            }

            foreach (var side in new[] { BookSide.Bid, BookSide.Ask })
            {
                foreach (var (price, size) in side == BookSide.Bid ? bids : asks)
                {
                    var missing = market.Target(side, price, side == BookSide.Bid ? bids : asks) - market.CrowdAt(side, price);
                    if (missing > 0)
                    {
                        var order = new SimOrder(
                            "crowd-" + (++_crowdOrders).ToString(CultureInfo.InvariantCulture), Crowd, null, book.Ticker.Value, side, price, missing,
                            TimeInForce.GoodTillCanceled, SelfTradePrevention.TakerAtCross, now);
                        market.Book.Submit(order, now, market.Listener);
                        market.AddCrowd(order);
                    }
                }
            }

            fills = Settle(market, now);
        }

        Report(fills);
    }

    /// <summary>A recorded public trade: the tape's order meets the resting queue (the crowd ahead of us first).</summary>
    public void OnTrade(TradePrinted trade)
    {
        ArgumentNullException.ThrowIfNull(trade);

        // Without a taker side nobody can say which queue it met.
        if (trade.TakerSide is not { } takerSide)
        {
            return;
        }

        List<OwnFillReceived> fills;
        lock (_lock)
        {
            if (!_markets.TryGetValue(trade.Ticker, out var market) || !market.Tradable)
            {
                return;
            }

            var now = _time.GetUtcNow();
            var side = takerSide == Side.Yes ? BookSide.Bid : BookSide.Ask;
            var order = new SimOrder(
                "tape-" + (++_crowdOrders).ToString(CultureInfo.InvariantCulture), Tape, null, trade.Ticker.Value, side, (int)trade.YesPrice.Units,
                trade.Count.Units, TimeInForce.ImmediateOrCancel, SelfTradePrevention.TakerAtCross, now);
            market.Book.Submit(order, now, market.Listener);
            fills = Settle(market, now);
        }

        Report(fills);
    }

    /// <inheritdoc />
    public Task<OrderAck> CreateOrderAsync(OrderRequest order, CancellationToken cancellationToken) => Run(() => Create(order));

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchCreateResult>> CreateOrdersAsync(IReadOnlyList<OrderRequest> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        var results = new List<BatchCreateResult>(orders.Count);
        foreach (var order in orders)
        {
            try
            {
                results.Add(new BatchCreateResult(order.ClientOrderId, Create(order), null));
            }
            catch (RecordedBookRejectedException e)
            {
                results.Add(new BatchCreateResult(order.ClientOrderId, null, new OrderRejection(e.ErrorCode, e.Message)));
            }
        }

        return Task.FromResult<IReadOnlyList<BatchCreateResult>>(results);
    }

    /// <inheritdoc />
    public Task<CancelAck> CancelOrderAsync(OrderId orderId, CancellationToken cancellationToken) => Run(() => Cancel(orderId));

    /// <inheritdoc />
    public Task<IReadOnlyList<BatchCancelResult>> CancelOrdersAsync(IReadOnlyList<OrderId> orderIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderIds);
        var results = new List<BatchCancelResult>(orderIds.Count);
        foreach (var id in orderIds)
        {
            try
            {
                results.Add(new BatchCancelResult(id, Cancel(id), null));
            }
            catch (RecordedBookRejectedException e)
            {
                results.Add(new BatchCancelResult(id, null, new OrderRejection(e.ErrorCode, e.Message)));
            }
        }

        return Task.FromResult<IReadOnlyList<BatchCancelResult>>(results);
    }

    /// <inheritdoc />
    public Task<OrderAck> AmendOrderAsync(AmendRequest amend, CancellationToken cancellationToken) => Run(() => Amend(amend));

    /// <inheritdoc />
    public Task<DecreaseAck> DecreaseOrderAsync(DecreaseRequest decrease, CancellationToken cancellationToken) => Run(() => Decrease(decrease));

    /// <inheritdoc />
    public Task<OrderState> GetOrderAsync(OrderId orderId, CancellationToken cancellationToken) => Run(() =>
    {
        lock (_lock)
        {
            return State(Find(orderId));
        }
    });

    /// <inheritdoc />
    public Task<IReadOnlyList<OrderState>> GetOrdersAsync(OrderQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            IReadOnlyList<OrderState> orders = [.. _orders.Values
                .Where(o => (query.Ticker is null || o.Ticker == query.Ticker.Value.Value) && (query.Since is null || o.CreatedAt >= query.Since))
                .Select(State)
                .Where(s => query.Status is null || s.Status == query.Status)];
            return Task.FromResult(orders);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FillRecord>> GetFillsAsync(FillQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            IReadOnlyList<FillRecord> fills = [.. _fills.Where(f => (query.Ticker is null || f.Ticker == query.Ticker) && (query.OrderId is null || f.OrderId == query.OrderId)
                && (query.Since is null || f.Time >= query.Since))];
            return Task.FromResult(fills);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PositionRecord>> GetPositionsAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<PositionRecord> positions = [.. _markets
                .Where(m => !m.Value.Position.IsZero)
                .OrderBy(m => m.Key.Value, StringComparer.Ordinal)
                .Select(m => new PositionRecord(m.Key, m.Value.Position, Money.Zero, Money.Zero, Money.Zero))];
            return Task.FromResult(positions);
        }
    }

    /// <inheritdoc />
    public Task<BalanceRecord> GetBalanceAsync(CancellationToken cancellationToken) => Task.FromResult(new BalanceRecord(Money.Zero, Money.Zero, null));

    private OrderAck Create(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<OwnFillReceived> fills;
        OrderAck ack;
        lock (_lock)
        {
            if (!_clientOrderIds.Add(request.ClientOrderId))
            {
                throw new RecordedBookRejectedException(409, "duplicate_client_order_id", $"client_order_id {request.ClientOrderId} was already used");
            }

            if (!_markets.TryGetValue(request.Ticker, out var market) || !market.Tradable)
            {
                throw new RecordedBookRejectedException(400, "market_not_tradable", $"no live book for {request.Ticker}");
            }

            var now = _time.GetUtcNow();
            var id = new OrderId("sim-o-" + request.Ticker.Value + "-" + (++market.OrderNumbers).ToString(CultureInfo.InvariantCulture));
            var order = new SimOrder(
                id.Value, Own, request.ClientOrderId.Value, request.Ticker.Value, request.Side, (int)request.YesPrice.Units, request.Count.Units,
                request.TimeInForce, request.SelfTradePrevention, now)
            {
                PostOnly = request.PostOnly,
            };
            var refused = market.Book.Submit(order, now, market.Listener);
            if (refused != OrderRejectReason.None)
            {
                throw Refusal(refused);
            }

            _orders[id] = order;
            fills = Settle(market, now);
            ack = new OrderAck(id, request.ClientOrderId, Quantity.FromUnits(order.FilledQuantity), Quantity.FromUnits(order.RemainingQuantity), null, null, now);
        }

        Report(fills);
        return ack;
    }

    private CancelAck Cancel(OrderId orderId)
    {
        lock (_lock)
        {
            var order = Resting(orderId);
            var reduced = order.RemainingQuantity;
            var now = _time.GetUtcNow();
            var market = _markets[new MarketTicker(order.Ticker)];
            market.Book.Cancel(order, CancelReason.UserRequested, now, market.Listener);
            return new CancelAck(orderId, ClientId(order), Quantity.FromUnits(reduced), now);
        }
    }

    private OrderAck Amend(AmendRequest amend)
    {
        ArgumentNullException.ThrowIfNull(amend);
        List<OwnFillReceived> fills;
        OrderAck ack;
        lock (_lock)
        {
            var order = Resting(amend.OrderId);
            var now = _time.GetUtcNow();
            var market = _markets[new MarketTicker(order.Ticker)];
            var refused = market.Book.Amend(order, (int)amend.YesPrice.Units, amend.TotalCount.Units, now, market.Listener);
            if (refused != OrderRejectReason.None)
            {
                throw Refusal(refused);
            }

            if (amend.UpdatedClientOrderId is { } updated)
            {
                order.ClientOrderId = updated.Value;
            }

            fills = Settle(market, now);
            ack = new OrderAck(amend.OrderId, ClientId(order), Quantity.FromUnits(order.FilledQuantity), Quantity.FromUnits(order.RemainingQuantity), null, null, now);
        }

        Report(fills);
        return ack;
    }

    private DecreaseAck Decrease(DecreaseRequest decrease)
    {
        ArgumentNullException.ThrowIfNull(decrease);
        lock (_lock)
        {
            var order = Resting(decrease.OrderId);
            var remaining = decrease.ReduceTo?.Units ?? order.RemainingQuantity - (decrease.ReduceBy?.Units ?? 0);
            if (remaining < 0 || remaining > order.RemainingQuantity)
            {
                throw new RecordedBookRejectedException(400, "invalid_order", $"cannot decrease {Quantity.FromUnits(order.RemainingQuantity)} to {Quantity.FromUnits(Math.Max(0, remaining))}");
            }

            var now = _time.GetUtcNow();
            var market = _markets[new MarketTicker(order.Ticker)];
            market.Book.Decrease(order, remaining, now, market.Listener);
            return new DecreaseAck(decrease.OrderId, ClientId(order), Quantity.FromUnits(order.RemainingQuantity), now);
        }
    }

    // Turns the trades of the last book operation into our fills (and remembers the recorded size our orders took).
    private List<OwnFillReceived> Settle(RecordedMarket market, DateTimeOffset now)
    {
        var fills = new List<OwnFillReceived>();
        foreach (var trade in market.Listener.Drain())
        {
            var ourTaker = trade.Taker.AccountId == Own;
            var ourMaker = trade.Maker.AccountId == Own;
            if (ourTaker && trade.Maker.AccountId == Crowd)
            {
                market.Took(trade.Taker.Side, trade.Price, trade.Quantity);
            }

            if (ourMaker && trade.Taker.AccountId == Crowd)
            {
                market.Took(trade.Maker.Side, trade.Taker.Price, trade.Quantity);
            }

            if (ourTaker)
            {
                fills.Add(Fill(market, trade.Taker, trade.Price, trade.Quantity, isTaker: true, now));
            }

            if (ourMaker)
            {
                fills.Add(Fill(market, trade.Maker, trade.Price, trade.Quantity, isTaker: false, now));
            }
        }

        return fills;
    }

    private OwnFillReceived Fill(RecordedMarket market, SimOrder order, int price, long quantity, bool isTaker, DateTimeOffset now)
    {
        var fees = _fees.GetValueOrDefault(market.Ticker, SeriesFeeParameters.General);
        var yesPrice = Price.FromUnits(price);
        var count = Quantity.FromUnits(quantity);
        var fee = FeeSchedule.Fee(fees, isTaker, yesPrice, count, FeeRounding.UpToCentiCent);
        market.Position += order.Side == BookSide.Bid ? count : -count;
        var fill = new FillRecord(
            "sim-t-" + market.Ticker.Value + "-" + (++market.TradeNumbers).ToString(CultureInfo.InvariantCulture), new OrderId(order.OrderId), market.Ticker,
            order.Side, yesPrice, count, isTaker, fee, now);
        _fills.Add(fill);
        return new OwnFillReceived(fill, new ClientOrderId(order.ClientOrderId!), market.Position);
    }

    private void Report(List<OwnFillReceived> fills)
    {
        if (_sink is { } sink)
        {
            foreach (var fill in fills)
            {
                sink(fill);
            }
        }
    }

    private RecordedMarket Market(MarketTicker ticker)
    {
        if (!_markets.TryGetValue(ticker, out var market))
        {
            _markets[ticker] = market = new RecordedMarket(ticker, new FeeModel(_fees.GetValueOrDefault(ticker, SeriesFeeParameters.General)));
        }

        return market;
    }

    private SimOrder Find(OrderId orderId) =>
        _orders.TryGetValue(orderId, out var order) ? order : throw new RecordedBookRejectedException(404, "not_found", $"order {orderId} not found");

    private SimOrder Resting(OrderId orderId)
    {
        var order = Find(orderId);
        return order.Status == SimOrderStatus.Resting && order.RemainingQuantity > 0
            ? order
            : throw new RecordedBookRejectedException(400, "order_not_resting", $"order {orderId} is {order.Status}");
    }

    private static ClientOrderId? ClientId(SimOrder order) => order.ClientOrderId is { } id ? new ClientOrderId(id) : null;

    private static OrderState State(SimOrder order) => new(
        new OrderId(order.OrderId),
        ClientId(order),
        new MarketTicker(order.Ticker),
        order.Side,
        Price.FromUnits(order.Price),
        order.Status switch
        {
            SimOrderStatus.Resting when order.RemainingQuantity > 0 => PortOrderStatus.Resting,
            SimOrderStatus.Canceled => PortOrderStatus.Canceled,
            _ => order.FilledQuantity > 0 && order.RemainingQuantity == 0 && order.Status != SimOrderStatus.Canceled ? PortOrderStatus.Executed : PortOrderStatus.Canceled,
        },
        Quantity.FromUnits(order.InitialQuantity),
        Quantity.FromUnits(order.FilledQuantity),
        Quantity.FromUnits(order.RemainingQuantity),
        Money.FromUnits(order.TakerFees / 100),
        Money.FromUnits(order.MakerFees / 100),
        order.CreatedAt,
        order.LastUpdatedAt);

    private static RecordedBookRejectedException Refusal(OrderRejectReason reason) => reason switch
    {
        OrderRejectReason.PostOnlyCross => new(400, "post_only_cross", "post-only order would cross"),
        OrderRejectReason.InvalidPrice => new(400, "invalid_price", "price must be above 0 and below $1"),
        OrderRejectReason.InvalidOrderSize => new(400, "invalid_order", "count must be positive"),
        _ => new(400, "invalid_order", reason.ToString()),
    };

    // Recorded levels by YES price (1/10,000 dollar) and size (1/100 contract).
    private static Dictionary<int, long> Levels(IReadOnlyList<BookLevel> levels)
    {
        var result = new Dictionary<int, long>(levels.Count);
        foreach (var level in levels)
        {
            if (level.Size.Units > 0)
            {
                result[(int)level.Price.Units] = level.Size.Units;
            }
        }

        return result;
    }

    // YES asks: NO bids at 1 - price, unless the feed already gave them in YES prices (their best equals the top's YES ask).
    private static IReadOnlyList<BookLevel> Asks(BookUpdated book)
    {
        var noBids = book.NoBids;
        if (noBids.Count == 0 || (book.Top.YesAsk is { } ask && noBids[0].Price == ask && noBids[0].Price.Complement != ask))
        {
            return noBids;
        }

        return [.. noBids.Select(l => new BookLevel(l.Price.Complement, l.Size))];
    }

    private static Task<T> Run<T>(Func<T> call)
    {
        try
        {
            return Task.FromResult(call());
        }
        catch (RecordedBookRejectedException ex)
        {
            return Task.FromException<T>(ex);
        }
    }
}
