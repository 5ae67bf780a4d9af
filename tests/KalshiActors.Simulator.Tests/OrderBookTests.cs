using KalshiActors.Domain;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Tests;

public sealed class OrderBookTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private long ids;

    private SimOrder Order(string account, BookSide side, int price, long contracts, TimeInForce tif = TimeInForce.GoodTillCanceled,
        SelfTradePrevention stp = SelfTradePrevention.TakerAtCross, bool postOnly = false) =>
        new($"o{++ids}", account, $"c{ids}", "KXTEST-1", side, price, contracts * 100, tif, stp, Now) { PostOnly = postOnly };

    [Fact]
    public void Submit_YesBidAtOrAboveOneMinusNoBid_Crosses()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();

        // A NO bid at $0.40 is a YES ask at $0.60.
        var noBid = Order("maker", BookSide.Ask, 6000, 10);
        book.Submit(noBid, Now, recorder);
        var yesBid = Order("taker", BookSide.Bid, 6000, 4);
        book.Submit(yesBid, Now, recorder);

        var trade = Assert.Single(recorder.Trades);
        Assert.Equal(6000, trade.Price);
        Assert.Equal(400, trade.Quantity);
        Assert.Equal(OrderStatus.Executed, yesBid.Status);
        Assert.Equal(600, noBid.RemainingQuantity);
        Assert.Equal(6000, book.BestAsk);
    }

    [Fact]
    public void Submit_YesBidBelowAsk_RestsWithoutTrading()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("maker", BookSide.Ask, 6000, 10), Now, recorder);
        var bid = Order("taker", BookSide.Bid, 5900, 4);
        book.Submit(bid, Now, recorder);

        Assert.Empty(recorder.Trades);
        Assert.Equal(OrderStatus.Resting, bid.Status);
        Assert.Equal(5900, book.BestBid);
    }

    [Fact]
    public void Submit_AggressiveBid_TradesAtMakerPricesBestFirst()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("m1", BookSide.Ask, 5200, 5), Now, recorder);
        book.Submit(Order("m2", BookSide.Ask, 5100, 5), Now, recorder);
        book.Submit(Order("t", BookSide.Bid, 5500, 8), Now, recorder);

        Assert.Equal([(5100, 500L), (5200, 300L)], recorder.Trades.Select(t => (t.Price, t.Quantity)));
    }

    [Fact]
    public void Submit_SamePrice_FillsInTimePriority()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        var first = Order("a", BookSide.Bid, 4500, 3);
        var second = Order("b", BookSide.Bid, 4500, 3);
        book.Submit(first, Now, recorder);
        book.Submit(second, Now, recorder);
        book.Submit(Order("t", BookSide.Ask, 4500, 4), Now, recorder);

        Assert.Equal(["a", "b"], recorder.Trades.Select(t => t.Maker.AccountId));
        Assert.Equal(0, first.RemainingQuantity);
        Assert.Equal(200, second.RemainingQuantity);
        Assert.Equal(0, book.QueuePosition(second));
    }

    [Fact]
    public void Submit_ImmediateOrCancel_CancelsTheRemainder()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("m", BookSide.Ask, 5000, 2), Now, recorder);
        var ioc = Order("t", BookSide.Bid, 5000, 5, TimeInForce.ImmediateOrCancel);
        book.Submit(ioc, Now, recorder);

        Assert.Equal(200, ioc.FilledQuantity);
        Assert.Equal(0, ioc.RemainingQuantity);
        Assert.Equal(OrderStatus.Canceled, ioc.Status);
        Assert.Equal(CancelReason.ImmediateOrCancelRemainder, ioc.CancelReason);
        Assert.Null(book.BestBid);
    }

    [Fact]
    public void Submit_FillOrKillWithoutEnoughLiquidity_TradesNothing()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        var maker = Order("m", BookSide.Ask, 5000, 2);
        book.Submit(maker, Now, recorder);
        var fok = Order("t", BookSide.Bid, 5000, 3, TimeInForce.FillOrKill);
        book.Submit(fok, Now, recorder);

        Assert.Empty(recorder.Trades);
        Assert.Equal(OrderStatus.Canceled, fok.Status);
        Assert.Equal(CancelReason.FillOrKillUnfilled, fok.CancelReason);
        Assert.Equal(200, maker.RemainingQuantity);
    }

    [Fact]
    public void Submit_FillOrKillWithEnoughLiquidity_FillsCompletely()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("m", BookSide.Ask, 5000, 2), Now, recorder);
        book.Submit(Order("m", BookSide.Ask, 5100, 2), Now, recorder);
        var fok = Order("t", BookSide.Bid, 5100, 3, TimeInForce.FillOrKill);
        book.Submit(fok, Now, recorder);

        Assert.Equal(OrderStatus.Executed, fok.Status);
        Assert.Equal(300, fok.FilledQuantity);
    }

    [Fact]
    public void Submit_PostOnlyThatWouldTake_IsRejectedAndBookUnchanged()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("m", BookSide.Ask, 5000, 2), Now, recorder);
        var reject = book.Submit(Order("t", BookSide.Bid, 5000, 1, postOnly: true), Now, recorder);

        Assert.Equal(OrderRejectReason.PostOnlyCross, reject);
        Assert.Empty(recorder.Trades);
        Assert.Null(book.BestBid);
        Assert.Equal(200, book.BestAskSize);
    }

    [Fact]
    public void Submit_PostOnlyThatRests_IsAccepted()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("m", BookSide.Ask, 5000, 2), Now, recorder);
        var reject = book.Submit(Order("t", BookSide.Bid, 4900, 1, postOnly: true), Now, recorder);

        Assert.Equal(OrderRejectReason.None, reject);
        Assert.Equal(4900, book.BestBid);
    }

    [Fact]
    public void Submit_SelfCrossWithTakerAtCross_CancelsIncomingAndKeepsEarlierFills()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("other", BookSide.Ask, 5000, 1), Now, recorder);
        var own = Order("me", BookSide.Ask, 5100, 1);
        book.Submit(own, Now, recorder);
        var taker = Order("me", BookSide.Bid, 5200, 3);
        book.Submit(taker, Now, recorder);

        Assert.Equal(100, taker.FilledQuantity);
        Assert.Equal(OrderStatus.Canceled, taker.Status);
        Assert.Equal(CancelReason.SelfTradePrevention, taker.CancelReason);
        Assert.Equal(OrderStatus.Resting, own.Status);
    }

    [Fact]
    public void Submit_SelfCrossWithMaker_CancelsRestingOwnOrderAndKeepsMatching()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        var own = Order("me", BookSide.Ask, 5000, 1);
        book.Submit(own, Now, recorder);
        book.Submit(Order("other", BookSide.Ask, 5100, 2), Now, recorder);
        var taker = Order("me", BookSide.Bid, 5100, 2, stp: SelfTradePrevention.Maker);
        book.Submit(taker, Now, recorder);

        Assert.Equal(OrderStatus.Canceled, own.Status);
        Assert.Equal(CancelReason.SelfTradePrevention, own.CancelReason);
        Assert.Equal(200, taker.FilledQuantity);
        Assert.All(recorder.Trades, t => Assert.Equal("other", t.Maker.AccountId));
    }

    [Fact]
    public void Amend_SizeDecrease_KeepsQueuePosition()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        var first = Order("a", BookSide.Bid, 4500, 5);
        var second = Order("b", BookSide.Bid, 4500, 5);
        book.Submit(first, Now, recorder);
        book.Submit(second, Now, recorder);
        book.Amend(first, 4500, 300, Now, recorder);

        Assert.Equal(0, book.QueuePosition(first));
        Assert.Equal(300, book.QueuePosition(second));
        Assert.Equal(800, book.BestBidSize);
    }

    [Fact]
    public void Amend_SizeIncrease_MovesToBackOfQueue()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        var first = Order("a", BookSide.Bid, 4500, 5);
        var second = Order("b", BookSide.Bid, 4500, 5);
        book.Submit(first, Now, recorder);
        book.Submit(second, Now, recorder);
        book.Amend(first, 4500, 600, Now, recorder);

        Assert.Equal(500, book.QueuePosition(first));
        Assert.Equal(0, book.QueuePosition(second));
    }

    [Fact]
    public void Amend_PriceChange_MovesToBackOfNewLevelAndMayTrade()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("m", BookSide.Ask, 5000, 2), Now, recorder);
        var bid = Order("a", BookSide.Bid, 4500, 5);
        book.Submit(bid, Now, recorder);
        book.Amend(bid, 5000, 500, Now, recorder);

        Assert.Equal(200, bid.FilledQuantity);
        Assert.Equal(300, bid.RemainingQuantity);
        Assert.Equal(5000, book.BestBid);
        Assert.Null(book.BestAsk);
    }

    [Fact]
    public void Amend_TotalNotAboveFilled_IsRejected()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("m", BookSide.Ask, 5000, 2), Now, recorder);
        var bid = Order("a", BookSide.Bid, 5000, 5);
        book.Submit(bid, Now, recorder);

        Assert.Equal(OrderRejectReason.InvalidOrderSize, book.Amend(bid, 5000, 200, Now, recorder));
    }

    [Fact]
    public void Decrease_KeepsQueuePositionAndZeroCancels()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        var first = Order("a", BookSide.Ask, 5500, 5);
        var second = Order("b", BookSide.Ask, 5500, 5);
        book.Submit(first, Now, recorder);
        book.Submit(second, Now, recorder);
        book.Decrease(first, 100, Now, recorder);

        Assert.Equal(0, book.QueuePosition(first));
        Assert.Equal(600, book.BestAskSize);
        book.Decrease(first, 0, Now, recorder);
        Assert.Equal(OrderStatus.Canceled, first.Status);
        Assert.Equal(500, book.BestAskSize);
    }

    [Fact]
    public void Cancel_LastOrderAtBest_MovesBestToNextLevel()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        var top = Order("a", BookSide.Bid, 4800, 1);
        book.Submit(top, Now, recorder);
        book.Submit(Order("b", BookSide.Bid, 4600, 1), Now, recorder);
        book.Cancel(top, CancelReason.UserRequested, Now, recorder);

        Assert.Equal(4600, book.BestBid);
        Assert.Contains((BookSide.Bid, 4800, -100L), recorder.Levels);
    }

    [Fact]
    public void TakerFee_HundredContractsAtFiftyCents_IsOneDollarSeventyFive()
    {
        // 0.07 x 100 x 0.50 x 0.50 = 1.75 exactly.
        Assert.Equal(1_750_000, FeeModel.General.TakerFee(5000, 100 * 100));
        Assert.Equal(0, FeeModel.General.MakerFee(5000, 100 * 100));
    }

    [Fact]
    public void TakerFee_OneContractAtTwentyFiveCents_RoundsUpToTheTenThousandth()
    {
        // 0.07 x 1 x 0.25 x 0.75 = 0.013125 -> $0.0132 (2026 rounding, PROTOCOL.md section 9 table).
        Assert.Equal(13_200, FeeModel.General.TakerFee(2500, 100));
    }

    [Fact]
    public void MakerFee_OnMakerFeeSeries_IsAQuarterOfTheTakerCoefficient()
    {
        var model = FeeModel.ForSeries(FeeType.QuadraticWithMakerFees, 1m);

        // 0.0175 x 100 x 0.5 x 0.5 = 0.4375 -> $0.4375.
        Assert.Equal(437_500, model.MakerFee(5000, 100 * 100));
    }

    [Fact]
    public void Match_ChargesTakerFeeOnEveryFill()
    {
        var book = new OrderBook("KXTEST-1", FeeModel.General);
        var recorder = new Recorder();
        book.Submit(Order("m", BookSide.Ask, 3000, 10), Now, recorder);
        var taker = Order("t", BookSide.Bid, 3000, 10);
        book.Submit(taker, Now, recorder);

        // 0.07 x 10 x 0.3 x 0.7 = 0.147 -> $0.1470.
        Assert.Equal(147_000, taker.TakerFees);
        Assert.Equal(3_000_000, taker.TakerFillCost);
    }

    private sealed class Recorder : IMatchListener
    {
        public List<BookTrade> Trades { get; } = [];

        public List<(BookSide Side, int Price, long Delta)> Levels { get; } = [];

        public void OnTrade(in BookTrade trade) => Trades.Add(trade);

        public void OnLevelChanged(BookSide side, int price, long delta) => Levels.Add((side, price, delta));

        public void OnOrderChanged(SimOrder order)
        {
        }
    }
}

public sealed class MatchingWorkloadTests
{
    [Fact]
    public void Run_SameSeed_TradesTheSameEveryTime()
    {
        var workload = MatchingWorkload.Create(20_000, seed: 5);
        var first = workload.Run();

        Assert.True(first > 0);
        Assert.Equal(first, workload.Run());
        Assert.NotEqual(first, MatchingWorkload.Create(20_000, seed: 6).Run());
    }
}
