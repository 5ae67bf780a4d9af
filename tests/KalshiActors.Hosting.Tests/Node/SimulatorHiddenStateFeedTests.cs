using KalshiActors.Domain.Ports;
using KalshiActors.Hosting.Node;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class SimulatorHiddenStateFeedTests
{
    private static readonly byte[] Document = """
        {"at":"2026-12-04T12:30:00+00:00",
         "spots":[{"series":"KXBTC15M","value":"100123.45"}],
         "games":[{"event_ticker":"KXSIMNBAGAME-26DEC04SIMTST","away_team":"SIM","home_team":"TST","away_score":10,"home_score":12,
                   "start":"2026-12-04T12:00:00+00:00","end":"2026-12-04T14:00:00+00:00"}]}
        """u8.ToArray();

    [Fact]
    public void Parse_Spot_GivesExactDecimalWithSourceAndReceiveTimes()
    {
        var received = DateTimeOffset.Parse("2026-12-04T12:30:01Z", System.Globalization.CultureInfo.InvariantCulture);

        var spot = Assert.IsType<SpotPriceObserved>(Assert.Single(SimulatorHiddenStateFeed.Parse(Document, SimulatorFeedKind.Spot, "spot", received)));

        Assert.Equal("BTC", spot.Underlying);
        Assert.Equal(100123.45m, spot.Price);
        Assert.Equal(received - TimeSpan.FromSeconds(1), spot.SourceTime);
        Assert.Equal(received, spot.ReceivedAt);
    }

    [Fact]
    public void Parse_Game_DerivesPeriodAndClockFromTheSchedule()
    {
        var game = Assert.IsType<GameStateObserved>(Assert.Single(
            SimulatorHiddenStateFeed.Parse(Document, SimulatorFeedKind.GameState, "game-state", DateTimeOffset.UnixEpoch)));

        Assert.Equal("TST", game.HomeTeam);
        Assert.Equal(12, game.HomeScore);
        Assert.Equal(10, game.AwayScore);
        Assert.Equal(GamePhase.InProgress, game.Phase);
        Assert.Equal(2, game.Period);
        Assert.Equal(4, game.RegulationPeriods);
        Assert.Equal(TimeSpan.FromMinutes(30), game.RegulationPeriodLength);
        Assert.Equal(TimeSpan.FromMinutes(30), game.ClockRemainingInPeriod);
        Assert.Equal("KXSIMNBAGAME-26DEC04SIMTST", game.EventTicker?.Value);
    }
}
