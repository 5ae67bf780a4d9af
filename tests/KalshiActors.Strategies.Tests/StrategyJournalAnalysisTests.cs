using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Reports;
using TradeAction = KalshiActors.Domain.Action;

namespace KalshiActors.Strategies.Tests;

public sealed class StrategyJournalAnalysisTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Report_SettledAndFlatPositions_PnlHitRateAndEdges_ByHand()
    {
        // Strategy s: buys 10 YES of A @ 0.40 (fee 0.17, claimed edge 0.05), A settles YES:  -4.00 - 0.17 + 10.00 = +5.83.
        //             buys 5 NO of B @ 0.30 (fee 0.08, claimed edge 0.03), sells them @ 0.25 (fee 0.07): -1.50 - 0.08 + 1.25 - 0.07 = -0.40.
        //             buys 2 YES of C @ 0.50 (fee 0.04), unsettled: open, not in the P&L.
        // P&L 5.43; hits 1 of 2 closed; fees 0.36; edge at entry over every filled entry (0.05 x 10 + 0.03 x 5 + 0.05 x 2) / 17 = 0.0441 (rounded down);
        // realised 5.43 / 15 contracts bought in closed positions = 0.3620. Signals: 4 (3 entries, 1 exit).
        var analysis = new StrategyJournalAnalysis();
        var (a, b, c) = (new MarketTicker("A"), new MarketTicker("B"), new MarketTicker("C"));
        Entry(analysis, "s", a, Side.Yes, 1, 0.4, Money.FromCents(5), 40, 10, Money.FromCents(17));
        Entry(analysis, "s", b, Side.No, 2, 0.7, Money.FromCents(3), 30, 5, Money.FromCents(8));
        Entry(analysis, "s", c, Side.Yes, 3, 0.6, Money.FromCents(5), 50, 2, Money.FromCents(4));
        analysis.Add(Signal("s", b, Side.No, TradeAction.Sell, 4, 0.3, Money.Zero));
        analysis.Add(Fill("s", b, Side.No, TradeAction.Sell, "o-4", 25, 5, Money.FromCents(7)));
        analysis.Add(new MarketSettled(a, Price.One, false, At));

        var line = Assert.Single(analysis.Report());
        Assert.Equal(("s", 4L, 4L, Quantity.FromContracts(22)), (line.StrategyId, line.Signals, line.Fills, line.ContractsFilled));
        Assert.Equal((2, 1, 1), (line.ClosedPositions, line.Hits, line.OpenPositions));
        Assert.Equal(0.5, line.HitRate);
        Assert.Equal(Money.FromUnits(54_300), line.PnlAfterFees);
        Assert.Equal(Money.FromCents(36), line.FeesPaid);
        Assert.Equal(Money.FromUnits(441), line.AverageEdgeAtEntry);
        Assert.Equal(Money.FromUnits(3_620), line.RealisedEdge);

        // Calibration samples of s: only A settled: P(YES) 0.4, settled YES.
        var table = analysis.Calibration("s", 10, 5);
        Assert.Equal(1, table.Samples);
        Assert.Equal((1, 1), (table.Bins()[4].Samples, table.Bins()[4].YesOutcomes));
    }

    [Fact]
    public void Report_Since_DropsEarlierSignalsAndFills()
    {
        var analysis = new StrategyJournalAnalysis(At.AddMinutes(1));
        Entry(analysis, "s", new MarketTicker("A"), Side.Yes, 1, 0.4, Money.FromCents(5), 40, 10, Money.FromCents(17));
        Assert.Empty(analysis.Report());
    }

    private static void Entry(StrategyJournalAnalysis analysis, string strategy, MarketTicker ticker, Side side, long number, double p, Money edge, int cents, int contracts, Money fee)
    {
        var signal = Signal(strategy, ticker, side, TradeAction.Buy, number, p, edge);
        analysis.Add(signal);
        var order = signal.IntentId!.Value.ToClientOrderId();
        analysis.Add(new OrderSubmitted(order, signal.IntentId.Value, strategy, ticker, new EventTicker("E"), side, TradeAction.Buy, Price.FromCents(cents),
            Quantity.FromContracts(contracts), ExecutionStyle.ImmediateOrCancel, false, false, At));
        analysis.Add(Fill(strategy, ticker, side, TradeAction.Buy, order.Value, cents, contracts, fee));
    }

    private static SignalRaised Signal(string strategy, MarketTicker ticker, Side side, TradeAction action, long number, double p, Money edge) =>
        new(strategy, number, ticker, side, action, p, Price.FromCents(40), edge, new SizingRationale(0, 0, 1, Money.Zero, Quantity.Zero, "x"),
            IntentId.For(strategy, ticker, number), At);

    private static OrderFilled Fill(string strategy, MarketTicker ticker, Side side, TradeAction action, string order, int cents, int contracts, Money fee) =>
        new(new ClientOrderId(order), new OrderId("x-" + order), ticker, "t-" + order, strategy, side, action, Price.FromCents(cents), Quantity.FromContracts(contracts),
            fee, true, Quantity.FromContracts(contracts), At);
}
