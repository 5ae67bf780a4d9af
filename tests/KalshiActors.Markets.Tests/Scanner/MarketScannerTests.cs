using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Markets.Scanner;
using KalshiActors.Testing;
using static KalshiActors.Markets.Tests.Scanner.ScanListings;

namespace KalshiActors.Markets.Tests.Scanner;

public sealed class MarketScannerTests
{
    private readonly ManualTimeProvider _time = new(Now);

    /// <summary>
    /// The hand-checked fixture (default settings: band 0.20-0.80, close 5m-30d ahead, spread at most 0.10; full scores at a
    /// 0.20 drop in 24h, 0.30 in 7d, 10,000 contracts a day; active within 1h, 25% at 24h or unknown).
    /// A: 0.40/0.42, last 0.41, 5,000 a day; 0.55 a day ago, 0.61 a week ago; traded 30 min ago.
    ///    drop24 = 0.14/0.20 = 700,000; drop7 = 0.20/0.30 = 666,666; tight = 1 − 0.02/0.10 = 800,000; volume = 500,000;
    ///    (3·700,000 + 666,666 + 2·800,000 + 2·500,000) / 8 = 5,366,666 / 8 = 670,833; activity 1 → 670,833.
    ///    Liquidity = 100 × 0.40 + 50 × 0.42 = 61.0000.
    /// B: 0.30/0.31, last 0.31, 20,000 a day; 0.30 a day ago (up 0.01), no price a week ago; traded 12h30 ago.
    ///    drop24 = 0; drop7 = 0; tight = 900,000; volume = 1,000,000 → 3,800,000 / 8 = 475,000;
    ///    activity = 1 − 0.75 × (11.5h / 23h) = 625,000 → 475,000 × 0.625 = 296,875.
    /// C: 0.60/0.65, last 0.62, 1,000 a day; 0.70 a day ago (−0.08), 0.50 a week ago (+0.12); never traded (activity 25%).
    ///    drop24 = 400,000; drop7 = 0; tight = 500,000; volume = 100,000 → 2,400,000 / 8 = 300,000 → 75,000.
    /// D (mid 0.06) fails the band, E (spread 0.15) the spread, F (closes in 3 min) the time to close, G (no bid) the spread.
    /// </summary>
    [Fact]
    public async Task RunAsync_HandCheckedFixture_RanksAndFiguresAsComputedByHand()
    {
        var source = Fixture();

        var result = await MarketScanner.RunAsync(source, ScannerSettings.Default, _time, CancellationToken.None);

        var scan = result.Scan;
        Assert.Equal(Now, scan.At);
        Assert.Equal(7, scan.MarketsScanned);
        Assert.Equal(["KXFIX-A", "KXFIX-B", "KXFIX-C"], scan.Ranked.Select(m => m.Ticker.Value));
        Assert.Equal([1, 2, 3], scan.Ranked.Select(m => m.Rank));
        Assert.Equal([670_833L, 296_875L, 75_000L], scan.Ranked.Select(m => m.ScoreMicros));

        var a = scan.Ranked[0];
        Assert.Equal(Price.ParseDollars("0.02"), a.Spread);
        Assert.Equal(Money.ParseDollars("-0.14"), a.Change24h);
        Assert.Equal(Money.ParseDollars("-0.20"), a.Change7d);
        Assert.Equal(Money.ParseDollars("61"), a.Liquidity);
        Assert.Equal(Now.AddMinutes(-30), a.LastTradeAt);
        Assert.Equal(Quantity.Parse("5000"), a.Volume24h);
        var b = scan.Ranked[1];
        Assert.Equal(Money.ParseDollars("0.01"), b.Change24h);
        Assert.Null(b.Change7d);
        var c = scan.Ranked[2];
        Assert.Equal(Money.ParseDollars("-0.08"), c.Change24h);
        Assert.Equal(Money.ParseDollars("0.12"), c.Change7d);
        Assert.Null(c.LastTradeAt);

        Assert.Equal(new Dictionary<string, int> { ["price-band"] = 1, ["spread"] = 2, ["time-to-close"] = 1 }, result.Statistics.RejectedBy);
        Assert.Equal(3, result.Statistics.Pages);
        Assert.Equal(3, result.Statistics.HistoryLookups);
        Assert.Equal(3 + (2 * 3), result.Statistics.Requests);
        Assert.Equal(source.PageCalls + source.HistoryCalls + source.TradeCalls, result.Statistics.Requests);
        Assert.Equal(7, result.Observed.Count);
    }

    [Fact]
    public async Task RunAsync_HistoryLookupCap_SpendsLookupsOnTheBestMarketsWithoutHistory()
    {
        var source = Fixture();

        var result = await MarketScanner.RunAsync(source, ScannerSettings.Default with { MaxHistoryLookups = 1 }, _time, CancellationToken.None);

        // Without history B leads (tight and busy); A and C rank on the listing alone, their last trade unknown.
        Assert.Equal(1, source.HistoryCalls);
        Assert.Equal(1, source.TradeCalls);
        Assert.Equal("KXFIX-B", result.Scan.Ranked[0].Ticker.Value);
        Assert.Equal(3 + 2, result.Statistics.Requests);
    }

    [Fact]
    public async Task RunAsync_InactiveMarket_IsRankedBelowAnIdenticalActiveOne()
    {
        var source = new ScriptedScanSource();
        source.Set(Listing("KXACT-A", "0.40", "0.42", "0.41"), Listing("KXACT-B", "0.40", "0.42", "0.41"));
        source.LastTrades[new MarketTicker("KXACT-A")] = Now.AddDays(-3);
        source.LastTrades[new MarketTicker("KXACT-B")] = Now.AddMinutes(-5);

        var ranked = (await MarketScanner.RunAsync(source, ScannerSettings.Default, _time, CancellationToken.None)).Scan.Ranked;

        Assert.Equal(["KXACT-B", "KXACT-A"], ranked.Select(m => m.Ticker.Value));
        Assert.Equal(ranked[0].ScoreMicros / 4, ranked[1].ScoreMicros);
    }

    public static TheoryData<string, MarketListing, ScannerSettings> ListingFilterCases() => new()
    {
        { "price-band", Listing("KXF-BAND", "0.81", "0.83", "0.82"), ScannerSettings.Default },
        { "price-band", Listing("KXF-NOPRICE", null, null), ScannerSettings.Default },
        { "volume", Listing("KXF-VOL", "0.40", "0.42", volume24h: "99"), ScannerSettings.Default with { MinVolume24h = Quantity.Parse("100") } },
        { "time-to-close", Listing("KXF-SOON", "0.40", "0.42", closesIn: TimeSpan.FromMinutes(4)), ScannerSettings.Default },
        { "time-to-close", Listing("KXF-FAR", "0.40", "0.42", closesIn: TimeSpan.FromDays(31)), ScannerSettings.Default },
        { "spread", Listing("KXF-WIDE", "0.40", "0.51"), ScannerSettings.Default },
        { "open-interest", Listing("KXF-OI", "0.40", "0.42", openInterest: "10"), ScannerSettings.Default with { MinOpenInterest = Quantity.Parse("11") } },
        { "liquidity", Listing("KXF-THIN", "0.40", "0.42", bidSize: "1", askSize: "1"), ScannerSettings.Default with { MinLiquidity = Money.ParseDollars("0.83") } },
    };

    [Theory]
    [MemberData(nameof(ListingFilterCases))]
    public async Task RunAsync_MarketFailingAListingFilter_IsCountedThereAndNotRanked(string filter, MarketListing failing, ScannerSettings settings)
    {
        var source = new ScriptedScanSource();
        source.Set(failing, Listing("KXF-OK", "0.40", "0.42", volume24h: "1000", openInterest: "500", bidSize: "100", askSize: "100"));

        var result = await MarketScanner.RunAsync(source, settings, _time, CancellationToken.None);

        Assert.Equal("KXF-OK", Assert.Single(result.Scan.Ranked).Ticker.Value);
        Assert.Equal(new Dictionary<string, int> { [filter] = 1 }, result.Statistics.RejectedBy);
        Assert.Equal(1, source.HistoryCalls);
    }

    [Fact]
    public async Task RunAsync_LiquidityAtTheBoundary_Passes()
    {
        var source = new ScriptedScanSource();
        source.Set(Listing("KXF-THIN", "0.40", "0.42", bidSize: "1", askSize: "1"));

        var result = await MarketScanner.RunAsync(source, ScannerSettings.Default with { MinLiquidity = Money.ParseDollars("0.82") }, _time, CancellationToken.None);

        Assert.Single(result.Scan.Ranked);
    }

    [Fact]
    public async Task RunAsync_Drop24hFilter_KeepsOnlyMarketsThatDroppedEnoughInADay()
    {
        var source = new ScriptedScanSource();
        source.Set(Listing("KXD-BIG", "0.40", "0.42", "0.40"), Listing("KXD-SMALL", "0.40", "0.42", "0.40"), Listing("KXD-NONE", "0.40", "0.42", "0.40"));
        source.Histories[new MarketTicker("KXD-BIG")] = History((TimeSpan.FromHours(25), "0.50"));
        source.Histories[new MarketTicker("KXD-SMALL")] = History((TimeSpan.FromHours(25), "0.49"));

        var result = await MarketScanner.RunAsync(source, ScannerSettings.Default with { MinDrop24h = Price.ParseDollars("0.10") }, _time, CancellationToken.None);

        Assert.Equal("KXD-BIG", Assert.Single(result.Scan.Ranked).Ticker.Value);
        Assert.Equal(2, result.Statistics.RejectedBy["drop-24h"]);
    }

    [Fact]
    public async Task RunAsync_Drop7dFilter_KeepsOnlyMarketsThatDroppedEnoughInAWeek()
    {
        var source = new ScriptedScanSource();
        source.Set(Listing("KXW-BIG", "0.40", "0.42", "0.40"), Listing("KXW-DAY", "0.40", "0.42", "0.40"));
        source.Histories[new MarketTicker("KXW-BIG")] = History((TimeSpan.FromDays(8), "0.60"), (TimeSpan.FromHours(2), "0.41"));
        source.Histories[new MarketTicker("KXW-DAY")] = History((TimeSpan.FromDays(8), "0.45"), (TimeSpan.FromHours(25), "0.60"));

        var result = await MarketScanner.RunAsync(source, ScannerSettings.Default with { MinDrop7d = Price.ParseDollars("0.15") }, _time, CancellationToken.None);

        Assert.Equal("KXW-BIG", Assert.Single(result.Scan.Ranked).Ticker.Value);
        Assert.Equal(1, result.Statistics.RejectedBy["drop-7d"]);
    }

    [Fact]
    public async Task RunAsync_WithoutHistory_Takes24hChangeFromTheListingsPreviousPrice()
    {
        var source = new ScriptedScanSource();
        source.Set(Listing("KXP-A", "0.40", "0.42", "0.41", previous: "0.50"));

        var result = await MarketScanner.RunAsync(source, ScannerSettings.Default with { MaxHistoryLookups = 0 }, _time, CancellationToken.None);

        Assert.Equal(Money.ParseDollars("-0.09"), Assert.Single(result.Scan.Ranked).Change24h);
        Assert.Equal(1, result.Statistics.Requests);
    }

    [Theory]
    [InlineData(0, 1_000_000)]
    [InlineData(60, 1_000_000)]
    [InlineData(60 + (23 * 30), 625_000)]
    [InlineData(24 * 60, 250_000)]
    [InlineData(48 * 60, 250_000)]
    public void Activity_ByMinutesSinceLastTrade_IsFullThenLinearToTheFloor(int minutesAgo, long expected)
    {
        Assert.Equal(expected, ScanScoring.Activity(Now.AddMinutes(-minutesAgo), Now, ScannerSettings.Default));
    }

    [Fact]
    public void Validate_InvalidSettings_ListsEveryProblem()
    {
        var errors = (ScannerSettings.Default with { Interval = TimeSpan.Zero, MinPrice = Price.FromCents(90), InactiveFactorPercent = 101 }).Validate();

        Assert.Equal(3, errors.Count);
        Assert.Throws<ArgumentException>(() => (ScannerSettings.Default with { HistoryConcurrency = 0 }).EnsureValid());
    }

    private static ScriptedScanSource Fixture()
    {
        var source = new ScriptedScanSource();
        source.Set(
            Listing("KXFIX-A", "0.40", "0.42", "0.41", volume24h: "5000", openInterest: "2000", bidSize: "100", askSize: "50"),
            Listing("KXFIX-B", "0.30", "0.31", "0.31", volume24h: "20000", openInterest: "100", bidSize: "10", askSize: "10"),
            Listing("KXFIX-C", "0.60", "0.65", "0.62", volume24h: "1000"),
            Listing("KXFIX-D", "0.05", "0.07", "0.06"),
            Listing("KXFIX-E", "0.40", "0.55", "0.45"),
            Listing("KXFIX-F", "0.40", "0.42", "0.41", closesIn: TimeSpan.FromMinutes(3)),
            Listing("KXFIX-G", null, "0.50", "0.50"));
        source.Histories[new MarketTicker("KXFIX-A")] = History((TimeSpan.FromHours((7 * 24) + 2), "0.61"), (TimeSpan.FromHours(25), "0.55"), (TimeSpan.FromHours(2), "0.42"));
        source.Histories[new MarketTicker("KXFIX-B")] = History((TimeSpan.FromHours(25), "0.30"), (TimeSpan.FromHours(3), "0.32"));
        source.Histories[new MarketTicker("KXFIX-C")] = History((TimeSpan.FromDays(8), "0.50"), (TimeSpan.FromHours(30), "0.70"));
        source.LastTrades[new MarketTicker("KXFIX-A")] = Now.AddMinutes(-30);
        source.LastTrades[new MarketTicker("KXFIX-B")] = Now.AddMinutes(-750);
        return source;
    }
}
