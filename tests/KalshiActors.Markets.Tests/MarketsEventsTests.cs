using System.Text;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Markets.Books;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Markets.Tests;

public sealed class MarketsEventsTests
{
    private static readonly DateTimeOffset At = TestMarkets.Start;
    private readonly EventRegistry _registry = MarketsEvents.Register(new EventRegistry());

    public static TheoryData<string, object> ValueEqualEvents() => new()
    {
        { "BookStatusChanged.v1", new BookStatusChanged(new MarketTicker("KXA-1"), BookStatus.Live, BookStatus.Stale, "gap", At) },
        { "BookStatusChanged.v1", new BookStatusChanged(new MarketTicker("KXA-1"), BookStatus.Live, BookStatus.Closed, "the market is determined", At) },
        { "BookQualityRecorded.v1", new BookQualityRecorded(new MarketTicker("KXA-1"), At, At.AddMinutes(5), 10, 1, 2, 3, 4, 500, 9_000) },
        { "MarketStateChanged.v1", new MarketStateChanged(new MarketTicker("KXA-1"), MarketState.Active, MarketState.Paused, At) },
        { "MarketSettled.v1", new MarketSettled(new MarketTicker("KXA-1"), Price.FromUnits(3060), true, At) },
    };

    [Theory]
    [MemberData(nameof(ValueEqualEvents))]
    public void Register_Event_RoundTripsUnderItsManifest(string manifest, object @event)
    {
        var payload = _registry.Serialize(@event);

        Assert.Equal(manifest, payload.Manifest);
        Assert.Equal(@event, _registry.Deserialize("p", 1, payload.Manifest, payload.Payload));
    }

    [Fact]
    public void Register_CircuitBreakerStateChanged_RoundTripsWithItsMarkets()
    {
        var change = new CircuitBreakerStateChanged("kalshi-ws", BreakerState.Closed, BreakerState.Open, "boom", [new MarketTicker("KXA-1"), new MarketTicker("KXB-2")], At);

        var payload = _registry.Serialize(change);
        var back = Assert.IsType<CircuitBreakerStateChanged>(_registry.Deserialize("p", 1, payload.Manifest, payload.Payload));

        Assert.Equal("CircuitBreakerStateChanged.v1", payload.Manifest);
        Assert.Equal(change with { AffectedMarkets = [] }, back with { AffectedMarkets = [] });
        Assert.Equal(change.AffectedMarkets, back.AffectedMarkets);
    }

    [Fact]
    public void Register_MarketListed_RoundTripsWithTicksAndFeesAsFixedPointStrings()
    {
        var listed = new MarketListed(TestMarkets.Market("KXBTC15M-26DEC040430-30"));

        var payload = _registry.Serialize(listed);
        var back = Assert.IsType<MarketListed>(_registry.Deserialize("p", 1, payload.Manifest, payload.Payload));

        Assert.Equal("MarketListed.v1", payload.Manifest);
        Assert.Equal(listed.Market with { Ticks = TickStructure.LinearCent }, back.Market with { Ticks = TickStructure.LinearCent });
        Assert.Equal(listed.Market.Ticks.Ranges, back.Market.Ticks.Ranges);
        var json = Encoding.UTF8.GetString(payload.Payload);
        Assert.Contains("\"step\":\"0.0010\"", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"Active\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_AlertRaised_RoundTripsWithItsKindTickerAndFigures()
    {
        var alert = new AlertRaised(
            "PriceDrop:KXA-1:1", AlertKind.PriceDrop, new MarketTicker("KXA-1"), "KXA-1 dropped", new Dictionary<string, string> { ["change24h"] = "-0.1200", ["volume24h"] = "500.00" }, At);
        var portfolioAlert = alert with { AlertId = "portfolio", Kind = AlertKind.PortfolioDrawdown, Ticker = null, Figures = new Dictionary<string, string>() };

        foreach (var original in new[] { alert, portfolioAlert })
        {
            var payload = _registry.Serialize(original);
            var back = Assert.IsType<AlertRaised>(_registry.Deserialize("p", 1, payload.Manifest, payload.Payload));

            Assert.Equal("AlertRaised.v1", payload.Manifest);
            Assert.Equal(original with { Figures = back.Figures }, back);
            Assert.Equal(original.Figures.OrderBy(f => f.Key), back.Figures.OrderBy(f => f.Key));
        }

        Assert.Contains("\"kind\":\"PriceDrop\"", Encoding.UTF8.GetString(_registry.Serialize(alert).Payload), StringComparison.Ordinal);
    }

    [Fact]
    public void Register_TwiceOnOneRegistry_IsRefused()
    {
        Assert.ThrowsAny<Exception>(() => MarketsEvents.Register(_registry));
    }
}
