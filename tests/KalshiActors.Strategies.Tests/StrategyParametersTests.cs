using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Strategies.Tests;

public sealed class StrategyParametersTests
{
    [Fact]
    public void Parse_Nothing_GivesTheDefaults()
    {
        var (parameters, errors) = StrategyParameters.Parse(StrategyKind.ExpectedValue, new Dictionary<string, string>());
        Assert.Empty(errors);
        Assert.Equal(0.25, parameters.KellyFraction);
        Assert.Equal(Money.FromCents(3), parameters.MinEdge);
        Assert.Equal(ExecutionStyle.ImmediateOrCancel, parameters.Style);
    }

    [Fact]
    public void Parse_TextValues_AreConverted()
    {
        var (parameters, errors) = StrategyParameters.Parse(StrategyKind.VolatilityKelly, new Dictionary<string, string>
        {
            ["kelly-fraction"] = "0.5",
            ["min-edge"] = "0.025",
            ["style"] = "maker",
            ["lot-size"] = "0.01",
            ["cooldown"] = "2m",
            ["ewma-half-life"] = "90s",
            ["window-start"] = "3 minutes",
            ["window-end"] = "11m",
            ["min-observations"] = "5",
            ["ewma-lambda"] = "0.94",
        });
        Assert.Empty(errors);
        Assert.Equal(0.5, parameters.KellyFraction);
        Assert.Equal(Money.FromUnits(250), parameters.MinEdge);
        Assert.Equal(ExecutionStyle.Maker, parameters.Style);
        Assert.Equal(Quantity.FromUnits(1), parameters.LotSize);
        Assert.Equal(TimeSpan.FromMinutes(2), parameters.Cooldown);
        Assert.Equal(TimeSpan.FromSeconds(90), parameters.EwmaHalfLife);
        Assert.Equal(TimeSpan.FromMinutes(3), parameters.Window.From);
        Assert.Equal(TimeSpan.FromMinutes(11), parameters.Window.To);
        Assert.Equal(5, parameters.MinObservations);
        Assert.Equal(0.94, parameters.EwmaLambda);
    }

    [Fact]
    public void Parse_BadValues_ReportsEveryProblemByKey()
    {
        var (_, errors) = StrategyParameters.Parse(StrategyKind.ExpectedValue, new Dictionary<string, string>
        {
            ["kelly-fraction"] = "lots",
            ["min-edge"] = "-0.01",
            ["style"] = "sniper",
            ["ewma-half-life"] = "1m",
            ["cooldown"] = "soon",
        });
        Assert.Equal(5, errors.Count);
        Assert.Contains(errors, e => e.Contains("unknown parameter 'ewma-half-life'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("kelly-fraction", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("min-edge", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("style", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("cooldown", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_WindowEndBeforeStart_IsAnError()
    {
        var (_, errors) = StrategyParameters.Parse(StrategyKind.VolatilityKelly, new Dictionary<string, string> { ["window-start"] = "10m", ["window-end"] = "5m" });
        Assert.Single(errors);
        Assert.Contains("window-end", errors[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("500", 500)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    [InlineData("2 min", 120_000)]
    [InlineData("1h", 3_600_000)]
    public void TryParseDuration_AcceptsHoconUnits(string text, double milliseconds)
    {
        Assert.True(StrategyParameters.TryParseDuration(text, out var duration));
        Assert.Equal(milliseconds, duration.TotalMilliseconds);
    }

    [Fact]
    public void Settings_Validate_RejectsBadIdsAndParameters()
    {
        var settings = new StrategiesSettings
        {
            Instances = new Dictionary<string, StrategyInstanceSettings>
            {
                ["bad id"] = new("bad id", StrategyKind.ExpectedValue, true, [], [], new Dictionary<string, string>()),
                ["ok"] = new("ok", StrategyKind.ExpectedValue, true, [], [], new Dictionary<string, string> { ["min-edge"] = "x" }),
            },
        };
        var problems = settings.Validate();
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Id == "bad id");
        Assert.Contains(problems, p => p.Id == "ok" && p.Message.StartsWith("min-edge", StringComparison.Ordinal));
    }

    [Fact]
    public void Instance_Trades_AppliesMarketAndSeriesFilters()
    {
        var instance = new StrategyInstanceSettings("a", StrategyKind.ExpectedValue, true, [], ["KXBTC15M"], new Dictionary<string, string>());
        Assert.True(instance.Trades("KXBTC15M-X-1", "KXBTC15M"));
        Assert.False(instance.Trades("KXSIMRAIN-X", "KXSIMRAIN"));
        var pinned = instance with { Markets = ["KXBTC15M-X-1"] };
        Assert.False(pinned.Trades("KXBTC15M-X-2", "KXBTC15M"));
    }
}
