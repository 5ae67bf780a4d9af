using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Strategies.Tests;

/// <summary>The maths of the strategy suite against values computed by hand (the computation is in each test's comment).</summary>
public sealed class SuiteModelMathTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void LogisticWinProbability_Basketball_LeadTimePossession_MatchesHandComputation()
    {
        // Home leads 50-47 with 12:00 left of 4 x 12 minutes, home ball, no field position: V = possession-points = 1.
        // L = 3 + 1 + 0 = 4; x = 0.455 * 4 / sqrt(12 + 1) = 1.82 / 3.605551 = 0.504777; P = 1 / (1 + e^-0.504777) = 0.623581.
        var game = Game(50, 47, period: 4, clock: TimeSpan.FromMinutes(12), length: TimeSpan.FromMinutes(12), Possession.Home, yards: null);
        Assert.Equal(4.0, LogisticWinProbability.Default.EffectiveLead(game), 12);
        Assert.Equal(0.6235813273855828, LogisticWinProbability.Default.HomeWins(game), 12);
    }

    [Fact]
    public void LogisticWinProbability_Football_FieldPositionMoves_TheLead()
    {
        // Home trails 17-20 with 5:00 left of 4 x 15, home ball 25 yards from the end zone, k = 0.3:
        // V = 6.0 - 0.066 * 25 = 4.35; L = -3 + 4.35 = 1.35; x = 0.3 * 1.35 / sqrt(5 + 1) = 0.165341; P = 0.541241.
        // Away ball instead: L = -3 - 4.35 = -7.35; x = 0.3 * -7.35 / sqrt(6) = -0.900187; P = 0.289012.
        var model = LogisticWinProbability.Default with { ScoreScale = 0.3 };
        var home = Game(17, 20, period: 4, clock: TimeSpan.FromMinutes(5), length: TimeSpan.FromMinutes(15), Possession.Home, yards: 25);
        Assert.Equal(4.35, model.PossessionValue(home), 12);
        Assert.Equal(0.5412412295128263, model.HomeWins(home), 12);
        Assert.Equal(0.28901197160397646, model.HomeWins(home with { Possession = Possession.Away }), 12);
    }

    [Fact]
    public void LogisticWinProbability_FinalGame_IsDecidedByTheScore()
    {
        var final = Game(90, 91, 4, TimeSpan.Zero, TimeSpan.FromMinutes(12), Possession.None, null) with { Phase = GamePhase.Final };
        Assert.Equal(0, LogisticWinProbability.Default.HomeWins(final));
        Assert.Equal(0.5, LogisticWinProbability.Default.HomeWins(final with { HomeScore = 91 }));
    }

    [Fact]
    public void RollingZScore_WindowOfFive_MatchesHandComputation()
    {
        // Mids 0.50, 0.52, 0.48, 0.50, 0.40: mean 2.40 / 5 = 0.48; squared deviations 0.0004 + 0.0016 + 0 + 0.0004 + 0.0064
        // = 0.0088; sample variance 0.0088 / 4 = 0.0022, sd 0.046904; z of 0.40 = -0.08 / 0.046904 = -1.705606.
        var window = new RollingZScore(5);
        foreach (var mid in new[] { 0.50, 0.52, 0.48, 0.50 })
        {
            window.Add(mid);
            Assert.Null(window.Z(mid, 1e-9));
        }

        window.Add(0.40);
        Assert.Equal(0.48, window.Mean, 12);
        Assert.Equal(0.04690415759823429, window.StdDev, 12);
        Assert.Equal(-1.7056057308448829, window.Z(0.40, 1e-9)!.Value, 9);

        // A sixth value drops the oldest (0.50): window 0.52, 0.48, 0.50, 0.40, 0.50, mean 0.48 again.
        window.Add(0.50);
        Assert.Equal(0.48, window.Mean, 12);
        Assert.Null(window.Z(0.40, 1.0));
    }

    [Fact]
    public void ArbitrageFinder_ExclusiveEvent_AsksBelowADollarAfterFees()
    {
        // YES asks 0.30 / 0.30 / 0.30 with 20 / 15 / 30 resting: 15 sets. Taker fee per leg 0.07 x 15 x 0.3 x 0.7 = 0.2205,
        // rounded up to 0.23. Cost 3 x 4.50 + 3 x 0.23 = 14.19; payout 15.00; profit 0.81 (0.054 per set);
        // return 0.81 / 14.19 = 0.0570825; confidence 1 (fresh books); score 0.0570825 x ln 15 (2.7080502) = 0.1545823.
        var quotes = new[] { Quote("E-A", 30, 20), Quote("E-B", 30, 15), Quote("E-C", 30, 30) };
        var found = ArbitrageFinder.Find(quotes, exclusive: true, Quantity.FromContracts(50), Quantity.FromContracts(1), 1.0, 0.9, TimeSpan.FromSeconds(5), 0.01, Money.FromCents(1));
        var best = Assert.Single(found);
        Assert.Equal(ArbitrageKind.ExclusiveEvent, best.Kind);
        Assert.Equal(Quantity.FromContracts(15), best.Size);
        Assert.All(best.Legs, l => Assert.Equal(Money.FromCents(23), l.Fee));
        Assert.Equal(Money.FromUnits(141_900), best.Cost);
        Assert.Equal(Money.FromUnits(8_100), best.Profit);
        Assert.Equal(Money.FromUnits(540), best.ProfitPerSet);
        Assert.Equal(0.8100 / 14.19, best.Return, 12);
        Assert.Equal(0.8100 / 14.19 * Math.Log(15), best.Score, 12);
    }

    [Fact]
    public void ArbitrageFinder_ExclusiveEvent_SumAboveADollar_IsNoArbitrage()
    {
        // 0.34 x 3 = 1.02 before fees: nothing.
        var quotes = new[] { Quote("E-A", 34, 20), Quote("E-B", 34, 15), Quote("E-C", 34, 30) };
        Assert.Empty(ArbitrageFinder.Find(quotes, true, Quantity.FromContracts(50), Quantity.FromContracts(1), 1.0, 0.9, TimeSpan.FromSeconds(5), 0, Money.Zero));
    }

    [Fact]
    public void ArbitrageFinder_StrikeLadder_MonotonicityViolation()
    {
        // Above 100k: YES ask 0.40 (10 resting); above 101k: YES bid 0.45 (8 resting) -> NO ask 0.55 (8). 8 sets.
        // Fees: 0.07 x 8 x 0.40 x 0.60 = 0.1344 -> 0.14; 0.07 x 8 x 0.55 x 0.45 = 0.1386 -> 0.14.
        // Cost 3.20 + 4.40 + 0.28 = 7.88; payout 8.00; profit 0.12; return 0.0152284; confidence 0.9;
        // score 0.0152284 x 0.9 x ln 8 (2.0794415) = 0.0285002.
        var low = Quote("L-T100000", 40, 10, strike: 100_000m, bid: 38);
        var high = Quote("L-T101000", 50, 10, strike: 101_000m, bid: 45, bidSize: 8);
        var found = ArbitrageFinder.Find([high, low], exclusive: false, Quantity.FromContracts(50), Quantity.FromContracts(1), 1.0, 0.9, TimeSpan.FromSeconds(5), 0.01, Money.FromCents(1));
        var best = Assert.Single(found);
        Assert.Equal(ArbitrageKind.StrikeLadder, best.Kind);
        Assert.Equal((new MarketTicker("L-T100000"), Side.Yes, Price.FromCents(40)), (best.Legs[0].Ticker, best.Legs[0].Side, best.Legs[0].Price));
        Assert.Equal((new MarketTicker("L-T101000"), Side.No, Price.FromCents(55)), (best.Legs[1].Ticker, best.Legs[1].Side, best.Legs[1].Price));
        Assert.Equal(Quantity.FromContracts(8), best.Size);
        Assert.Equal(Money.FromUnits(78_800), best.Cost);
        Assert.Equal(Money.FromUnits(1_200), best.Profit);
        Assert.Equal(0.12 / 7.88 * 0.9 * Math.Log(8), best.Score, 12);
    }

    [Fact]
    public void ArbitrageFinder_OneContract_IsNotChased_HoweverGoodThePrice()
    {
        // 0.10 x 3 for one contract is a 2x return, but ln(1) = 0 makes the score 0.
        var quotes = new[] { Quote("E-A", 10, 1), Quote("E-B", 10, 20), Quote("E-C", 10, 20) };
        Assert.Empty(ArbitrageFinder.Find(quotes, true, Quantity.FromContracts(50), Quantity.FromContracts(1), 1.0, 0.9, TimeSpan.FromSeconds(5), 0, Money.Zero));
    }

    [Fact]
    public void ArbitrageFinder_StaleBook_LowersConfidence_AndTooOldIsRefused()
    {
        // Age 2.5 s of a 5 s limit: freshness 0.5, so confidence 0.5 and the score halves.
        var fresh = ArbitrageFinder.Find([Quote("E-A", 30, 20), Quote("E-B", 30, 15), Quote("E-C", 30, 30)], true, Quantity.FromContracts(50), Quantity.FromContracts(1), 1.0, 0.9, TimeSpan.FromSeconds(5), 0, Money.Zero)[0];
        var aged = ArbitrageFinder.Find([Quote("E-A", 30, 20, age: 2.5), Quote("E-B", 30, 15), Quote("E-C", 30, 30)], true, Quantity.FromContracts(50), Quantity.FromContracts(1), 1.0, 0.9, TimeSpan.FromSeconds(5), 0, Money.Zero)[0];
        Assert.Equal(0.5, aged.Confidence, 12);
        Assert.Equal(fresh.Score / 2, aged.Score, 12);
        Assert.Empty(ArbitrageFinder.Find([Quote("E-A", 30, 20, age: 6), Quote("E-B", 30, 15), Quote("E-C", 30, 30)], true, Quantity.FromContracts(50), Quantity.FromContracts(1), 1.0, 0.9, TimeSpan.FromSeconds(5), 0, Money.Zero));
    }

    [Fact]
    public void CalibrationTable_ShrinksTheBinFrequencyTowardsTheModel()
    {
        // Bin [0.6, 0.7) holds 30 samples, 24 settled YES; prior weight m = 20.
        // Apply(0.65) = (24 + 20 x 0.65) / (30 + 20) = 37 / 50 = 0.74. An empty bin returns the model value: (0 + 20 x 0.25) / 20.
        var table = new CalibrationTable(10, 20);
        for (var i = 0; i < 30; i++)
        {
            table.Add(0.62 + (i * 0.001), i < 24);
        }

        Assert.Equal(0.74, table.Apply(0.65), 12);
        Assert.Equal(0.25, table.Apply(0.25), 12);
        var bin = table.Bins()[6];
        Assert.Equal((30, 24, 0.8), (bin.Samples, bin.YesOutcomes, bin.Realised));
        Assert.Equal(0.6345, bin.MeanModel, 9);
        Assert.Equal(9, table.BinOf(1.0));
    }

    [Fact]
    public void BuyTheDip_Exits_TargetStopTimeAndRotation()
    {
        // Entry 0.40, target and stop 0.05: bid 0.45 takes profit, 0.35 stops out, 0.41 keeps holding.
        // Time stop: entered at 12:00 with the close at 22:00 and fraction 0.5 -> 17:00.
        var model = new BuyTheDipModel();
        var parameters = new StrategyParameters { Dip = DipParameters.Default with { MaxPositions = 2, RotationRatio = 1.5 } };
        var position = new OwnPosition(new MarketTicker("D-1"), Side.Yes, Quantity.FromContracts(5), Price.FromCents(40), Money.Zero, At, At.AddHours(10));
        var held = new Dictionary<MarketTicker, OwnPosition> { [position.Ticker] = position };
        Assert.StartsWith("profit target", model.Exit(Context(parameters, 46, 47, At.AddHours(1), held), position)!.Reason, StringComparison.Ordinal);
        Assert.Equal(Price.FromCents(45), model.Exit(Context(parameters, 45, 47, At.AddHours(1), held), position)!.LimitPrice);
        Assert.StartsWith("stop loss", model.Exit(Context(parameters, 35, 37, At.AddHours(1), held), position)!.Reason, StringComparison.Ordinal);
        Assert.Null(model.Exit(Context(parameters, 41, 43, At.AddHours(1), held), position));
        Assert.Equal(At.AddHours(5), BuyTheDipModel.TimeStop(position, parameters.Dip));
        Assert.StartsWith("time stop", model.Exit(Context(parameters, 41, 43, At.AddHours(5), held), position)!.Reason, StringComparison.Ordinal);

        // Rotation: both slots taken (D-1 scores 100, D-2 scores 200); a candidate scoring 150 = 1.5 x 100 rotates out D-1 only.
        var other = position with { Ticker = new MarketTicker("D-2") };
        held[other.Ticker] = other;
        model.ObserveScan(Scan(("D-2", 200, -1000), ("D-3", 150, -1000), ("D-1", 100, 0)), parameters);
        Assert.StartsWith("rotation: D-3", model.Exit(Context(parameters, 41, 43, At.AddHours(1), held), position)!.Reason, StringComparison.Ordinal);
        Assert.Null(model.Exit(Context(parameters, 41, 43, At.AddHours(1), held, other.Ticker.Value), other));
        model.ObserveScan(Scan(("D-2", 200, -1000), ("D-3", 149, -1000), ("D-1", 100, 0)), parameters);
        Assert.Null(model.Exit(Context(parameters, 41, 43, At.AddHours(1), held), position));
    }

    [Fact]
    public void BuyTheDip_Entry_ModelValueIsMidPlusHalfTheDrop_AndFiltersApply()
    {
        // Fell 0.10 over 24h; mid (0.38 + 0.40) / 2 = 0.39; fair = 0.39 + 0.5 x 0.10 = 0.44, YES only.
        var model = new BuyTheDipModel();
        var parameters = new StrategyParameters();
        Assert.Equal([new MarketTicker("D-1")], model.ObserveScan(Scan(("D-1", 500, -1000), ("D-2", 400, -100)), parameters));
        var estimate = model.Estimate(Context(parameters, 38, 40, At, []))!.Value;
        Assert.Equal(0.44, estimate.ProbabilityYes, 12);
        Assert.Equal(Side.Yes, estimate.OnlySide);

        // Outside the price band, too wide, too close to the close: no view.
        Assert.Null(model.Estimate(Context(parameters, 10, 12, At, [])));
        Assert.Null(model.Estimate(Context(parameters, 30, 40, At, [])));
        Assert.Null(model.Estimate(Context(parameters, 38, 40, At.AddHours(9.5), [])));
    }

    [Fact]
    public void OwnPosition_AveragesBuys_AndSalesReduceIt()
    {
        // 3 @ 0.40 then 1 @ 0.44: (1.20 + 0.44) / 4 = 0.41; selling 4 closes it.
        var ticker = new MarketTicker("T-1");
        var first = OwnPosition.Apply(null, Fill(ticker, Domain.Action.Buy, 40, 3))!;
        var second = OwnPosition.Apply(first, Fill(ticker, Domain.Action.Buy, 44, 1))!;
        Assert.Equal((Quantity.FromContracts(4), Price.FromCents(41)), (second.Contracts, second.AverageEntry));
        Assert.Equal(Quantity.FromContracts(2), OwnPosition.Apply(second, Fill(ticker, Domain.Action.Sell, 50, 2))!.Contracts);
        Assert.Null(OwnPosition.Apply(second, Fill(ticker, Domain.Action.Sell, 50, 4)));
    }

    [Fact]
    public void Parameters_ParseTheSuiteKeys_AndReportBadOnes()
    {
        var (parameters, errors) = StrategyParameters.Parse(StrategyKind.MeanReversion, new Dictionary<string, string>
        {
            ["window"] = "20", ["sample-interval"] = "2s", ["entry-z"] = "1.5", ["exit-z"] = "0.25", ["min-stdev"] = "0.002",
        });
        Assert.Empty(errors);
        Assert.Equal(new MeanReversionParameters(20, TimeSpan.FromSeconds(2), 1.5, 0.25, 0.002), parameters.MeanReversion);

        var dip = StrategyParameters.Parse(StrategyKind.BuyTheDip, new Dictionary<string, string> { ["min-drop"] = "0.08", ["drop-horizon"] = "7d", ["max-positions"] = "3" });
        Assert.Empty(dip.Errors);
        Assert.Equal((Price.FromCents(8), true, 3), (dip.Parameters.Dip.MinDrop, dip.Parameters.Dip.UseSevenDays, dip.Parameters.Dip.MaxPositions));

        var bad = StrategyParameters.Parse(StrategyKind.MeanReversion, new Dictionary<string, string> { ["entry-z"] = "0.5", ["exit-z"] = "1", ["min-drop"] = "0.1" });
        Assert.Contains(bad.Errors, e => e.Contains("exit-z", StringComparison.Ordinal));
        Assert.Contains(bad.Errors, e => e.Contains("unknown parameter 'min-drop'", StringComparison.Ordinal));
        Assert.Contains(StrategyParameters.Parse(StrategyKind.BuyTheDip, new Dictionary<string, string> { ["drop-horizon"] = "3d" }).Errors, e => e.Contains("drop-horizon", StringComparison.Ordinal));
        Assert.Contains(StrategyParameters.Parse(StrategyKind.ExpectedValue, new Dictionary<string, string> { ["calibrate"] = "maybe" }).Errors, e => e.Contains("calibrate", StringComparison.Ordinal));
        Assert.True(StrategyParameters.Parse(StrategyKind.ExpectedValue, new Dictionary<string, string> { ["calibrate"] = "on" }).Parameters.Calibration.Enabled);
        Assert.Empty(StrategyParameters.Parse(StrategyKind.Arbitrage, new Dictionary<string, string> { ["min-return"] = "0.02", ["leg-timeout"] = "5s" }).Errors);
        Assert.Empty(StrategyParameters.Parse(StrategyKind.InGame, new Dictionary<string, string> { ["score-scale"] = "0.3", ["ep-per-yard"] = "0.07" }).Errors);
    }

    private static StrategyFillRecorded Fill(MarketTicker ticker, Domain.Action action, int cents, int contracts) =>
        new("s", Guid.NewGuid().ToString(), ticker, Side.Yes, action, Price.FromCents(cents), Quantity.FromContracts(contracts), Money.Zero, null, At);

    private static ScanCompleted Scan(params (string Ticker, long Score, long Change)[] markets) =>
        new(At, markets.Length, [.. markets.Select((m, i) => new ScannedMarket(
            i + 1, new MarketTicker(m.Ticker), new EventTicker("D"), m.Score, Price.FromCents(38), Price.FromCents(40), Price.FromCents(39), Price.FromCents(2),
            Money.FromUnits(m.Change), null, Quantity.FromContracts(1000), Quantity.FromContracts(1000), Money.FromDollars(100), At.AddHours(10), At))]);

    private static ModelContext Context(StrategyParameters parameters, int bid, int ask, DateTimeOffset now, Dictionary<MarketTicker, OwnPosition> held, string ticker = "D-1")
    {
        var market = new MarketInfo(new MarketTicker(ticker), new EventTicker("D"), new SeriesTicker("D"), "dip", "X", MarketState.Active, At, At.AddHours(10),
            TickStructure.LinearCent, SeriesFeeParameters.General, null, null, null, false);
        var book = new BookUpdated(market.Ticker, 1, new BookTop(Price.FromCents(bid), Quantity.FromContracts(10), Price.FromCents(ask), Quantity.FromContracts(10)), [], [],
            Price.FromUnits((bid + ask) * 50), Price.FromCents(ask - bid), null, BookStatus.Live, now, now);
        return new ModelContext(market, MarketBook.Of(book), parameters, NoInputs.Instance, now, held);
    }

    private static ArbitrageQuote Quote(string ticker, int askCents, int askSize, decimal? strike = null, int bid = 1, int bidSize = 10, double age = 0)
    {
        var market = new MarketInfo(new MarketTicker(ticker), new EventTicker(ticker.Split('-')[0]), new SeriesTicker("S"), ticker, "X", MarketState.Active, At, At.AddDays(1),
            TickStructure.LinearCent, SeriesFeeParameters.General, strike, null, null, strike is null);
        return new ArbitrageQuote(market, new BookTop(Price.FromCents(bid), Quantity.FromContracts(bidSize), Price.FromCents(askCents), Quantity.FromContracts(askSize)), TimeSpan.FromSeconds(age));
    }

    private static GameStateObserved Game(int home, int away, int period, TimeSpan clock, TimeSpan length, Possession possession, int? yards) =>
        new("game-state", "G", new EventTicker("G"), "HOM", "AWY", home, away, period, 4, clock, length, possession, yards, GamePhase.InProgress, At, At);

    private sealed class NoInputs : IFairValueInputs
    {
        public static NoInputs Instance { get; } = new();

        public SpotPriceObserved? FreshSpot(string underlying) => null;

        public GameStateObserved? FreshGame(EventTicker eventTicker) => null;
    }
}
