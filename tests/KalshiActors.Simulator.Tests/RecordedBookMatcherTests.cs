using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Simulator.Replay;

namespace KalshiActors.Simulator.Tests;

public sealed class RecordedBookMatcherTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    private static readonly MarketTicker Ticker = new("KXTEST-26MAR02-T50");

    private readonly RecordedBookMatcher _engine = new(new ManualTimeProvider(Start));
    private readonly List<OwnFillReceived> _fills = [];
    private int _orders;

    public RecordedBookMatcherTests() => _engine.AttachFillSink(_fills.Add);

    private static BookUpdated Book(IReadOnlyList<(long Cents, long Size)> bids, IReadOnlyList<(long Cents, long Size)> asks)
    {
        var top = new BookTop(
            bids.Count > 0 ? Price.FromCents(bids[0].Cents) : null,
            bids.Count > 0 ? Quantity.FromContracts(bids[0].Size) : Quantity.Zero,
            asks.Count > 0 ? Price.FromCents(asks[0].Cents) : null,
            asks.Count > 0 ? Quantity.FromContracts(asks[0].Size) : Quantity.Zero);
        return new BookUpdated(
            Ticker, 1, top,
            [.. bids.Select(b => new BookLevel(Price.FromCents(b.Cents), Quantity.FromContracts(b.Size)))],
            [.. asks.Select(a => new BookLevel(Price.FromCents(100 - a.Cents), Quantity.FromContracts(a.Size)))],
            null, null, null, BookStatus.Live, Start, null);
    }

    private OrderRequest Order(BookSide side, long cents, long contracts, TimeInForce tif) =>
        new(Ticker, side, Price.FromCents(cents), Quantity.FromContracts(contracts), tif, SelfTradePrevention.TakerAtCross,
            new ClientOrderId($"00000000-0000-0000-0000-{++_orders:D12}"));

    [Fact]
    public async Task A_taker_order_walks_the_recorded_levels_at_their_prices_and_the_same_size_is_not_offered_twice()
    {
        _engine.OnBook(Book([(40, 100)], [(45, 3), (46, 5), (48, 50)]));

        var ack = await _engine.CreateOrderAsync(Order(BookSide.Bid, 46, 10, TimeInForce.ImmediateOrCancel), CancellationToken.None);

        Assert.Equal((Quantity.FromContracts(8), Quantity.Zero), (ack.FilledCount, ack.RemainingCount));
        Assert.Equal(
            [(Price.FromCents(45), Quantity.FromContracts(3), true), (Price.FromCents(46), Quantity.FromContracts(5), true)],
            _fills.Select(f => (f.Fill.YesPrice, f.Fill.Count, f.Fill.IsTaker)));
        Assert.All(_fills, f => Assert.True(f.Fill.Fee > Money.Zero));
        Assert.Equal(Quantity.FromContracts(8), _fills[^1].PositionAfter);

        // The recording still shows the levels we took (it never shows our trades): they must not fill us again.
        _engine.OnBook(Book([(40, 100)], [(45, 3), (46, 5), (48, 50)]));
        var again = await _engine.CreateOrderAsync(Order(BookSide.Bid, 46, 10, TimeInForce.ImmediateOrCancel), CancellationToken.None);
        Assert.Equal(Quantity.Zero, again.FilledCount);
    }

    [Fact]
    public async Task A_resting_order_waits_behind_the_recorded_queue_which_recorded_trades_consume_first()
    {
        _engine.OnBook(Book([(40, 20)], [(45, 100)]));
        var ack = await _engine.CreateOrderAsync(Order(BookSide.Bid, 40, 10, TimeInForce.GoodTillCanceled), CancellationToken.None);
        Assert.Equal(Quantity.FromContracts(10), ack.RemainingCount);

        _engine.OnTrade(new TradePrinted("t-1", Ticker, Price.FromCents(40), Quantity.FromContracts(15), Side.No, Start));
        Assert.Empty(_fills);

        _engine.OnTrade(new TradePrinted("t-2", Ticker, Price.FromCents(40), Quantity.FromContracts(9), Side.No, Start));
        var fill = Assert.Single(_fills);
        Assert.Equal((Price.FromCents(40), Quantity.FromContracts(4), false), (fill.Fill.YesPrice, fill.Fill.Count, fill.Fill.IsTaker));
    }

    [Fact]
    public async Task An_ask_that_reaches_a_resting_bid_fills_it_at_the_bid_as_maker()
    {
        _engine.OnBook(Book([(40, 20)], [(45, 100)]));
        await _engine.CreateOrderAsync(Order(BookSide.Bid, 42, 10, TimeInForce.GoodTillCanceled), CancellationToken.None);

        _engine.OnBook(Book([(40, 20)], [(41, 6), (45, 100)]));

        var fill = Assert.Single(_fills);
        Assert.Equal((Price.FromCents(42), Quantity.FromContracts(6), false), (fill.Fill.YesPrice, fill.Fill.Count, fill.Fill.IsTaker));
    }

    [Fact]
    public async Task An_amend_through_the_ask_takes_it_at_once_at_the_asks_price()
    {
        _engine.OnBook(Book([(40, 20)], [(45, 4), (47, 100)]));
        var ack = await _engine.CreateOrderAsync(Order(BookSide.Bid, 41, 10, TimeInForce.GoodTillCanceled), CancellationToken.None);

        var amended = await _engine.AmendOrderAsync(
            new AmendRequest(ack.OrderId, Ticker, BookSide.Bid, Price.FromCents(46), Quantity.FromContracts(10), null, null), CancellationToken.None);

        Assert.Equal((Quantity.FromContracts(4), Quantity.FromContracts(6)), (amended.FilledCount, amended.RemainingCount));
        var fill = Assert.Single(_fills);
        Assert.Equal((Price.FromCents(45), Quantity.FromContracts(4), true), (fill.Fill.YesPrice, fill.Fill.Count, fill.Fill.IsTaker));
    }

    [Fact]
    public async Task Our_own_orders_meet_each_other_in_the_book_and_self_trade_prevention_applies()
    {
        _engine.OnBook(Book([(40, 20)], [(45, 100)]));
        await _engine.CreateOrderAsync(Order(BookSide.Bid, 44, 10, TimeInForce.GoodTillCanceled), CancellationToken.None);

        // Selling at 43 would cross our own bid at 44 first (the crowd bids only 40): the taker is cancelled, nothing trades.
        var sell = await _engine.CreateOrderAsync(Order(BookSide.Ask, 43, 5, TimeInForce.ImmediateOrCancel), CancellationToken.None);

        Assert.Equal(Quantity.Zero, sell.FilledCount);
        Assert.Empty(_fills);
        var resting = await _engine.GetOrdersAsync(new OrderQuery(Ticker, OrderStatus.Resting), CancellationToken.None);
        Assert.Equal(Quantity.FromContracts(10), Assert.Single(resting).RemainingCount);
    }

    [Fact]
    public async Task Bad_requests_are_refused_as_the_exchange_would()
    {
        var before = await Assert.ThrowsAsync<RecordedBookRejectedException>(() => _engine.CreateOrderAsync(Order(BookSide.Bid, 40, 1, TimeInForce.GoodTillCanceled), CancellationToken.None));
        Assert.Equal("market_not_tradable", before.ErrorCode);

        _engine.OnBook(Book([(40, 20)], [(45, 100)]));
        var request = Order(BookSide.Bid, 40, 1, TimeInForce.GoodTillCanceled);
        await _engine.CreateOrderAsync(request, CancellationToken.None);
        var duplicate = await Assert.ThrowsAsync<RecordedBookRejectedException>(() => _engine.CreateOrderAsync(request, CancellationToken.None));
        Assert.Equal((409, "duplicate_client_order_id"), (duplicate.StatusCode, duplicate.ErrorCode));
    }
}
