using Microsoft.Extensions.Configuration;

namespace KalshiActors.Simulator.Tests;

public sealed class SimulatorSettingsTests
{
    private static IConfiguration Section(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(kv => "kalshi-actors:simulator:" + kv.Key, kv => kv.Value))
            .Build().GetSection("kalshi-actors:simulator");

    [Fact]
    public void Create_EmptySection_KeepsEveryDefault()
    {
        var settings = SimulatorSettings.Create(Section([]));

        Assert.Equal(new SimulatorSettings().Seed, settings.Seed);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.StepInterval);
        Assert.Equal(5, settings.Markets.Count);
    }

    [Fact]
    public void Create_ReadsScalarsDurationsFaultsAndMarkets()
    {
        var settings = SimulatorSettings.Create(Section(new()
        {
            ["port"] = "8123",
            ["seed"] = "9",
            ["step-interval"] = "250ms",
            ["settlement-timer"] = "2m",
            ["maker-half-spread"] = "0.03",
            ["faults:http-error-status"] = "503",
            ["faults:message-delay"] = "5ms",
            ["markets:0:kind"] = "ladder",
            ["markets:0:series"] = "KXL",
            ["markets:0:strikes:0"] = "10",
            ["markets:0:strikes:1"] = "20.5",
            ["markets:1:kind"] = "game",
            ["markets:1:outcomes:0"] = "AAA",
            ["markets:1:outcomes:1"] = "BBB",
            ["markets:1:fee-type"] = "quadratic_with_maker_fees",
        }));

        Assert.Equal(8123, settings.Port);
        Assert.Equal(9, settings.Seed);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.StepInterval);
        Assert.Equal(TimeSpan.FromMinutes(2), settings.SettlementTimer);
        Assert.Equal(0.03m, settings.MakerHalfSpread);
        Assert.Equal(503, settings.Faults.HttpErrorStatus);
        Assert.Equal(TimeSpan.FromMilliseconds(5), settings.Faults.MessageDelay);
        Assert.Equal([MarketKind.Ladder, MarketKind.Game], settings.Markets.Select(m => m.Kind));
        Assert.Equal([10m, 20.5m], settings.Markets[0].Strikes);
        Assert.Equal(["AAA", "BBB"], settings.Markets[1].Outcomes);
    }

    [Fact]
    public void Create_BadValues_ReportsEveryProblemWithItsPath()
    {
        var error = Assert.Throws<SimulatorConfigurationException>(() => SimulatorSettings.Create(Section(new()
        {
            ["port"] = "99999",
            ["step-interval"] = "soon",
            ["colour"] = "blue",
            ["markets:0:kind"] = "lottery",
        })));

        Assert.Equal(4, error.Problems.Count);
        Assert.Contains(error.Problems, p => p.StartsWith("kalshi-actors.simulator.port:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("kalshi-actors.simulator.step-interval:", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("kalshi-actors.simulator.colour: unknown setting", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("kalshi-actors.simulator.markets.0.kind:", StringComparison.Ordinal));
    }
}
