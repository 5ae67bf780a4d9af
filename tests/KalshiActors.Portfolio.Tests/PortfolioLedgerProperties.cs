using FsCheck;
using FsCheck.Fluent;
using KalshiActors.Domain;
using KalshiActors.Portfolio.Ledger;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Portfolio.Tests;

/// <summary>Conservation properties of the ledger over random fill and settlement sequences.</summary>
public sealed class PortfolioLedgerProperties
{
    private static readonly MarketTicker[] Tickers = [new("P-1"), new("P-2"), new("P-3")];

    private static readonly Gen<LedgerFill> Fills =
        from ticker in Gen.Elements(Tickers)
        from side in Gen.Elements(Side.Yes, Side.No)
        from action in Gen.Elements(Action.Buy, Action.Sell)
        from price in Gen.Choose(0, 10_000)
        from count in Gen.Choose(1, 100_000)
        from fee in Gen.Choose(0, 500)
        select new LedgerFill(ticker, side, action, Price.FromUnits(price), Quantity.FromUnits(count), Money.FromUnits(fee));

    [Fact]
    public void Cash_plus_cost_always_equals_deposits_plus_realized_minus_fees()
    {
        Prop.ForAll(Arb.From(Gen.ListOf(Fills)), fills =>
        {
            var ledger = new PortfolioLedger();
            ledger.Deposit(1_000_000_000);
            foreach (var fill in fills)
            {
                ledger.ApplyFill(fill);
                if (ledger.CashMicros + ledger.Positions.Sum(p => p.CostMicros) != ledger.DepositsMicros + ledger.RealizedMicros - ledger.FeesMicros
                    || ledger.Positions.Any(p => p.Contracts.Units < 0 || (p.Contracts.IsZero && p.CostMicros != 0)))
                {
                    return false;
                }
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void Equity_kept_incrementally_equals_a_full_recount_through_fills_marks_and_settlements()
    {
        var step = Gen.OneOf(
            Fills.Select(f => (object)f),
            from ticker in Gen.Elements(Tickers)
            from yes in Gen.Choose(-1, 10_000)
            from no in Gen.Choose(-1, 10_000)
            select (object)(ticker, yes, no),
            from ticker in Gen.Elements(Tickers)
            from value in Gen.Choose(0, 10_000)
            select (object)(ticker, value));
        Prop.ForAll(Arb.From(Gen.ListOf(step)), steps =>
        {
            var ledger = new PortfolioLedger();
            ledger.Deposit(1_000_000_000);
            foreach (var s in steps)
            {
                switch (s)
                {
                    case LedgerFill fill:
                        ledger.ApplyFill(fill);
                        break;
                    case ValueTuple<MarketTicker, int, int> marks:
                        ledger.UpdateMarks(marks.Item1, marks.Item2 < 0 ? null : Price.FromUnits(marks.Item2), marks.Item3 < 0 ? null : Price.FromUnits(marks.Item3));
                        break;
                    case ValueTuple<MarketTicker, int> settle:
                        ledger.ApplySettlement(settle.Item1, Price.FromUnits(settle.Item2));
                        break;
                }

                var positions = ledger.Positions;
                if (ledger.EquityMicros != ledger.CashMicros + positions.Sum(p => p.ValueMicros)
                    || ledger.UnrealizedMicros != positions.Sum(p => p.UnrealizedMicros))
                {
                    return false;
                }
            }

            var restored = PortfolioLedger.FromState(ledger.ToState());
            return restored.EquityMicros == restored.CashMicros + restored.Positions.Sum(p => p.CostMicros);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void After_every_market_settles_equity_is_cash_and_pnl_is_the_cash_gained()
    {
        var scenario = from fills in Gen.ListOf(Fills)
                       from value in Gen.Choose(0, 10_000)
                       select (fills, value);
        Prop.ForAll(Arb.From(scenario), s =>
        {
            var ledger = new PortfolioLedger();
            ledger.Deposit(500_000_000);
            foreach (var fill in s.fills)
            {
                ledger.ApplyFill(fill);
            }

            foreach (var ticker in Tickers)
            {
                ledger.ApplySettlement(ticker, Price.FromUnits(s.value));
            }

            return ledger.Positions.Count == 0
                   && ledger.EquityMicros == ledger.CashMicros
                   && ledger.CashMicros - ledger.DepositsMicros == ledger.RealizedMicros - ledger.FeesMicros;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void A_YES_and_NO_pair_is_worth_one_dollar_whatever_the_outcome()
    {
        var pair = from price in Gen.Choose(0, 10_000)
                   from other in Gen.Choose(0, 10_000)
                   from count in Gen.Choose(1, 10_000)
                   from value in Gen.Choose(0, 10_000)
                   select (price, other, count, value);
        Prop.ForAll(Arb.From(pair), p =>
        {
            var ledger = new PortfolioLedger();
            var q = Quantity.FromUnits(p.count);
            ledger.ApplyFill(new LedgerFill(Tickers[0], Side.Yes, Action.Buy, Price.FromUnits(p.price), q, Money.Zero));
            ledger.ApplyFill(new LedgerFill(Tickers[0], Side.No, Action.Buy, Price.FromUnits(p.other), q, Money.Zero));

            // Netted at once: flat, and cash is count x (1 - yes price - no price) whatever settles later.
            var flat = ledger.PositionOf(Tickers[0])!.Contracts.IsZero;
            var expected = (long)p.count * (10_000 - p.price - p.other);
            ledger.ApplySettlement(Tickers[0], Price.FromUnits(p.value));
            return flat && ledger.CashMicros == expected && ledger.RealizedMicros == expected;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }
}
