using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;
using KalshiActors.Risk;

namespace KalshiActors.Hosting.Tests;

public sealed class RiskSettingsReaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static Config Effective(params string[] files) =>
        KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = files }).Config;

    [Fact]
    public void Create_ReferenceAlone_GivesTheRiskModuleDefaults()
    {
        var settings = RiskSettingsReader.Create(Effective());
        var defaults = RiskSettings.Default;

        Assert.Empty(settings.DisabledChecks);
        Assert.Equal(defaults.MaxContractsPerOrder, settings.MaxContractsPerOrder);
        Assert.Equal(defaults.MaxDollarsPerOrder, settings.MaxDollarsPerOrder);
        Assert.Equal(defaults.MaxMarketExposureFraction, settings.MaxMarketExposureFraction);
        Assert.Equal(defaults.MaxEventExposureFraction, settings.MaxEventExposureFraction);
        Assert.Equal(defaults.MaxCategoryExposureFraction, settings.MaxCategoryExposureFraction);
        Assert.Equal(defaults.MaxTotalExposureFraction, settings.MaxTotalExposureFraction);
        Assert.Equal(defaults.MaxConcurrentPositions, settings.MaxConcurrentPositions);
        Assert.Equal(defaults.DailyLossLimit, settings.DailyLossLimit);
        Assert.Equal(defaults.DailyLossAction, settings.DailyLossAction);
        Assert.Equal(defaults.DayStartUtc, settings.DayStartUtc);
        Assert.Equal(defaults.DrawdownBreakerFraction, settings.DrawdownBreakerFraction);
        Assert.Equal(defaults.DrawdownAction, settings.DrawdownAction);
        Assert.Equal(defaults.MaxBuyPrice, settings.MaxBuyPrice);
        Assert.Equal(defaults.MinSellPrice, settings.MinSellPrice);
        Assert.Equal(defaults.ErrorRateWindow, settings.ErrorRateWindow);
        Assert.Equal(defaults.MaxErrorRate, settings.MaxErrorRate);
        Assert.Equal(defaults.ErrorRateMinCalls, settings.ErrorRateMinCalls);
        Assert.Equal(defaults.PendingIntentTimeout, settings.PendingIntentTimeout);
        Assert.Equal(defaults.SnapshotEvery, settings.SnapshotEvery);
    }

    [Fact]
    public void Create_Overrides_AreConvertedToTheIntegerTypes()
    {
        var file = _temp.Write("risk.conf", "kalshi-actors.risk { disabled-checks = [price-sanity, stale-feed], max-dollars-per-order = 12.5, max-buy-price = 0.97, daily-loss-action = halted, day-start-utc = 4h }");

        var settings = RiskSettingsReader.Create(Effective(file));

        Assert.Equal(new HashSet<RiskCheck> { RiskCheck.PriceSanity, RiskCheck.StaleFeed }, settings.DisabledChecks);
        Assert.Equal(Money.FromUnits(125_000), settings.MaxDollarsPerOrder);
        Assert.Equal(Price.FromCents(97), settings.MaxBuyPrice);
        Assert.Equal(TradingState.Halted, settings.DailyLossAction);
        Assert.Equal(TimeSpan.FromHours(4), settings.DayStartUtc);
    }

    [Fact]
    public void Create_BadValues_ReportsEveryProblemAtOnce()
    {
        var file = _temp.Write("bad.conf", "kalshi-actors.risk { disabled-checks = [price-sanityy], max-buy-price = 1.5, drawdown-breaker = 2, daily-loss-action = active }");

        var error = Assert.Throws<ConfigurationException>(() => RiskSettingsReader.Create(Effective(file)));

        Assert.Contains("price-sanityy", error.Message, StringComparison.Ordinal);
        Assert.Contains("kalshi-actors.risk.max-buy-price", error.Message, StringComparison.Ordinal);
        Assert.Contains("kalshi-actors.risk.daily-loss-action", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadFraction_IsReportedUnderItsKey()
    {
        var file = _temp.Write("bad.conf", "kalshi-actors.risk { drawdown-breaker = 2 }");

        var error = Assert.Throws<ConfigurationException>(() => RiskSettingsReader.Create(Effective(file)));

        Assert.Contains("kalshi-actors.risk.drawdown-breaker", error.Message, StringComparison.Ordinal);
    }
}
