using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Risk.Tests;

/// <summary>Settings validation reports every problem at once.</summary>
public sealed class RiskSettingsTests
{
    [Fact]
    public void Validate_Defaults_HasNoProblems() => Assert.Empty(RiskSettings.Default.Validate());

    [Fact]
    public void Validate_SeveralBadValues_ReportsEachByKey()
    {
        var settings = RiskSettings.Default with
        {
            MaxContractsPerOrder = Quantity.Zero,
            MaxEventExposureFraction = 0m,
            DrawdownBreakerFraction = 1.5m,
            DailyLossAction = TradingState.Active,
            MinSellPrice = Price.FromCents(99),
        };

        var problems = settings.Validate();

        Assert.Contains(problems, p => p.StartsWith("max-contracts-per-order", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("max-event-exposure", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("drawdown-breaker", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("daily-loss-action", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("min-sell-price", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => RiskGuardian.Props(settings));
    }

    [Fact]
    public void IsEnabled_DisabledCheck_IsOff()
    {
        var settings = RiskSettings.Default with { DisabledChecks = new HashSet<RiskCheck> { RiskCheck.StaleFeed } };

        Assert.False(settings.IsEnabled(RiskCheck.StaleFeed));
        Assert.True(settings.IsEnabled(RiskCheck.StaleBook));
    }
}
