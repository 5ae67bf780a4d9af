using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Sizing;

namespace KalshiActors.Strategies.Tests;

// Expected values were computed by hand (with Python's math.erfc for Φ) and are quoted to the digits shown.
public sealed class ModelMathTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.96, 0.024997895148220435)]
    [InlineData(2.0, 0.9772498680518208)]
    [InlineData(-0.25, 0.4012936743170763)]
    [InlineData(8.5, 1.0)]
    [InlineData(-40.0, 0.0)]
    public void NormalCdf_KnownPoints_MatchToTwelveDigits(double x, double expected) =>
        Assert.Equal(expected, NormalDistribution.Cdf(x), 12);

    [Fact]
    public void ProbabilityAbove_AtTheMoneyOneYear_IsPhiOfMinusHalfSigma()
    {
        // d2 = (ln 1 − 0.5²/2) / 0.5 = −0.25.
        Assert.Equal(0.4012936743170763, DigitalOption.ProbabilityAbove(100, 100, 0.5, 1), 12);
    }

    [Fact]
    public void ProbabilityAbove_InTheMoneyQuarter_MatchesHandComputedD2()
    {
        // d2 = (ln 1.05 − 0.005) / 0.1 = 0.4379016.
        Assert.Equal(0.6692712072570187, DigitalOption.ProbabilityAbove(105, 100, 0.2, 0.25), 10);
    }

    [Fact]
    public void ProbabilityAbove_TenMinutesOfAFifteenMinuteWindow_MatchesHandComputedValue()
    {
        var years = DigitalOption.YearsBetween(T0, T0.AddMinutes(10));
        Assert.Equal(0.6762927949383807, DigitalOption.ProbabilityAbove(100_100, 100_000, 0.5, years), 10);
    }

    [Theory]
    [InlineData(101, 1.0)]
    [InlineData(100, 1.0)]
    [InlineData(99, 0.0)]
    public void ProbabilityAbove_NoTimeLeft_IsTheKnownOutcome(double spot, double expected) =>
        Assert.Equal(expected, DigitalOption.ProbabilityAbove(spot, 100, 0.5, 0));

    [Fact]
    public void ProbabilityOfStrikeMarket_ReadsFloorCapAndRange()
    {
        var above100 = DigitalOption.ProbabilityAbove(100, 100, 0.5, 1);
        var above105 = DigitalOption.ProbabilityAbove(100, 105, 0.5, 1);
        Assert.Equal(above100, DigitalOption.ProbabilityOfStrikeMarket(100, 100m, null, 0.5, 1));
        Assert.Equal(1 - above105, DigitalOption.ProbabilityOfStrikeMarket(100, null, 105m, 0.5, 1));
        Assert.Equal(above100 - above105, DigitalOption.ProbabilityOfStrikeMarket(100, 100m, 105m, 0.5, 1));
        Assert.Null(DigitalOption.ProbabilityOfStrikeMarket(100, null, null, 0.5, 1));
    }

    [Fact]
    public void Ewma_FirstReturn_SeedsTheAnnualisedVariance()
    {
        var ewma = new EwmaVolatility(TimeSpan.FromSeconds(60));
        ewma.Observe(100, T0);
        Assert.Equal(0, ewma.Returns);
        ewma.Observe(101, T0.AddSeconds(60));

        // σ = |ln 1.01| / √(60 s in years).
        Assert.Equal(1, ewma.Returns);
        Assert.Equal(7.2162883719171145, ewma.AnnualVolatility, 9);
    }

    [Fact]
    public void Ewma_SecondReturnHalfAHalfLifeLater_DecaysByTwoToTheMinusHalf()
    {
        var ewma = new EwmaVolatility(TimeSpan.FromSeconds(60));
        ewma.Observe(100, T0);
        ewma.Observe(101, T0.AddSeconds(60));
        ewma.Observe(100, T0.AddSeconds(90));

        // λ = 2^(−30/60) = 0.7071; σ² = λ·s1 + (1 − λ)·s2 with s2 = 2·s1 (same |r| over half the time).
        Assert.Equal(Math.Pow(2, -0.5), ewma.LambdaFor(TimeSpan.FromSeconds(30)), 15);
        Assert.Equal(8.205314064114688, ewma.AnnualVolatility, 9);
        Assert.Equal(2, ewma.Returns);
    }

    [Fact]
    public void Ewma_FixedLambda_WeighsEachReturnTheSameWhateverTheSpacing()
    {
        var ewma = new EwmaVolatility(TimeSpan.FromSeconds(60)) { FixedLambda = 0.94 };
        ewma.Observe(100, T0);
        ewma.Observe(101, T0.AddSeconds(60));
        ewma.Observe(100, T0.AddSeconds(90));

        // σ² = 0.94·s1 + 0.06·s2 with s2 = 2·s1, s1 = 7.2162883719171145²: σ = 7.2163·√1.06 = 7.429585.
        Assert.Equal(7.2162883719171145 * Math.Sqrt(1.06), ewma.AnnualVolatility, 9);
    }

    [Fact]
    public void Ewma_SameTimestamp_DoesNotCountAReturn()
    {
        var ewma = new EwmaVolatility(TimeSpan.FromSeconds(60));
        ewma.Observe(100, T0);
        ewma.Observe(101, T0);
        Assert.Equal(0, ewma.Returns);
        Assert.Equal(101, ewma.LastPrice);
    }

    [Fact]
    public void GameWinProbability_HomeLeadsByThreeWithTheBallTwelveMinutesLeft_MatchesHandComputedValue()
    {
        // μ = 3 + 1 (possession) = 4 points, σ√m = 3.74·√12: Φ(0.3087) = 0.62124.
        var model = new GameWinProbability(3.74, 1.0, 0.0);
        var game = Game(homeScore: 50, awayScore: 47, period: 4, clock: TimeSpan.FromMinutes(12), Possession.Home);
        Assert.Equal(12, GameWinProbability.MinutesLeft(game), 9);
        Assert.Equal(0.6212416590541994, model.HomeWins(game), 10);
    }

    [Fact]
    public void GameWinProbability_CountsPeriodsStillToPlay()
    {
        var model = new GameWinProbability(3.74, 1.0, 0.0);
        var game = Game(homeScore: 50, awayScore: 47, period: 3, clock: TimeSpan.FromMinutes(5), Possession.None);
        Assert.Equal(17, GameWinProbability.MinutesLeft(game), 9);
        Assert.Equal(0.5771263156330889, model.HomeWins(game), 10);
    }

    [Fact]
    public void GameWinProbability_FinalGame_IsDecidedByTheScore()
    {
        var model = new GameWinProbability(3.74, 1.0, 0.0);
        Assert.Equal(1.0, model.HomeWins(Game(80, 79, 4, TimeSpan.Zero, Possession.None) with { Phase = GamePhase.Final }));
        Assert.Equal(0.0, model.HomeWins(Game(79, 80, 4, TimeSpan.Zero, Possession.None) with { Phase = GamePhase.Final }));
        Assert.Equal(0.5, model.HomeWins(Game(80, 80, 4, TimeSpan.Zero, Possession.None)));
    }

    [Fact]
    public void FullKelly_IsEdgeOverNetOdds()
    {
        // k = 0.50 + 0.0175 fee; f* = (0.60 − 0.5175) / (1 − 0.5175).
        Assert.Equal(0.17098445595854925, KellySizer.FullKelly(0.60, 0.5175), 12);
        Assert.Equal(0, KellySizer.FullKelly(0.50, 0.5175));
    }

    [Fact]
    public void Size_QuarterKellyOfOneThousandDollars_RoundsDownToWholeContracts()
    {
        // Stake = 0.170984·0.25·$1000 = $42.746; / $0.5175 = 82.60 contracts → 82 whole.
        var sizing = KellySizer.Size(0.60, Price.FromCents(50), Money.FromUnits(175), Money.FromDollars(1000), 0, Policy(lot: "1", max: "1000"), Quantity.Zero, null);
        Assert.Equal(Quantity.FromContracts(82), sizing.Contracts);
        Assert.Equal(0.17098445595854925, sizing.FullKelly, 12);
        Assert.Equal(1.0, sizing.DrawdownScale);
        Assert.Contains("82.00", sizing.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Size_FractionalLots_KeepHundredths()
    {
        var sizing = KellySizer.Size(0.60, Price.FromCents(50), Money.FromUnits(175), Money.FromDollars(1000), 0, Policy(lot: "0.01", max: "1000"), Quantity.Zero, null);
        Assert.Equal(Quantity.Parse("82.60"), sizing.Contracts);
    }

    [Fact]
    public void Size_InDrawdown_ScalesTheStake()
    {
        // Drawdown 12.5% with the default rule (5% → 20%, down to 0.25): scale 0.625; 82.60 × 0.625 = 51.63 → 51.
        var sizing = KellySizer.Size(0.60, Price.FromCents(50), Money.FromUnits(175), Money.FromDollars(1000), 0.125, Policy(lot: "1", max: "1000"), Quantity.Zero, null);
        Assert.Equal(0.625, sizing.DrawdownScale, 12);
        Assert.Equal(Quantity.FromContracts(51), sizing.Contracts);
    }

    [Fact]
    public void Size_CapsByMaxContractsLessHeldAndByAvailableSize()
    {
        var capped = KellySizer.Size(0.60, Price.FromCents(50), Money.FromUnits(175), Money.FromDollars(1000), 0, Policy(lot: "1", max: "50"), Quantity.FromContracts(20), null);
        Assert.Equal(Quantity.FromContracts(30), capped.Contracts);
        Assert.Contains("max-contracts", capped.Explanation, StringComparison.Ordinal);

        var thin = KellySizer.Size(0.60, Price.FromCents(50), Money.FromUnits(175), Money.FromDollars(1000), 0, Policy(lot: "1", max: "1000"), Quantity.Zero, Quantity.Parse("7.50"));
        Assert.Equal(Quantity.FromContracts(7), thin.Contracts);
        Assert.Contains("capped by the 7.50 available at the price", thin.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.60, 50, 175, 1000, 0.0, "1", "1000", "0", null)]
    [InlineData(0.60, 50, 175, 1000, 0.125, "0.01", "1000", "0", null)]
    [InlineData(0.60, 50, 175, 1000, 0.0, "1", "50", "20", null)]
    [InlineData(0.60, 50, 175, 1000, 0.0, "1", "1000", "0", "7.50")]
    [InlineData(0.51, 50, 175, 1000, 0.0, "1", "1000", "0", null)]
    [InlineData(0.99, 2, 10, 3, 0.3, "1", "5", "5", null)]
    public void Contracts_IsWhatSizeGives_WithoutItsExplanation(double p, int cents, long feeUnits, long bankroll, double drawdown, string lot, string max, string held, string? available)
    {
        var policy = Policy(lot: lot, max: max);
        var availableSize = available is null ? (Quantity?)null : Quantity.Parse(available);
        var sized = KellySizer.Size(p, Price.FromCents(cents), Money.FromUnits(feeUnits), Money.FromDollars(bankroll), drawdown, policy, Quantity.Parse(held), availableSize);
        Assert.Equal(
            sized.Contracts,
            KellySizer.Contracts(p, Price.FromCents(cents), Money.FromUnits(feeUnits), Money.FromDollars(bankroll), drawdown, policy, Quantity.Parse(held), availableSize));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.05, 1.0)]
    [InlineData(0.125, 0.625)]
    [InlineData(0.20, 0.25)]
    [InlineData(0.50, 0.25)]
    public void DrawdownRule_ScalesLinearlyBetweenStartAndFull(double drawdown, double expected) =>
        Assert.Equal(expected, DrawdownRule.Default.Scale(drawdown), 12);

    [Fact]
    public void DrawdownRule_Validate_RejectsFullBelowStart() =>
        Assert.NotNull(new DrawdownRule(0.2, 0.1, 0.5).Validate());

    [Theory]
    [InlineData(1, 59, false)]
    [InlineData(2, 0, true)]
    [InlineData(11, 59, true)]
    [InlineData(12, 0, false)]
    [InlineData(14, 0, false)]
    public void TradingWindow_FromMinuteTwoToTwelve(int minute, int second, bool expected)
    {
        var window = new TradingWindow(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(12));
        var close = T0.AddMinutes(15);
        var now = T0.AddMinutes(minute).AddSeconds(second);
        Assert.Equal(expected, window.Contains(T0, close, now));
        Assert.Equal(expected, window.Contains(null, close, now));
    }

    [Fact]
    public void SideEdge_Taker_PicksYesWhenTheModelIsAboveTheAsk()
    {
        // YES ask 0.45: fee = ⌈0.07·0.45·0.55⌉ = $0.0174; edge = 0.6000 − 0.4500 − 0.0174 = $0.1326.
        var quote = SideEdge.Best(0.60, Top(), taker: true, SeriesFeeParameters.General, TickStructure.LinearCent, Money.FromCents(3));
        Assert.NotNull(quote);
        Assert.Equal(Side.Yes, quote.Side);
        Assert.Equal(Price.FromCents(45), quote.Price);
        Assert.Equal(Money.FromUnits(174), quote.FeePerContract);
        Assert.Equal(Money.FromUnits(1326), quote.Edge);
        Assert.Equal(Quantity.FromContracts(20), quote.Available);
    }

    [Fact]
    public void SideEdge_Taker_PicksNoWhenTheModelIsBelowTheBid()
    {
        // NO ask = 1 − YES bid 0.40 = 0.60, fee ⌈0.07·0.6·0.4⌉ = $0.0168; edge = 0.70 − 0.60 − 0.0168 = $0.0832.
        var quote = SideEdge.Best(0.30, Top(), taker: true, SeriesFeeParameters.General, TickStructure.LinearCent, Money.FromCents(3));
        Assert.NotNull(quote);
        Assert.Equal(Side.No, quote.Side);
        Assert.Equal(Price.FromCents(60), quote.Price);
        Assert.Equal(Money.FromUnits(832), quote.Edge);
        Assert.Equal(Quantity.FromContracts(10), quote.Available);
    }

    [Fact]
    public void SideEdge_BelowMinimumEdge_IsNoTrade() =>
        Assert.Null(SideEdge.Best(0.47, Top(), taker: true, SeriesFeeParameters.General, TickStructure.LinearCent, Money.FromCents(3)));

    [Fact]
    public void SideEdge_Maker_ImprovesTheBidByOneTickAndPaysTheMakerFee()
    {
        // Maker-fee series: fee = ⌈0.0175·0.41·0.59⌉ = $0.0043; edge = 0.60 − 0.41 − 0.0043 = $0.1857.
        var fees = new SeriesFeeParameters(FeeType.QuadraticWithMakerFees, SeriesFeeParameters.MultiplierUnitsPerOne);
        var quote = SideEdge.Best(0.60, Top(), taker: false, fees, TickStructure.LinearCent, Money.FromCents(3));
        Assert.NotNull(quote);
        Assert.Equal(Price.FromCents(41), quote.Price);
        Assert.Equal(Money.FromUnits(43), quote.FeePerContract);
        Assert.Equal(Money.FromUnits(1857), quote.Edge);
        Assert.Null(quote.Available);
    }

    [Fact]
    public void MakerPrice_JoinsTheBidWhenTheSpreadIsOneTick() =>
        Assert.Equal(Price.FromCents(40), SideEdge.MakerPrice(Price.FromCents(40), Price.FromCents(41), TickStructure.LinearCent));

    private static BookTop Top() =>
        new(Price.FromCents(40), Quantity.FromContracts(10), Price.FromCents(45), Quantity.FromContracts(20));

    private static SizingPolicy Policy(string lot, string max) =>
        new(0.25, DrawdownRule.Default, Quantity.Parse(lot), Quantity.Parse(max));

    private static GameStateObserved Game(int homeScore, int awayScore, int period, TimeSpan clock, Possession possession) =>
        new("game-state", "G1", new EventTicker("KXSIMNBAGAME-26DEC04SIMTST"), "TST", "SIM", homeScore, awayScore, period, 4, clock,
            TimeSpan.FromMinutes(12), possession, null, GamePhase.InProgress, T0, T0);
}
