using KalshiActors.Domain;
using KalshiActors.Hocon;
using KalshiActors.Hosting.Bench;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;
using KalshiActors.Portfolio;
using KalshiActors.Portfolio.Ledger;

namespace KalshiActors.Hosting.Tests;

public sealed class PortfolioSettingsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Config Effective(params string[] files) =>
        KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = files }).Config;

    private static PortfolioSettings Read(Config config)
    {
        var reader = SettingsReader.For(config, PortfolioSettingsReader.SectionPath);
        var settings = PortfolioSettingsReader.Read(reader);
        reader.ThrowIfProblems();
        return settings;
    }

    [Fact]
    public void Read_ReferenceAlone_GivesTheRecordDefaults()
    {
        var settings = KalshiActorsSettings.Create(Effective()).Portfolio;

        Assert.Equal(new PortfolioSettings(), settings);
        Assert.Same(settings, settings.Validate());
    }

    [Fact]
    public void Read_Overrides_AreApplied()
    {
        var file = _temp.Write("p.conf", """
            kalshi-actors.portfolio {
              starting-cash = "250.5"
              starting-cash-source = exchange
              mark-method = mid
              equity-snapshot-interval = 5s
              snapshot-every-events = 10
              publish-throttle = 0ms
              reconciliation-interval = 30s
              day-boundary-time-zone = UTC
              day-start = "17:00"
            }
            """);
        var settings = Read(Effective(file));

        Assert.Equal(Money.ParseDollars("250.5"), settings.StartingCash);
        Assert.Equal(StartingCashSource.Exchange, settings.CashSource);
        Assert.Equal(MarkMethod.Mid, settings.MarkMethod);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.EquitySnapshotInterval);
        Assert.Equal(10, settings.SnapshotEveryEvents);
        Assert.Equal(TimeSpan.Zero, settings.PublishThrottle);
        Assert.Equal(new TimeOnly(17, 0), settings.DayStart);

        // 16:59 UTC is still the previous trading day when days start at 17:00.
        Assert.Equal(new DateOnly(2026, 12, 3), settings.TradingDayOf(new DateTimeOffset(2026, 12, 4, 16, 59, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 12, 4), settings.TradingDayOf(new DateTimeOffset(2026, 12, 4, 17, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Read_BadValues_ReportsEveryProblemAtOnce()
    {
        var file = _temp.Write("bad.conf", """
            kalshi-actors.portfolio { starting-cash = "ten", mark-method = last, day-boundary-time-zone = "Mars/Olympus", day-start = "25:99", snapshot-every-events = 0 }
            """);
        var error = Assert.Throws<ConfigurationException>(() => Read(Effective(file)));

        foreach (var key in new[] { "starting-cash", "mark-method", "day-boundary-time-zone", "day-start", "snapshot-every-events" })
        {
            Assert.Contains("kalshi-actors.portfolio." + key, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PortfolioBenchSuite_quick_run_reports_every_figure()
    {
        var suite = Assert.Single(BenchSuites.All, s => s.Name == "portfolio");
        var figures = await suite.RunAsync(new BenchOptions(Quick: true, Journal: null, Progress: TextWriter.Null), CancellationToken.None);

        Assert.Equal(["fills_booked_per_s_memory", "fills_booked_per_s_journal", "recovery_ms_journal"], figures.Select(f => f.Key));
        Assert.All(figures, f => Assert.True(f.Value > 0 && double.IsFinite(f.Value), $"{f.Key} = {f.Value}"));
    }
}
