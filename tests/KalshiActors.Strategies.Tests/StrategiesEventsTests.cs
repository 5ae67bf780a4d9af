using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Strategies.Framework;
using TradeAction = KalshiActors.Domain.Action;

namespace KalshiActors.Strategies.Tests;

public sealed class StrategiesEventsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly EventRegistry _registry = StrategiesEvents.Register(new EventRegistry());

    [Fact]
    public void SignalRaised_RoundTrips()
    {
        var sizing = new SizingRationale(0.17, 0.25, 0.625, Money.FromDollars(1000), Quantity.Parse("51.00"), "why");
        var signal = new SignalRaised("ev", 7, new MarketTicker("KXSIMBTCD-26DEC0412-T100000"), Side.No, TradeAction.Buy, 0.6183, Price.FromCents(50),
            Money.FromUnits(1008), sizing, IntentId.For("ev", new MarketTicker("KXSIMBTCD-26DEC0412-T100000"), 7), At);
        var back = RoundTrip(signal, "SignalRaised.v1");
        Assert.Equal(signal, back);
    }

    [Fact]
    public void SignalRaised_WithTheBookSeen_RoundTrips()
    {
        var sizing = new SizingRationale(0.17, 0.25, 1, Money.FromDollars(1000), Quantity.Parse("5.00"), "why");
        var top = new BookTop(Price.FromCents(41), Quantity.Parse("12.00"), Price.FromCents(44), Quantity.Parse("3.50"));
        var signal = new SignalRaised("ev", 2, new MarketTicker("T-1"), Side.Yes, TradeAction.Buy, 0.5, Price.FromCents(44), Money.FromUnits(100), sizing, null, At)
        {
            Book = new SignalBook(17, top, Price.ParseDollars("0.4250"), Price.FromCents(3), BookStatus.Live, At),
        };
        var back = RoundTrip(signal, "SignalRaised.v1");
        Assert.Equal(signal.Book, back.Book);
        Assert.Equal(signal with { Book = null }, back with { Book = null });
    }

    [Fact]
    public void SignalRaised_WithoutIntent_RoundTrips()
    {
        var sizing = new SizingRationale(0, 0.25, 1, Money.Zero, Quantity.Zero, "no bankroll");
        var signal = new SignalRaised("ev", 1, new MarketTicker("T-1"), Side.Yes, TradeAction.Buy, 0.5, Price.FromCents(1), Money.Zero, sizing, null, At);
        Assert.Equal(signal, RoundTrip(signal, "SignalRaised.v1"));
    }

    [Fact]
    public void StrategyEnabledChanged_RoundTrips()
    {
        var e = new StrategyEnabledChanged("ev", false, At);
        Assert.Equal(e, RoundTrip(e, "StrategyEnabledChanged.v1"));
    }

    [Fact]
    public void StrategyParametersChanged_RoundTrips()
    {
        var e = new StrategyParametersChanged("ev", new Dictionary<string, string> { ["min-edge"] = "0.05", ["style"] = "maker" }, At);
        var back = RoundTrip(e, "StrategyParametersChanged.v1");
        Assert.Equal(e.StrategyId, back.StrategyId);
        Assert.Equal(e.At, back.At);
        Assert.Equal(e.Overrides.OrderBy(kv => kv.Key), back.Overrides.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void StrategyIntentResolved_RoundTrips()
    {
        var e = new StrategyIntentResolved("ev", new IntentId("ev:T-1:3"), new MarketTicker("T-1"), IntentOutcome.TimedOut, "no answer", At);
        Assert.Equal(e, RoundTrip(e, "StrategyIntentResolved.v1"));
    }

    [Fact]
    public void StrategyFillRecorded_RoundTrips()
    {
        var e = new StrategyFillRecorded("dip", "T-9", new MarketTicker("T-1"), Side.Yes, TradeAction.Buy, Price.FromCents(40), Quantity.FromContracts(3),
            Money.FromUnits(510), At.AddHours(5), At);
        Assert.Equal(e, RoundTrip(e, "StrategyFillRecorded.v1"));
    }

    [Fact]
    public void StrategyOutcomeRecorded_RoundTrips()
    {
        var e = new StrategyOutcomeRecorded("ev", new MarketTicker("T-1"), Price.One, At);
        Assert.Equal(e, RoundTrip(e, "StrategyOutcomeRecorded.v1"));
    }

    [Fact]
    public void ArbitrageOpened_RoundTrips()
    {
        var legs = new List<ArbitrageLegSent>
        {
            new(new IntentId("arb:A:1"), new MarketTicker("A"), Side.Yes, Price.FromCents(30), Quantity.FromContracts(15)),
            new(new IntentId("arb:B:2"), new MarketTicker("B"), Side.No, Price.FromCents(55), Quantity.FromContracts(15)),
        };
        var e = new ArbitrageOpened("arb", "arb:E:1", Models.ArbitrageKind.StrikeLadder, new EventTicker("E"), legs, Money.FromUnits(8100), 0.057, 0.9, 0.15, At);
        var back = RoundTrip(e, "ArbitrageOpened.v1");
        Assert.Equal(e.Legs, back.Legs);
        Assert.Equal(e with { Legs = back.Legs }, back);
        Assert.Contains("\"StrikeLadder\"", System.Text.Encoding.UTF8.GetString(_registry.Serialize(e).Payload), StringComparison.Ordinal);
    }

    [Fact]
    public void ArbitrageClosed_RoundTrips()
    {
        var e = new ArbitrageClosed("arb", "arb:E:1", ArbitrageOutcome.Unwound, Money.FromUnits(15000), "a leg failed", At);
        Assert.Equal(e, RoundTrip(e, "ArbitrageClosed.v1"));
    }

    [Fact]
    public void EnumsAreStoredByName()
    {
        var e = new StrategyIntentResolved("ev", new IntentId("ev:T-1:3"), new MarketTicker("T-1"), IntentOutcome.Rejected, "x", At);
        var json = System.Text.Encoding.UTF8.GetString(_registry.Serialize(e).Payload);
        Assert.Contains("\"Rejected\"", json, StringComparison.Ordinal);
    }

    private T RoundTrip<T>(T value, string manifest)
        where T : notnull
    {
        var payload = _registry.Serialize(value);
        Assert.Equal(manifest, payload.Manifest);
        return Assert.IsType<T>(_registry.Deserialize("p", 1, payload.Manifest, payload.Payload));
    }
}
