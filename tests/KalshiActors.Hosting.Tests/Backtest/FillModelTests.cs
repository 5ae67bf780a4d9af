using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Execution.Paper;
using KalshiActors.Simulator.Replay;

namespace KalshiActors.Hosting.Tests.Backtest;

/// <summary>The two backtest fill models side by side on the same recorded book and the same orders.</summary>
public sealed class FillModelTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    private static readonly MarketTicker Ticker = new("KXTEST-26MAR02-T50");

    // YES bid 40 x 20; YES asks 45 x 4 and 47 x 100 (as NO bids at 55 and 53).
    private static readonly BookUpdated Recorded = new(
        Ticker, 1, new BookTop(Price.FromCents(40), Quantity.FromContracts(20), Price.FromCents(45), Quantity.FromContracts(4)),
        [new BookLevel(Price.FromCents(40), Quantity.FromContracts(20))],
        [new BookLevel(Price.FromCents(55), Quantity.FromContracts(4)), new BookLevel(Price.FromCents(53), Quantity.FromContracts(100))],
        null, null, null, BookStatus.Live, Start, null);

    private static OrderRequest Bid(int number, long cents, long contracts, TimeInForce tif) =>
        new(Ticker, BookSide.Bid, Price.FromCents(cents), Quantity.FromContracts(contracts), tif, SelfTradePrevention.TakerAtCross,
            new ClientOrderId($"00000000-0000-0000-0000-{number:D12}"));

    [Fact]
    public async Task A_taker_order_fills_at_the_books_prices_in_both_models()
    {
        var (paper, paperFills, engine, engineFills) = Models();

        var paperAck = await paper.CreateOrderAsync(Bid(1, 46, 6, TimeInForce.ImmediateOrCancel), CancellationToken.None);
        var engineAck = await engine.CreateOrderAsync(Bid(1, 46, 6, TimeInForce.ImmediateOrCancel), CancellationToken.None);

        Assert.Equal(Quantity.FromContracts(4), paperAck.FilledCount);
        Assert.Equal(Quantity.FromContracts(4), engineAck.FilledCount);
        Assert.Equal(
            paperFills.Select(f => (f.Fill.YesPrice, f.Fill.Count, f.Fill.IsTaker, f.Fill.Fee)),
            engineFills.Select(f => (f.Fill.YesPrice, f.Fill.Count, f.Fill.IsTaker, f.Fill.Fee)));
    }

    [Fact]
    public async Task Repricing_a_resting_bid_through_the_ask_takes_it_at_once_only_in_the_matching_engine()
    {
        // What a trader expects of an exchange: an amend that crosses trades immediately, as taker, at the ask's price.
        // The paper model only moves the order and waits for the next book update to fill it at its own price as maker.
        var (paper, paperFills, engine, engineFills) = Models();
        var paperOrder = await paper.CreateOrderAsync(Bid(1, 41, 10, TimeInForce.GoodTillCanceled), CancellationToken.None);
        var engineOrder = await engine.CreateOrderAsync(Bid(1, 41, 10, TimeInForce.GoodTillCanceled), CancellationToken.None);

        var paperAmended = await paper.AmendOrderAsync(Reprice(paperOrder.OrderId), CancellationToken.None);
        var engineAmended = await engine.AmendOrderAsync(Reprice(engineOrder.OrderId), CancellationToken.None);

        Assert.Equal(Quantity.Zero, paperAmended.FilledCount);
        Assert.Empty(paperFills);
        Assert.Equal(Quantity.FromContracts(4), engineAmended.FilledCount);
        var fill = Assert.Single(engineFills);
        Assert.Equal((Price.FromCents(45), Quantity.FromContracts(4), true), (fill.Fill.YesPrice, fill.Fill.Count, fill.Fill.IsTaker));

        static AmendRequest Reprice(OrderId id) => new(id, Ticker, BookSide.Bid, Price.FromCents(46), Quantity.FromContracts(10), null, null);
    }

    private static (IOrderGateway Paper, List<OwnFillReceived> PaperFills, IOrderGateway Engine, List<OwnFillReceived> EngineFills) Models()
    {
        var time = new FixedTime();
        var paper = new PaperExchange(time);
        var paperFills = new List<OwnFillReceived>();
        paper.AttachFillSink(paperFills.Add);
        paper.OnBook(Recorded);
        var engine = new RecordedBookMatcher(time);
        var engineFills = new List<OwnFillReceived>();
        engine.AttachFillSink(engineFills.Add);
        engine.OnBook(Recorded);
        return (new PaperOrderGateway(paper), paperFills, engine, engineFills);
    }

    private sealed class FixedTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Start;
    }
}
