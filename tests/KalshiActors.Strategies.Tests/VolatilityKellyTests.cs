using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Settings;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using Xunit.Abstractions;

using static KalshiActors.Strategies.Tests.Btc15mMarketFixture;

namespace KalshiActors.Strategies.Tests;

public sealed class VolatilityKellyTests : PersistenceTestKit
{
    public VolatilityKellyTests(ITestOutputHelper output)
        : base(r => StrategiesEvents.Register(r), output, timeProvider: new ManualTimeProvider(Open))
    {
    }

    [Fact]
    public void Model_prices_the_digital_from_the_ewma_volatility_inside_the_window()
    {
        var parameters = Parameters();
        var model = new VolatilityKellyModel();
        var inputs = new FixedInputs();
        Observe(model, inputs, parameters, count: 6, Open);

        var now = Open.AddMinutes(5);
        var estimate = model.Estimate(new ModelContext(Market(), MarketBook.Of(Book(now)), parameters, inputs, now))!.Value;
        var ewma = model.VolatilityOf("KXBTC15M")!;
        Assert.Equal(5, ewma.Returns);
        var expected = DigitalOption.ProbabilityAbove((double)inputs.Spot!.Price, 100_000, Math.Max(0.05, ewma.AnnualVolatility), DigitalOption.YearsBetween(now, Open.AddMinutes(15)));
        Assert.Equal(expected, estimate.ProbabilityYes, 12);
        Assert.Equal(["spot"], estimate.InputFeeds);
    }

    [Fact]
    public void Model_has_no_view_outside_the_window_or_before_enough_returns()
    {
        var parameters = Parameters();
        var model = new VolatilityKellyModel();
        var inputs = new FixedInputs();
        Observe(model, inputs, parameters, count: 3, Open);
        Assert.Null(model.Estimate(new ModelContext(Market(), MarketBook.Of(Book(Open.AddMinutes(5))), parameters, inputs, Open.AddMinutes(5))));

        Observe(model, inputs, parameters, count: 6, Open.AddSeconds(10));
        Assert.NotNull(model.Estimate(new ModelContext(Market(), MarketBook.Of(Book(Open.AddMinutes(5))), parameters, inputs, Open.AddMinutes(5))));
        Assert.Null(model.Estimate(new ModelContext(Market(), MarketBook.Of(Book(Open.AddMinutes(1))), parameters, inputs, Open.AddMinutes(1))));
        Assert.Null(model.Estimate(new ModelContext(Market(), MarketBook.Of(Book(Open.AddMinutes(13))), parameters, inputs, Open.AddMinutes(13))));
    }

    [Fact]
    public void VolatilityKelly_strategy_must_trade_only_inside_its_window()
    {
        var guardian = CreateTestProbe("guardian");
        var settings = new StrategyInstanceSettings("vk", StrategyKind.VolatilityKelly, true, [], ["KXBTC15M"], new Dictionary<string, string>
        {
            ["min-observations"] = "3",
            ["cooldown"] = "0s",
        });
        var strategy = ActorOf(StrategyActor.Props(settings, guardian.Ref));
        strategy.Tell(new MarketListed(Market()));
        strategy.Tell(new PortfolioUpdated(Money.FromDollars(1000), Money.FromDollars(1000), Money.FromDollars(1000), Money.Zero, Money.Zero, Money.Zero, Money.Zero, [], Open));

        // Minute 0 to 1: returns accumulate, but the window (2 to 12) has not opened.
        for (var i = 0; i < 5; i++)
        {
            strategy.Tell(SpotAt(i % 2 == 0 ? 100_200m : 100_250m, Clock!.GetUtcNow()));
            strategy.Tell(Book(Clock.GetUtcNow()));
            Clock.Advance(TimeSpan.FromSeconds(10));
        }

        guardian.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        Clock!.Advance(TimeSpan.FromMinutes(2));
        strategy.Tell(SpotAt(100_250m, Clock.GetUtcNow()));
        strategy.Tell(Book(Clock.GetUtcNow()));
        var intent = guardian.ExpectMsg<OrderIntent>();
        Assert.Equal(Side.Yes, intent.Side);
        Assert.Equal(["spot"], intent.InputFeeds);
        Assert.Equal(new IntentId($"vk:{Ticker}:1"), intent.IntentId);
    }

    private static void Observe(VolatilityKellyModel model, FixedInputs inputs, StrategyParameters parameters, int count, DateTimeOffset from)
    {
        for (var i = 0; i < count; i++)
        {
            var spot = SpotAt(i % 2 == 0 ? 100_100m : 100_150m, from.AddSeconds(i));
            inputs.Spot = spot;
            model.Observe(spot, parameters);
        }
    }

    private static StrategyParameters Parameters() =>
        StrategyParameters.Parse(StrategyKind.VolatilityKelly, new Dictionary<string, string> { ["min-observations"] = "5" }).Parameters;
}
