using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Risk.Tests;

/// <summary>The worst-case arithmetic, by hand-checked examples.</summary>
public sealed class ExposureBookTests
{
    private static readonly EventTicker Event = new("KXEVENT");
    private static readonly MarketTicker A = new("KXEVENT-A");
    private static readonly MarketTicker B = new("KXEVENT-B");
    private static readonly MarketTicker C = new("KXEVENT-C");

    private static ExposureLeg Leg(MarketTicker ticker, Side side, long contracts, long costCents) =>
        new(ticker, Event, side, Quantity.FromContracts(contracts), Money.FromCents(costCents));

    [Fact]
    public void MarketWorstCase_BothLegs_IsTheWorseOutcome()
    {
        // 10 YES for $4 and 5 NO for $3: YES wins → +10 − 7 = +3; NO wins → +5 − 7 = −2.
        var worst = ExposureBook.MarketWorstCase([Leg(A, Side.Yes, 10, 400), Leg(A, Side.No, 5, 300)]);

        Assert.Equal(Money.FromCents(200), worst);
    }

    [Fact]
    public void MarketWorstCase_FullyHedged_IsZero()
    {
        var worst = ExposureBook.MarketWorstCase([Leg(A, Side.Yes, 10, 400), Leg(A, Side.No, 10, 500)]);

        Assert.Equal(Money.FromCents(0), worst);
    }

    [Fact]
    public void EventWorstCase_MutuallyExclusiveYesLegs_IsEverythingWhenNoneOfOursWins()
    {
        var legs = new[] { Leg(A, Side.Yes, 10, 300), Leg(B, Side.Yes, 10, 300) };

        Assert.Equal(Money.FromCents(600), ExposureBook.EventWorstCase(legs, mutuallyExclusive: true));
    }

    [Fact]
    public void EventWorstCase_MutuallyExclusiveNoLegs_IsTheWorstSingleWinner()
    {
        // NO on A ($6 for 10) and NO on B ($7 for 10): A wins → B's NO pays 10 − 13 = −3; B wins → −3; none → +7.
        var legs = new[] { Leg(A, Side.No, 10, 600), Leg(B, Side.No, 10, 700), Leg(C, Side.Yes, 0, 0) };

        Assert.Equal(Money.FromCents(300), ExposureBook.EventWorstCase(legs, mutuallyExclusive: true));
        Assert.Equal(Money.FromCents(1300), ExposureBook.EventWorstCase(legs, mutuallyExclusive: false));
    }

    [Fact]
    public void LegOf_SellingHeldContracts_AddsNoExposure()
    {
        var leg = ExposureBook.LegOf(A, Event, Side.Yes, Action.Sell, Price.FromCents(40), Quantity.FromContracts(10), ExecutionStyle.Maker,
            SeriesFeeParameters.General, held: Quantity.FromContracts(10));

        Assert.Null(leg);
    }

    [Fact]
    public void LegOf_SellingMoreThanHeld_BuysTheOtherLegAtTheComplement()
    {
        var leg = ExposureBook.LegOf(A, Event, Side.Yes, Action.Sell, Price.FromCents(40), Quantity.FromContracts(10), ExecutionStyle.Maker,
            SeriesFeeParameters.General, held: Quantity.FromContracts(4));

        Assert.NotNull(leg);
        Assert.Equal(Side.No, leg.Value.Side);
        Assert.Equal(Quantity.FromContracts(6), leg.Value.Contracts);
        Assert.Equal(Money.FromCents(360), leg.Value.Cost);
    }

    [Fact]
    public void LegOf_TakerBuy_IncludesTheFeeRoundedUpToTheCent()
    {
        // 0.07 × 10 × 0.40 × 0.60 = 0.168 → 0.17.
        var leg = ExposureBook.LegOf(A, Event, Side.Yes, Action.Buy, Price.FromCents(40), Quantity.FromContracts(10), ExecutionStyle.ImmediateOrCancel,
            SeriesFeeParameters.General, held: Quantity.Zero);

        Assert.Equal(Money.FromCents(417), leg!.Value.Cost);
    }

    [Fact]
    public void Notional_FractionalContractsAtSubCentPrice_RoundsUp()
    {
        // 0.1234 × 0.01 contracts = 0.001234 → 0.0013.
        Assert.Equal(Money.FromUnits(13), ExposureBook.Notional(Price.FromUnits(1234), Quantity.FromUnits(1)));
    }

    [Fact]
    public void Limit_FractionOfEquity_RoundsDown()
    {
        Assert.Equal(Money.FromUnits(3_333), ExposureBook.Limit(Money.FromUnits(33_335), 0.1m));
        Assert.Equal(Money.Zero, ExposureBook.Limit(Money.FromDollars(-5), 0.1m));
    }
}
