using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Settings;

using static KalshiActors.Strategies.Tests.Btc15mMarketFixture;

namespace KalshiActors.Strategies.Tests;

public sealed class ExpectedValueModelTests
{
    [Fact]
    public void Estimate_is_reused_only_while_spot_market_and_time_are_unchanged()
    {
        var parameters = StrategyParameters.Parse(StrategyKind.ExpectedValue, new Dictionary<string, string>()).Parameters;
        var model = new ExpectedValueModel();
        var market = Market();
        var inputs = new FixedInputs { Spot = SpotAt(100_100m, Open) };
        var now = Open.AddMinutes(5);

        var first = model.Estimate(new ModelContext(market, MarketBook.Of(Book(now)), parameters, inputs, now))!.Value;
        var expected = DigitalOption.ProbabilityOfStrikeMarket(100_100, 100_000m, null, parameters.Volatility, DigitalOption.YearsBetween(now, Open.AddMinutes(15)));
        Assert.Equal(expected!.Value, first.ProbabilityYes, 12);
        Assert.Equal(first, model.Estimate(new ModelContext(market, MarketBook.Of(Book(now)), parameters, inputs, now)));

        // A later instant, a new spot observation (even at the same price) or a changed market: a fresh estimate.
        var later = now.AddMilliseconds(1);
        var atLater = model.Estimate(new ModelContext(market, MarketBook.Of(Book(later)), parameters, inputs, later))!.Value;
        Assert.NotEqual(first.ProbabilityYes, atLater.ProbabilityYes);

        inputs.Spot = SpotAt(100_300m, later);
        var newSpot = model.Estimate(new ModelContext(market, MarketBook.Of(Book(later)), parameters, inputs, later))!.Value;
        Assert.True(newSpot.ProbabilityYes > atLater.ProbabilityYes);
        Assert.Equal(["spot"], newSpot.InputFeeds);
        Assert.Contains("spot 100300", newSpot.Basis.Render(), StringComparison.Ordinal);

        var moved = market with { FloorStrike = 100_200m };
        var movedEstimate = model.Estimate(new ModelContext(moved, MarketBook.Of(Book(later)), parameters, inputs, later))!.Value;
        Assert.True(movedEstimate.ProbabilityYes < newSpot.ProbabilityYes);
    }
}
