using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Execution.Paper;
using KalshiActors.Testing;
using static KalshiActors.Execution.Tests.Fixtures;

namespace KalshiActors.Execution.Tests;

public sealed class PaperExchangeTests
{
    private readonly PaperExchange _exchange = new(new ManualTimeProvider(Start));
    private readonly List<OwnFillReceived> _fills = [];
    private int _orders;

    public PaperExchangeTests() => _exchange.AttachFillSink(_fills.Add);

    private OrderRequest Order(BookSide side, long yesCents, long count, TimeInForce tif = TimeInForce.GoodTillCanceled, bool postOnly = true) =>
        new(Ticker, side, Cents(yesCents), Contracts(count), tif, SelfTradePrevention.TakerAtCross, IntentId.For("p", Ticker, ++_orders).ToClientOrderId(0))
        {
            PostOnly = postOnly,
        };

    private static TradePrinted Trade(long yesCents, long count, Side? takerSide = Side.No) =>
        new("pub-" + yesCents + "-" + count, Ticker, Cents(yesCents), Contracts(count), takerSide, null);

    [Fact]
    public void Resting_order_waits_behind_the_visible_size_and_trades_at_its_price_consume_the_queue_first()
    {
        _exchange.OnBook(Book(40, 100, 45, 100));
        var ack = _exchange.Create(Order(BookSide.Bid, 40, 10));
        Assert.Equal((Quantity.Zero, Contracts(10)), (ack.FilledCount, ack.RemainingCount));

        _exchange.OnTrade(Trade(40, 60));
        Assert.Empty(_fills);

        // 10 more canceled ahead of us: 30 visible, and the queue ahead can be no longer than what is visible.
        _exchange.OnBook(Book(40, 30, 45, 100, sequence: 2));
        _exchange.OnTrade(Trade(40, 35));

        var fill = Assert.Single(_fills);
        Assert.Equal((Contracts(5), Cents(40), false, Money.Zero), (fill.Fill.Count, fill.Fill.YesPrice, fill.Fill.IsTaker, fill.Fill.Fee));
        Assert.Equal(ack.OrderId, fill.Fill.OrderId);
        Assert.Equal(Contracts(5), fill.PositionAfter);
    }

    [Fact]
    public void Order_and_trade_ids_do_not_depend_on_which_market_submitted_first()
    {
        // Routers of different markets submit concurrently: the ids a market's orders get must be the same either way,
        // or a backtest of one recording names its orders differently from run to run.
        var other = new MarketTicker("KXTEST-26DEC04-T60");
        (string Order, string Trade) Submit(PaperExchange exchange, MarketTicker ticker)
        {
            var request = new OrderRequest(ticker, BookSide.Bid, Cents(45), Contracts(3), TimeInForce.ImmediateOrCancel, SelfTradePrevention.TakerAtCross, IntentId.For("p", ticker, 1).ToClientOrderId(0));
            var fills = new List<OwnFillReceived>();
            exchange.AttachFillSink(fills.Add);
            var ack = exchange.Create(request);
            return (ack.OrderId.Value, Assert.Single(fills).Fill.TradeId);
        }

        var first = new PaperExchange(new ManualTimeProvider(Start));
        var second = new PaperExchange(new ManualTimeProvider(Start));
        foreach (var exchange in new[] { first, second })
        {
            exchange.OnBook(Book(40, 100, 45, 100));
            exchange.OnBook(Book(40, 100, 45, 100) with { Ticker = other });
        }

        var firstOrder = (Ticker: Submit(first, Ticker), Other: Submit(first, other));
        var otherFirst = Submit(second, other);
        var tickerSecond = Submit(second, Ticker);

        Assert.Equal(firstOrder, (tickerSecond, otherFirst));
        Assert.NotEqual(firstOrder.Ticker, firstOrder.Other);
    }

    [Fact]
    public void Trades_on_the_other_side_do_not_touch_a_bid()
    {
        _exchange.OnBook(Book(40, 0, 45, 100));
        _exchange.Create(Order(BookSide.Bid, 41, 10));

        _exchange.OnTrade(Trade(41, 50, takerSide: Side.Yes));
        Assert.Empty(_fills);
    }

    [Fact]
    public void Own_orders_at_one_price_fill_in_arrival_order()
    {
        _exchange.OnBook(Book(40, 100, 45, 100));
        var first = _exchange.Create(Order(BookSide.Bid, 41, 10));
        var second = _exchange.Create(Order(BookSide.Bid, 41, 10));

        _exchange.OnTrade(Trade(41, 15));

        Assert.Equal(
            [(first.OrderId, Contracts(10)), (second.OrderId, Contracts(5))],
            _fills.Select(f => (f.Fill.OrderId, f.Fill.Count)));
    }

    [Fact]
    public void A_trade_through_the_price_fills_without_waiting_for_the_queue()
    {
        _exchange.OnBook(Book(41, 500, 45, 100));
        _exchange.Create(Order(BookSide.Bid, 41, 10));

        _exchange.OnTrade(Trade(39, 20));

        var fill = Assert.Single(_fills);
        Assert.Equal((Contracts(10), Cents(41)), (fill.Fill.Count, fill.Fill.YesPrice));
        Assert.Equal(OrderStatus.Executed, _exchange.GetOrders(new OrderQuery(Ticker)).Single().Status);
    }

    [Fact]
    public void An_ask_that_reaches_a_resting_bid_fills_it_as_maker()
    {
        _exchange.OnBook(Book(40, 100, 45, 100));
        _exchange.Create(Order(BookSide.Bid, 41, 10));

        _exchange.OnBook(Book(40, 100, 41, 4, sequence: 2));

        var fill = Assert.Single(_fills);
        Assert.Equal((Contracts(4), Cents(41), false), (fill.Fill.Count, fill.Fill.YesPrice, fill.Fill.IsTaker));
    }

    [Fact]
    public void Liquidity_already_taken_does_not_fill_again_while_the_book_still_shows_it()
    {
        _exchange.OnBook(Book(40, 100, 45, 100));
        _exchange.Create(Order(BookSide.Bid, 41, 10));

        _exchange.OnBook(Book(40, 100, 41, 4, sequence: 2));
        _exchange.OnBook(Book(40, 100, 41, 4, sequence: 3));
        _exchange.Create(Order(BookSide.Bid, 41, 3, TimeInForce.ImmediateOrCancel, postOnly: false));

        Assert.Equal(Contracts(4), _fills.Aggregate(Quantity.Zero, (sum, f) => sum + f.Fill.Count));

        // Two more contracts appear at the level: only they are new.
        _exchange.OnBook(Book(40, 100, 41, 6, sequence: 4));
        Assert.Equal(Contracts(6), _fills.Aggregate(Quantity.Zero, (sum, f) => sum + f.Fill.Count));
    }

    [Fact]
    public void A_crossing_order_takes_the_levels_at_their_prices_and_pays_the_taker_fee_to_the_centi_cent()
    {
        _exchange.OnBook(Book([(40, 100)], [(45, 3), (46, 5), (48, 50)]));

        var ack = _exchange.Create(Order(BookSide.Bid, 46, 10, postOnly: false));

        Assert.Equal((Contracts(8), Contracts(2)), (ack.FilledCount, ack.RemainingCount));
        Assert.Equal(
            [(Cents(45), Contracts(3), true, Money.FromUnits(520)), (Cents(46), Contracts(5), true, Money.FromUnits(870))],
            _fills.Select(f => (f.Fill.YesPrice, f.Fill.Count, f.Fill.IsTaker, f.Fill.Fee)));
    }

    [Fact]
    public void Maker_fills_pay_the_series_maker_fee()
    {
        _exchange.OnMarket(new MarketInfo(
            Ticker, Event, new SeriesTicker("KXTEST"), "t", "c", MarketState.Active, null, null, TickStructure.LinearCent,
            new SeriesFeeParameters(FeeType.QuadraticWithMakerFees, SeriesFeeParameters.MultiplierUnitsPerOne), null, null, null, false));
        _exchange.OnBook(Book(40, 0, 45, 100));
        _exchange.Create(Order(BookSide.Bid, 41, 5));

        _exchange.OnTrade(Trade(41, 5));

        // 0.0175 x 5 x 0.41 x 0.59 = 0.02116625, rounded up to $0.0212.
        Assert.Equal(Money.FromUnits(212), Assert.Single(_fills).Fill.Fee);
    }

    [Fact]
    public void Post_only_that_would_cross_is_refused()
    {
        _exchange.OnBook(Book(40, 100, 45, 100));
        var refused = Assert.Throws<PaperOrderRejectedException>(() => _exchange.Create(Order(BookSide.Bid, 45, 1)));
        Assert.Equal((400, "post_only_cross", false), (refused.StatusCode, refused.ErrorCode, refused.IsTransient));
    }

    [Fact]
    public void IOC_takes_what_is_there_and_FOK_takes_all_or_nothing()
    {
        _exchange.OnBook(Book(40, 100, 45, 3));

        var ioc = _exchange.Create(Order(BookSide.Bid, 45, 5, TimeInForce.ImmediateOrCancel, postOnly: false));
        var fok = _exchange.Create(Order(BookSide.Bid, 45, 5, TimeInForce.FillOrKill, postOnly: false));

        Assert.Equal((Contracts(3), Quantity.Zero), (ioc.FilledCount, ioc.RemainingCount));
        Assert.Equal((Quantity.Zero, Quantity.Zero), (fok.FilledCount, fok.RemainingCount));
        Assert.Equal(
            [OrderStatus.Canceled, OrderStatus.Canceled],
            _exchange.GetOrders(new OrderQuery(Ticker)).Select(o => o.Status));
    }

    [Fact]
    public void A_reused_client_order_id_is_refused()
    {
        _exchange.OnBook(Book(40, 100, 45, 100));
        var order = Order(BookSide.Bid, 40, 1);
        _exchange.Create(order);
        Assert.Equal(409, Assert.Throws<PaperOrderRejectedException>(() => _exchange.Create(order)).StatusCode);
    }

    [Fact]
    public void An_amended_order_loses_its_place_and_queues_behind_the_new_price()
    {
        _exchange.OnBook(Book([(42, 7), (40, 100)], [(45, 100)]));
        var ack = _exchange.Create(Order(BookSide.Bid, 40, 10));

        _exchange.Amend(new AmendRequest(ack.OrderId, Ticker, BookSide.Bid, Cents(42), Contracts(10), null, null));
        _exchange.OnTrade(Trade(42, 9));

        Assert.Equal(Contracts(2), Assert.Single(_fills).Fill.Count);
    }

    [Fact]
    public void No_order_on_a_stale_book()
    {
        _exchange.OnBook(Book(40, 100, 45, 100, BookStatus.Stale));
        Assert.Equal("market_not_tradable", Assert.Throws<PaperOrderRejectedException>(() => _exchange.Create(Order(BookSide.Bid, 40, 1))).ErrorCode);
    }

    // An exchange that remembers `retained` closed orders, with a deep book to take from and its fills collected.
    private static (PaperExchange Exchange, List<OwnFillReceived> Fills) Retaining(int retained)
    {
        var exchange = new PaperExchange(new ManualTimeProvider(Start), retained);
        var fills = new List<OwnFillReceived>();
        exchange.AttachFillSink(fills.Add);
        exchange.OnBook(Book(40, 1_000, 45, 1_000));
        return (exchange, fills);
    }

    [Fact]
    public void Closed_orders_beyond_the_retained_number_are_forgotten_oldest_first_and_resting_ones_never()
    {
        var (exchange, _) = Retaining(3);
        var resting = exchange.Create(Order(BookSide.Bid, 39, 1));

        // Five IOC buys at the ask: each fills at once and closes.
        var closed = Enumerable.Range(0, 5).Select(_ => exchange.Create(Order(BookSide.Bid, 45, 1, TimeInForce.ImmediateOrCancel, postOnly: false))).ToList();

        foreach (var forgotten in closed.Take(2))
        {
            Assert.Equal("not_found", Assert.Throws<PaperOrderRejectedException>(() => exchange.GetOrder(forgotten.OrderId)).ErrorCode);
            Assert.Empty(exchange.GetFills(new FillQuery(OrderId: forgotten.OrderId)));
        }

        foreach (var kept in closed.Skip(2))
        {
            Assert.Equal(OrderStatus.Executed, exchange.GetOrder(kept.OrderId).Status);
            Assert.Single(exchange.GetFills(new FillQuery(OrderId: kept.OrderId)));
        }

        Assert.Equal(OrderStatus.Resting, exchange.GetOrder(resting.OrderId).Status);
        Assert.Equal(4, exchange.GetOrders(new OrderQuery()).Count);
    }

    [Fact]
    public void A_forgotten_orders_client_order_id_is_still_refused()
    {
        var (exchange, _) = Retaining(1);
        var first = Order(BookSide.Bid, 45, 1, TimeInForce.ImmediateOrCancel, postOnly: false);
        var ack = exchange.Create(first);
        exchange.Create(Order(BookSide.Bid, 45, 1, TimeInForce.ImmediateOrCancel, postOnly: false));
        Assert.Throws<PaperOrderRejectedException>(() => exchange.GetOrder(ack.OrderId));

        var reused = Assert.Throws<PaperOrderRejectedException>(() => exchange.Create(first));

        Assert.Equal("duplicate_client_order_id", reused.ErrorCode);
    }

    [Fact]
    public void Fill_history_keeps_at_most_twice_the_retained_number_and_always_the_latest()
    {
        var (exchange, fills) = Retaining(4);
        for (var i = 0; i < 20; i++)
        {
            exchange.Create(Order(BookSide.Bid, 45, 1, TimeInForce.ImmediateOrCancel, postOnly: false));
        }

        var all = exchange.GetFills(new FillQuery());
        var market = exchange.GetFills(new FillQuery(Ticker: Ticker));

        Assert.Equal(20, fills.Count);
        Assert.InRange(all.Count, 4, 7);
        Assert.InRange(market.Count, 4, 7);
        Assert.Equal(fills[^1].Fill.TradeId, all[^1].TradeId);
        Assert.Equal(fills[^1].Fill.TradeId, market[^1].TradeId);
    }
}
