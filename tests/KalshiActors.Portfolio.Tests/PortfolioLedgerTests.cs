using KalshiActors.Domain;
using KalshiActors.Portfolio.Ledger;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Portfolio.Tests;

/// <summary>The ledger's maths against hand calculations (figures in the comments are worked by hand).</summary>
public sealed class PortfolioLedgerTests
{
    private static readonly MarketTicker A = new("MKT-A");
    private static readonly MarketTicker B = new("MKT-B");

    private static long Dollars(string text) => FixedPoint.Parse(text, 6, "test", "dollars");

    private static LedgerFill Fill(MarketTicker ticker, Side side, Action action, string price, string count, string fee = "0") =>
        new(ticker, side, action, Price.ParseDollars(price), Quantity.Parse(count), Money.ParseDollars(fee));

    private static void AssertConserved(PortfolioLedger ledger) =>
        Assert.Equal(ledger.DepositsMicros + ledger.RealizedMicros - ledger.FeesMicros, ledger.CashMicros + ledger.Positions.Sum(p => p.CostMicros));

    [Fact]
    public void Scripted_scenario_matches_the_hand_calculation()
    {
        var ledger = new PortfolioLedger();
        ledger.Deposit(Dollars("1000"));

        // Buy 10 YES @ 0.40, fee 0.17: cash 1000 - 4.00 - 0.17.
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Buy, "0.40", "10", "0.17"));
        Assert.Equal(Dollars("995.83"), ledger.CashMicros);

        // Buy 10 YES @ 0.50, fee 0.18: 20 YES costing 9.00 (average 0.45).
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Buy, "0.50", "10", "0.18"));
        Assert.Equal(Dollars("990.65"), ledger.CashMicros);
        Assert.Equal(Dollars("9.00"), ledger.PositionOf(A)!.CostMicros);

        // Sell 5 YES @ 0.60, fee 0.11: 5 x (0.60 - 0.45) = 0.75 realized; 15 left costing 6.75.
        var sell = ledger.ApplyFill(Fill(A, Side.Yes, Action.Sell, "0.60", "5", "0.11"));
        Assert.Equal(Dollars("0.75"), sell.RealizedMicros);
        Assert.Equal(Quantity.Parse("5"), sell.Closed);
        Assert.Equal(Dollars("993.54"), ledger.CashMicros);
        Assert.Equal(Dollars("6.75"), ledger.PositionOf(A)!.CostMicros);

        // Buy 5 NO @ 0.30 while long YES, fee 0.08: closes 5 YES pairs paying 1 - 0.30 each: 5 x (0.70 - 0.45) = 1.25.
        var no = ledger.ApplyFill(Fill(A, Side.No, Action.Buy, "0.30", "5", "0.08"));
        Assert.Equal(Dollars("1.25"), no.RealizedMicros);
        Assert.Equal(Side.Yes, no.HeldSide);
        Assert.Equal(Quantity.Parse("10"), no.HeldAfter);
        Assert.Equal(Dollars("996.96"), ledger.CashMicros);

        // Buy 15 NO @ 0.35, fee 0.16: closes the 10 YES (10 x (0.65 - 0.45) = 2.00) and opens 5 NO costing 1.75.
        var flip = ledger.ApplyFill(Fill(A, Side.No, Action.Buy, "0.35", "15", "0.16"));
        Assert.Equal(Dollars("2.00"), flip.RealizedMicros);
        var position = ledger.PositionOf(A)!;
        Assert.Equal(Side.No, position.Side);
        Assert.Equal(Quantity.Parse("5"), position.Contracts);
        Assert.Equal(Dollars("1.75"), position.CostMicros);
        Assert.Equal(Dollars("1001.55"), ledger.CashMicros);
        Assert.Equal(Dollars("4.00"), ledger.RealizedMicros);
        Assert.Equal(Dollars("0.70"), ledger.FeesMicros);
        Assert.Equal(Quantity.Parse("-5"), ledger.SignedPositionOf(A));
        AssertConserved(ledger);

        // Settles YES: the 5 NO pay nothing, realizing -1.75.
        var settled = ledger.ApplySettlement(A, Price.One);
        Assert.Equal(0, settled.PayoutMicros);
        Assert.Equal(Dollars("-1.75"), settled.RealizedMicros);
        Assert.Null(ledger.PositionOf(A));
        Assert.Equal(Dollars("1001.55"), ledger.CashMicros);
        Assert.Equal(Dollars("2.25"), ledger.RealizedMicros);
        Assert.Equal(ledger.CashMicros, ledger.EquityMicros);
        AssertConserved(ledger);
    }

    [Fact]
    public void Selling_a_leg_not_held_opens_the_other_leg_at_the_complement()
    {
        var ledger = new PortfolioLedger();

        // Sell 4 YES @ 0.70 from flat = buy 4 NO @ 0.30.
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Sell, "0.70", "4"));
        var position = ledger.PositionOf(A)!;
        Assert.Equal(Side.No, position.Side);
        Assert.Equal(Quantity.Parse("4"), position.Contracts);
        Assert.Equal(Dollars("1.20"), position.CostMicros);
        Assert.Equal(Dollars("-1.20"), ledger.CashMicros);

        // Sell 4 NO @ 0.10 closes them: 4 x (0.10 - 0.30) = -0.80.
        var close = ledger.ApplyFill(Fill(A, Side.No, Action.Sell, "0.10", "4"));
        Assert.Equal(Dollars("-0.80"), close.RealizedMicros);
        Assert.True(ledger.PositionOf(A)!.Contracts.IsZero);
        Assert.Equal(Dollars("-0.80"), ledger.CashMicros);
    }

    [Fact]
    public void Settlement_NO_pays_the_NO_holder_and_early_scalar_settlement_pays_the_value()
    {
        var ledger = new PortfolioLedger();
        ledger.Deposit(Dollars("100"));
        ledger.ApplyFill(Fill(A, Side.No, Action.Buy, "0.20", "4", "0.05"));
        ledger.ApplyFill(Fill(B, Side.Yes, Action.Buy, "0.50", "2"));

        // A settles NO (YES pays 0): 4 NO pay 4.00, realizing 4.00 - 0.80 = 3.20.
        var a = ledger.ApplySettlement(A, Price.Zero);
        Assert.Equal(Dollars("4.00"), a.PayoutMicros);
        Assert.Equal(Dollars("3.20"), a.RealizedMicros);

        // B settles early at 0.65 per YES: 2 YES pay 1.30, realizing 0.30.
        var b = ledger.ApplySettlement(B, Price.ParseDollars("0.65"));
        Assert.Equal(Dollars("1.30"), b.PayoutMicros);
        Assert.Equal(Dollars("0.30"), b.RealizedMicros);

        // 100 - 0.80 - 0.05 - 1.00 + 4.00 + 1.30
        Assert.Equal(Dollars("103.45"), ledger.CashMicros);
        Assert.Equal(Dollars("3.50"), ledger.RealizedMicros);
        Assert.Empty(ledger.Positions);
        AssertConserved(ledger);
    }

    [Fact]
    public void Fractional_fills_are_booked_to_the_micro_dollar_and_views_round_half_away_from_zero()
    {
        var ledger = new PortfolioLedger();
        ledger.Deposit(Dollars("10"));

        // 2.50 contracts @ 0.3333 = 0.83325, below Money's $0.0001 unit.
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Buy, "0.3333", "2.50"));
        Assert.Equal(Dollars("9.16675"), ledger.CashMicros);
        Assert.Equal(Money.ParseDollars("9.1668"), MicroDollars.ToMoney(ledger.CashMicros));
        Assert.Equal(Money.ParseDollars("-9.1668"), MicroDollars.ToMoney(-ledger.CashMicros));
        Assert.Equal(Money.ParseDollars("0.8332"), MicroDollars.ToMoney(Dollars("0.833249")));
        Assert.Equal("9.166750", MicroDollars.Format(ledger.CashMicros));
    }

    [Fact]
    public void Partial_closes_remove_cost_proportionally_and_the_last_close_removes_the_rest()
    {
        var ledger = new PortfolioLedger();

        // 0.01 @ 0.0004 (4 micro-dollars) + 0.02 @ 0.0003 (6): 3 units costing 10 micro-dollars.
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Buy, "0.0004", "0.01"));
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Buy, "0.0003", "0.02"));
        Assert.Equal(10, ledger.PositionOf(A)!.CostMicros);

        // 10 x 1/3 = 3.33 -> 3; then 7 x 1/2 = 3.5 -> 4 (half away from zero); then the last 3.
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Sell, "0", "0.01"));
        Assert.Equal(7, ledger.PositionOf(A)!.CostMicros);
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Sell, "0", "0.01"));
        Assert.Equal(3, ledger.PositionOf(A)!.CostMicros);
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Sell, "0", "0.01"));
        Assert.Equal(0, ledger.PositionOf(A)!.CostMicros);
        Assert.Equal(-10, ledger.RealizedMicros);
        AssertConserved(ledger);
    }

    [Fact]
    public void Marks_value_the_held_leg_by_best_bid_or_mid()
    {
        var ledger = new PortfolioLedger();
        ledger.Deposit(Dollars("100"));
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Buy, "0.40", "10"));
        ledger.ApplyFill(Fill(B, Side.No, Action.Buy, "0.50", "10"));

        // Unmarked positions are valued at cost.
        Assert.Equal(Dollars("100"), ledger.EquityMicros);

        // A: YES bid 0.45, YES ask 0.48 (NO bid 0.52), mid 0.465.
        var bid = PortfolioLedger.MarksFrom(MarkMethod.BestBid, Price.ParseDollars("0.45"), Price.ParseDollars("0.52"), Price.ParseDollars("0.465"));
        Assert.True(ledger.UpdateMarks(A, bid.Yes, bid.No));
        Assert.Equal(Dollars("0.50"), ledger.PositionOf(A)!.UnrealizedMicros);

        var mid = PortfolioLedger.MarksFrom(MarkMethod.Mid, Price.ParseDollars("0.45"), Price.ParseDollars("0.52"), Price.ParseDollars("0.465"));
        ledger.UpdateMarks(A, mid.Yes, mid.No);
        Assert.Equal(Dollars("0.65"), ledger.PositionOf(A)!.UnrealizedMicros);

        // B is NO: marked by the NO bid (0.46): 10 x (0.46 - 0.50) = -0.40.
        Assert.True(ledger.UpdateMarks(B, Price.ParseDollars("0.53"), Price.ParseDollars("0.46")));
        Assert.Equal(Dollars("-0.40"), ledger.PositionOf(B)!.UnrealizedMicros);
        Assert.Equal(Dollars("0.25"), ledger.UnrealizedMicros);
        Assert.Equal(Dollars("100.25"), ledger.EquityMicros);

        // A YES-only change does not move the NO position.
        Assert.False(ledger.UpdateMarks(B, Price.ParseDollars("0.60"), null));
    }

    [Fact]
    public void Daily_pnl_counts_from_the_day_opening_equity_and_rolls()
    {
        var ledger = new PortfolioLedger();
        ledger.Deposit(Dollars("100"));
        Assert.Equal(0, ledger.DailyPnlMicros);
        ledger.StartDay(new DateOnly(2026, 12, 3), ledger.EquityMicros, ledger.DepositsMicros);
        ledger.ApplyFill(Fill(A, Side.Yes, Action.Buy, "0.40", "10", "0.20"));
        ledger.UpdateMarks(A, Price.ParseDollars("0.50"), null);

        // +1.00 marked, -0.20 fee.
        Assert.Equal(Dollars("0.80"), ledger.DailyPnlMicros);
        Assert.True(ledger.ObservePeak());
        Assert.Equal(Dollars("100.80"), ledger.PeakEquityMicros);

        ledger.StartDay(new DateOnly(2026, 12, 4), ledger.EquityMicros, ledger.DepositsMicros);
        Assert.Equal(0, ledger.DailyPnlMicros);
        ledger.UpdateMarks(A, Price.ParseDollars("0.30"), null);
        Assert.Equal(Dollars("-2.00"), ledger.DailyPnlMicros);
        Assert.False(ledger.ObservePeak());
        Assert.Equal(Dollars("100.80"), ledger.PeakEquityMicros);
    }

    [Fact]
    public void State_round_trips_without_marks()
    {
        var ledger = new PortfolioLedger();
        ledger.Deposit(Dollars("50"));
        ledger.ApplyFill(Fill(A, Side.No, Action.Buy, "0.25", "3.5", "0.01"));
        ledger.StartDay(new DateOnly(2026, 12, 4), Dollars("50"), Dollars("50"));
        var restored = PortfolioLedger.FromState(ledger.ToState());
        Assert.Equal(ledger.ToState().Positions, restored.ToState().Positions);
        Assert.Equal(ledger.ToState() with { Positions = [] }, restored.ToState() with { Positions = [] });
        Assert.Equal(PortfolioDigest.Canonical(ledger), PortfolioDigest.Canonical(restored));
    }

    [Fact]
    public void Bad_fills_are_refused_with_a_clear_error()
    {
        var ledger = new PortfolioLedger();
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.ApplyFill(Fill(A, Side.Yes, Action.Buy, "0.40", "0")));
        Assert.Throws<ArgumentOutOfRangeException>(() => ledger.ApplyFill(Fill(A, Side.Yes, Action.Buy, "0.40", "1", "-0.01")));
        Assert.Empty(ledger.Positions);
    }
}
