using System.Collections.Concurrent;
using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Execution.Paper;

/// <summary>
/// The in-process paper exchange: orders fill against the live book (<see cref="BookUpdated"/>) and public trades
/// (<see cref="TradePrinted"/>) with a queue-position model, and pay the exchange's fee formula. An order that crosses
/// takes the visible opposite levels (taker fee); a resting order waits behind the size visible at its price when it
/// arrived, which trades at that price and size reductions there consume; trades through its price, or an opposite quote
/// reaching it, fill it (maker fee). Nothing is sent anywhere; fills go to the sink as <see cref="OwnFillReceived"/>.
/// Its history is bounded: it answers for the last <see cref="DefaultRetainedClosedOrders"/> closed orders (and every
/// resting one) and the recent fills, as an exchange's API pages back only so far; every client_order_id stays used.
/// </summary>
/// <remarks>Thread-safe: the gateway calls it from the routers' tasks and the supervisor feeds it market data.</remarks>
public sealed class PaperExchange
{
    /// <summary>Closed (executed or canceled) orders remembered, like an exchange's API that pages back only so far.</summary>
    public const int DefaultRetainedClosedOrders = 10_000;

    private readonly Lock _lock = new();
    private readonly int _retainedClosedOrders;
    private readonly TimeProvider _time;
    private readonly Dictionary<MarketTicker, BookUpdated> _books = [];
    private readonly Dictionary<MarketTicker, SeriesFeeParameters> _fees = [];
    private readonly Dictionary<OrderId, PaperOrder> _orders = [];

    // Every client_order_id ever used (a reused one is refused, as the exchange does, however old the order it named).
    private readonly HashSet<ClientOrderId> _clientOrderIds = [];
    private readonly List<FillRecord> _fills = [];

    // Closed orders in the order they closed: beyond the retained number the oldest and its fills are forgotten, so a
    // paper node does not keep every order and fill of its life (~1 KB per order, 110 KB/s at 100 orders/s).
    private readonly Queue<PaperOrder> _closed = new();

    // The same fills per market and per order, oldest first: a router asks for its market's or one order's fills after
    // every order, which must not cost a scan of every fill the session made.
    private readonly Dictionary<MarketTicker, List<FillRecord>> _fillsByMarket = [];
    private readonly Dictionary<OrderId, List<FillRecord>> _fillsByOrder = [];

    // Visible opposite liquidity our paper orders already took, per market and level (the real book never shows our
    // trades, so the same size must not fill us twice); forgotten once the level no longer shows that much.
    // Kept per market: every book update looks at its own market only.
    private readonly Dictionary<MarketTicker, Dictionary<(BookSide Taker, Price Price), Quantity>> _taken = [];

    // Per market, the orders that rested there, in arrival order; those no longer resting are dropped as they are met (an
    // order never rests again once filled or canceled), so a book update costs nothing for a market without orders.
    private readonly Dictionary<MarketTicker, List<PaperOrder>> _restingByMarket = [];

    // Every market that has resting orders or taken liquidity, and possibly a few more (an order being placed there):
    // NeedsEveryBook, asked on the publisher's thread for every update of a market whose router takes no books, answers a
    // market outside it without the lock. Changed only under the lock.
    private readonly ConcurrentDictionary<MarketTicker, byte> _mayNeedEveryBook = new();

    // YES contracts held per market (negative = NO), as the exchange's position would read.
    private readonly Dictionary<MarketTicker, Quantity> _positions = [];
    // Arrival order over all markets (queue priority among our own orders); ids are numbered per market instead, because
    // routers of different markets submit concurrently: a global number would depend on thread timing, and a backtest of
    // the same recording must name the same order the same way every run.
    private long _nextOrder;
    private readonly Dictionary<MarketTicker, (long Orders, long Trades)> _numbers = [];
    private Action<OwnFillReceived>? _sink;
    private Func<MarketTicker, BookUpdated?>? _latestBook;

    /// <summary>Creates an empty paper exchange on <paramref name="time"/>.</summary>
    public PaperExchange(TimeProvider time)
        : this(time, DefaultRetainedClosedOrders)
    {
    }

    /// <summary>Creates an empty paper exchange that remembers <paramref name="retainedClosedOrders"/> closed orders and as many fills per list.</summary>
    internal PaperExchange(TimeProvider time, int retainedClosedOrders)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentOutOfRangeException.ThrowIfLessThan(retainedClosedOrders, 1);
        _retainedClosedOrders = retainedClosedOrders;
    }

    /// <summary>Where fills are reported (the execution supervisor publishes them on the event stream).</summary>
    public void AttachFillSink(Action<OwnFillReceived> sink) => _sink = sink;

    /// <summary>
    /// Where the latest published book of a market can be read: a market whose every update is not needed here (see
    /// <see cref="NeedsEveryBook"/>) is not handed them, and an order must still meet the book as it is now.
    /// </summary>
    public void AttachLatestBooks(Func<MarketTicker, BookUpdated?> latestBook) => _latestBook = latestBook;

    /// <summary>Fees of the series a market belongs to (the general table until the catalog says otherwise).</summary>
    public void OnMarket(MarketInfo market)
    {
        ArgumentNullException.ThrowIfNull(market);
        lock (_lock)
        {
            _fees[market.Ticker] = market.Fees;
        }
    }

    /// <summary>
    /// Whether every book update of <paramref name="ticker"/> matters here (orders rest there, or liquidity our orders took
    /// is still remembered); otherwise only the latest book does, and it may be handed over when an order comes.
    /// </summary>
    /// <remarks>
    /// The caller makes the market's latest book readable (<see cref="AttachLatestBooks"/>) and then issues a full memory
    /// barrier before asking: an order being placed marks its market, issues one, then reads the latest book, so either this
    /// answers true or that order meets this book.
    /// </remarks>
    public bool NeedsEveryBook(MarketTicker ticker)
    {
        if (!_mayNeedEveryBook.ContainsKey(ticker))
        {
            return false;
        }

        lock (_lock)
        {
            return !IsIdle(ticker);
        }
    }

    // Called under the lock. With nothing resting and no taken liquidity remembered, a book only replaces the one before, so
    // the latest stands in for every update this model was not handed. Otherwise every update came here in order already.
    private void TakeLatestBook(MarketTicker ticker)
    {
        if (IsIdle(ticker) && _latestBook?.Invoke(ticker) is { } latest)
        {
            _books[ticker] = latest;
        }
    }

    /// <summary>A new book: reductions at our prices shrink our queues, and an opposite quote reaching a resting order fills it.</summary>
    public void OnBook(BookUpdated book)
    {
        ArgumentNullException.ThrowIfNull(book);
        List<OwnFillReceived>? fills = null;
        lock (_lock)
        {
            _books[book.Ticker] = book;
            if (book.IsTradable)
            {
                foreach (var order in RestingIn(book.Ticker))
                {
                    var same = BookLevels.SizeAt(BookLevels.SameSide(book, order.Side), order.YesPrice);
                    if (order.QueueAhead > same)
                    {
                        order.QueueAhead = same;
                    }
                }

                ForgetTakenLiquidity(book);

                // Each crossing opposite level is liquidity that would have met our resting orders first (best price, then time).
                foreach (var order in RestingIn(book.Ticker))
                {
                    foreach (var level in BookLevels.OppositeSide(book, order.Side))
                    {
                        if (!Crosses(order.Side, order.YesPrice, level.Price) || order.Remaining.IsZero)
                        {
                            break;
                        }

                        var take = Take(book.Ticker, order.Side, level, order.Remaining);
                        if (take.Units > 0)
                        {
                            order.QueueAhead = Quantity.Zero;
                            (fills ??= []).Add(Fill(order, order.YesPrice, take, isTaker: false));
                        }
                    }
                }
            }
        }

        if (fills is not null)
        {
            Report(fills);
        }
    }

    /// <summary>A public trade: through a resting order's price it fills it; at its price it first consumes the queue ahead.</summary>
    public void OnTrade(TradePrinted trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        List<OwnFillReceived> fills = [];
        lock (_lock)
        {
            var left = trade.Count;
            foreach (var order in RestingIn(trade.Ticker))
            {
                if (left.Units <= 0)
                {
                    break;
                }

                // A trade meets bids when the taker sold YES (bought NO), asks when the taker bought YES.
                var hitsThisSide = trade.TakerSide is null || (order.Side == BookSide.Bid ? trade.TakerSide == Side.No : trade.TakerSide == Side.Yes);
                if (!hitsThisSide)
                {
                    continue;
                }

                var through = order.Side == BookSide.Bid ? trade.YesPrice < order.YesPrice : trade.YesPrice > order.YesPrice;
                var atPrice = trade.YesPrice == order.YesPrice;
                if (!through && !atPrice)
                {
                    continue;
                }

                var forUs = left;
                if (atPrice && !through)
                {
                    var consumed = Min(order.QueueAhead, left);
                    order.QueueAhead -= consumed;
                    forUs = left - consumed;
                }

                var take = Min(forUs, order.Remaining);
                if (take.Units > 0)
                {
                    left -= take;
                    fills.Add(Fill(order, order.YesPrice, take, isTaker: false));
                }
            }
        }

        Report(fills);
    }

    /// <summary>Places an order: crosses what it can (unless post-only), then rests the remainder (GTC) or cancels it (IOC/FOK).</summary>
    public OrderAck Create(OrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        List<OwnFillReceived> fills = [];
        OrderAck ack;
        lock (_lock)
        {
            if (_clientOrderIds.Contains(request.ClientOrderId))
            {
                throw new PaperOrderRejectedException(409, "duplicate_client_order_id", $"client_order_id {request.ClientOrderId} was already used");
            }

            if (request.Count.Units <= 0 || request.YesPrice.Units <= 0 || request.YesPrice.Units >= Price.UnitsPerDollar)
            {
                throw new PaperOrderRejectedException(400, "invalid_order", $"count {request.Count} and price {request.YesPrice} must be positive and below $1");
            }

            // Marked before the latest book is read: see NeedsEveryBook.
            if (_mayNeedEveryBook.TryAdd(request.Ticker, 0))
            {
                Interlocked.MemoryBarrier();
            }

            try
            {
                ack = Place(request, fills);
            }
            finally
            {
                ForgetIfIdle(request.Ticker);
            }
        }

        Report(fills);
        return ack;
    }

    // Called under the lock, with the market marked in _mayNeedEveryBook.
    private OrderAck Place(OrderRequest request, List<OwnFillReceived> fills)
    {
        TakeLatestBook(request.Ticker);
        if (!_books.TryGetValue(request.Ticker, out var book) || !book.IsTradable)
        {
            throw new PaperOrderRejectedException(400, "market_not_tradable", $"no live book for {request.Ticker}");
        }

        var crossing = BookLevels.OppositeSide(book, request.Side).TakeWhile(l => Crosses(request.Side, request.YesPrice, l.Price)).ToList();
        var crossable = crossing.Aggregate(Quantity.Zero, (sum, l) => sum + Available(request.Ticker, request.Side, l));
        if (request.PostOnly && crossable.Units > 0)
        {
            throw new PaperOrderRejectedException(400, "post_only_cross", $"post-only order at {request.YesPrice} would cross");
        }

        var order = new PaperOrder(++_nextOrder, new OrderId("paper-o-" + NextNumber(request.Ticker, trade: false)), request, _time.GetUtcNow())
        {
            Remaining = request.Count,
        };
        _orders[order.OrderId] = order;
        _clientOrderIds.Add(request.ClientOrderId);

        var killed = request.TimeInForce == TimeInForce.FillOrKill && crossable < request.Count;
        if (!killed)
        {
            foreach (var level in crossing)
            {
                var take = Take(request.Ticker, request.Side, level, order.Remaining);
                if (take.Units > 0)
                {
                    fills.Add(Fill(order, level.Price, take, isTaker: true));
                }
            }
        }

        if (request.TimeInForce == TimeInForce.GoodTillCanceled && order.Remaining.Units > 0)
        {
            order.QueueAhead = BookLevels.SizeAt(BookLevels.SameSide(book, request.Side), request.YesPrice);
            if (!_restingByMarket.TryGetValue(request.Ticker, out var rested))
            {
                _restingByMarket[request.Ticker] = rested = [];
            }

            rested.Add(order);
        }
        else
        {
            order.Remaining = Quantity.Zero;
            order.Status = order.Filled == order.InitialCount ? OrderStatus.Executed : OrderStatus.Canceled;
            Closed(order);
        }

        return new OrderAck(order.OrderId, request.ClientOrderId, order.Filled, order.Remaining, null, null, order.LastUpdate);
    }

    // Called under the lock: nothing rests in the market and no liquidity taken there is remembered, so a new book only
    // replaces the one before.
    private bool IsIdle(MarketTicker ticker) => !_restingByMarket.ContainsKey(ticker) && !_taken.ContainsKey(ticker);

    // Called under the lock whenever a market may have lost its last resting order or taken liquidity.
    private void ForgetIfIdle(MarketTicker ticker)
    {
        if (IsIdle(ticker))
        {
            _mayNeedEveryBook.TryRemove(ticker, out _);
        }
    }

    /// <summary>Cancels what rests of an order.</summary>
    public CancelAck Cancel(OrderId orderId)
    {
        lock (_lock)
        {
            var order = Resting(orderId);
            var reduced = order.Remaining;
            order.Remaining = Quantity.Zero;
            order.Status = OrderStatus.Canceled;
            order.LastUpdate = _time.GetUtcNow();
            Closed(order);
            return new CancelAck(orderId, order.Request.ClientOrderId, reduced, order.LastUpdate);
        }
    }

    /// <summary>Moves an order's price (it loses its place: it queues behind what is visible at the new price) and/or size.</summary>
    public OrderAck Amend(AmendRequest amend)
    {
        ArgumentNullException.ThrowIfNull(amend);
        lock (_lock)
        {
            var order = Resting(amend.OrderId);
            var remaining = amend.TotalCount - order.Filled;
            if (remaining.Units <= 0)
            {
                throw new PaperOrderRejectedException(400, "invalid_order", $"total {amend.TotalCount} is not above the filled {order.Filled}");
            }

            if (amend.YesPrice != order.YesPrice)
            {
                var book = _books[order.Ticker];
                if (order.Request.PostOnly && BookLevels.OppositeSide(book, order.Side).Any(l => Crosses(order.Side, amend.YesPrice, l.Price)))
                {
                    throw new PaperOrderRejectedException(400, "post_only_cross", $"post-only amend to {amend.YesPrice} would cross");
                }

                order.YesPrice = amend.YesPrice;
                order.QueueAhead = BookLevels.SizeAt(BookLevels.SameSide(book, order.Side), amend.YesPrice);
            }

            order.InitialCount = amend.TotalCount;
            order.Remaining = remaining;
            order.LastUpdate = _time.GetUtcNow();
            return new OrderAck(order.OrderId, order.Request.ClientOrderId, order.Filled, order.Remaining, null, null, order.LastUpdate);
        }
    }

    /// <summary>Reduces an order's size keeping its place in the queue.</summary>
    public DecreaseAck Decrease(DecreaseRequest decrease)
    {
        ArgumentNullException.ThrowIfNull(decrease);
        lock (_lock)
        {
            var order = Resting(decrease.OrderId);
            var remaining = decrease.ReduceTo ?? order.Remaining - (decrease.ReduceBy ?? Quantity.Zero);
            if (remaining.Units < 0 || remaining > order.Remaining)
            {
                throw new PaperOrderRejectedException(400, "invalid_order", $"cannot decrease {order.Remaining} to {remaining}");
            }

            order.InitialCount -= order.Remaining - remaining;
            order.Remaining = remaining;
            if (remaining.IsZero)
            {
                order.Status = OrderStatus.Canceled;
                Closed(order);
            }

            order.LastUpdate = _time.GetUtcNow();
            return new DecreaseAck(order.OrderId, order.Request.ClientOrderId, remaining, order.LastUpdate);
        }
    }

    /// <summary>One order as the exchange would report it.</summary>
    public OrderState GetOrder(OrderId orderId)
    {
        lock (_lock)
        {
            return _orders.TryGetValue(orderId, out var order)
                ? order.ToState()
                : throw new PaperOrderRejectedException(404, "not_found", $"order {orderId} not found");
        }
    }

    /// <summary>Orders matching the query, oldest first.</summary>
    public IReadOnlyList<OrderState> GetOrders(OrderQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            return [.. _orders.Values
                .Where(o => (query.Ticker is null || o.Ticker == query.Ticker) && (query.Status is null || o.Status == query.Status)
                    && (query.Since is null || o.CreatedAt >= query.Since))
                .OrderBy(o => o.Sequence)
                .Select(o => o.ToState())];
        }
    }

    /// <summary>Fills matching the query, oldest first.</summary>
    public IReadOnlyList<FillRecord> GetFills(FillQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            var candidates = query.OrderId is { } orderId ? _fillsByOrder.GetValueOrDefault(orderId)
                : query.Ticker is { } ticker ? _fillsByMarket.GetValueOrDefault(ticker)
                : _fills;
            return candidates is null
                ? []
                : [.. candidates.Where(f => (query.Ticker is null || f.Ticker == query.Ticker) && (query.OrderId is null || f.OrderId == query.OrderId)
                    && (query.Since is null || f.Time >= query.Since))];
        }
    }

    /// <summary>Positions from the fills (no cost or P&amp;L figures: the portfolio keeps those).</summary>
    public IReadOnlyList<PositionRecord> GetPositions()
    {
        lock (_lock)
        {
            return [.. _positions.Where(p => !p.Value.IsZero).OrderBy(p => p.Key.Value, StringComparer.Ordinal)
                .Select(p => new PositionRecord(p.Key, p.Value, Money.Zero, Money.Zero, Money.Zero))];
        }
    }

    private Quantity Available(MarketTicker ticker, BookSide side, BookLevel level) =>
        _taken.TryGetValue(ticker, out var market) && market.TryGetValue((side, level.Price), out var taken)
            ? (level.Size > taken ? level.Size - taken : Quantity.Zero)
            : level.Size;

    /// <summary>Takes up to <paramref name="wanted"/> of what our orders have not yet taken at the level.</summary>
    private Quantity Take(MarketTicker ticker, BookSide side, BookLevel level, Quantity wanted)
    {
        var take = Min(Available(ticker, side, level), wanted);
        if (take.Units > 0)
        {
            if (!_taken.TryGetValue(ticker, out var market))
            {
                _taken[ticker] = market = [];
            }

            var key = (side, level.Price);
            market[key] = (market.TryGetValue(key, out var before) ? before : Quantity.Zero) + take;
        }

        return take;
    }

    /// <summary>A level that shrank below what we took was traded by others too: only what still shows counts as taken.</summary>
    private void ForgetTakenLiquidity(BookUpdated book)
    {
        if (!_taken.TryGetValue(book.Ticker, out var market))
        {
            return;
        }

        foreach (var key in market.Keys.ToList())
        {
            var visible = BookLevels.SizeAt(BookLevels.OppositeSide(book, key.Taker), key.Price);
            if (visible.IsZero)
            {
                market.Remove(key);
            }
            else if (visible < market[key])
            {
                market[key] = visible;
            }
        }

        if (market.Count == 0)
        {
            _taken.Remove(book.Ticker);
            ForgetIfIdle(book.Ticker);
        }
    }

    private static bool Crosses(BookSide side, Price ours, Price opposite) => side == BookSide.Bid ? opposite <= ours : opposite >= ours;

    private static Quantity Min(Quantity a, Quantity b) => a < b ? a : b;

    /// <summary>Resting orders of a market in priority order: best price first, then arrival.</summary>
    // Asked on every book update of every market: a market without resting orders must not cost an allocation.
    private IReadOnlyList<PaperOrder> RestingIn(MarketTicker ticker)
    {
        if (!_restingByMarket.TryGetValue(ticker, out var rested))
        {
            return [];
        }

        rested.RemoveAll(o => o.Status != OrderStatus.Resting || o.Remaining.Units <= 0);
        if (rested.Count == 0)
        {
            _restingByMarket.Remove(ticker);
            ForgetIfIdle(ticker);
            return [];
        }

        return [.. rested
            .OrderBy(o => o.Side)
            .ThenBy(o => o.Side == BookSide.Bid ? -o.YesPrice.Units : o.YesPrice.Units)
            .ThenBy(o => o.Sequence)];
    }

    private PaperOrder Resting(OrderId orderId) =>
        _orders.TryGetValue(orderId, out var order)
            ? order.Status == OrderStatus.Resting ? order : throw new PaperOrderRejectedException(400, "order_not_resting", $"order {orderId} is {order.Status}")
            : throw new PaperOrderRejectedException(404, "not_found", $"order {orderId} not found");

    private OwnFillReceived Fill(PaperOrder order, Price yesPrice, Quantity count, bool isTaker)
    {
        var fees = _fees.TryGetValue(order.Ticker, out var f) ? f : SeriesFeeParameters.General;
        var fee = FeeSchedule.Fee(fees, isTaker, yesPrice, count, FeeRounding.UpToCentiCent);
        var now = _time.GetUtcNow();
        order.Filled += count;
        order.Remaining -= count;
        order.LastUpdate = now;
        if (isTaker)
        {
            order.TakerFees += fee;
        }
        else
        {
            order.MakerFees += fee;
        }

        if (order.Remaining.IsZero && order.Filled == order.InitialCount)
        {
            order.Status = OrderStatus.Executed;
            Closed(order);
        }

        var position = (_positions.TryGetValue(order.Ticker, out var p) ? p : Quantity.Zero) + (order.Side == BookSide.Bid ? count : -count);
        _positions[order.Ticker] = position;
        var fill = new FillRecord("paper-t-" + NextNumber(order.Ticker, trade: true), order.OrderId, order.Ticker, order.Side, yesPrice, count, isTaker, fee, now);
        _fills.Add(fill);
        TrimOldest(_fills);
        Index(_fillsByMarket, fill.Ticker, fill);
        Index(_fillsByOrder, fill.OrderId, fill);
        return new OwnFillReceived(fill, order.Request.ClientOrderId, position);
    }

    // "TICKER-N": the market's Nth order (or trade) of the paper model.
    private string NextNumber(MarketTicker ticker, bool trade)
    {
        var (orders, trades) = _numbers.GetValueOrDefault(ticker);
        var number = trade ? ++trades : ++orders;
        _numbers[ticker] = (orders, trades);
        return ticker.Value + "-" + number.ToString(CultureInfo.InvariantCulture);
    }

    private void Index<TKey>(Dictionary<TKey, List<FillRecord>> index, TKey key, FillRecord fill)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(fill);
        TrimOldest(list);
    }

    // Called under the lock when an order stops resting (once: the first time it is seen closed).
    private void Closed(PaperOrder order)
    {
        if (order.ClosedNoted)
        {
            return;
        }

        order.ClosedNoted = true;
        _closed.Enqueue(order);
        while (_closed.Count > _retainedClosedOrders)
        {
            var oldest = _closed.Dequeue();
            _orders.Remove(oldest.OrderId);
            _fillsByOrder.Remove(oldest.OrderId);
        }
    }

    // Keeps a fill list to the retained number, dropping the oldest in chunks (a removal from the front moves the rest).
    private void TrimOldest(List<FillRecord> fills)
    {
        if (fills.Count >= 2 * _retainedClosedOrders)
        {
            fills.RemoveRange(0, fills.Count - _retainedClosedOrders);
        }
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
}
