using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Risk.Tests;

/// <summary>Every risk manifest survives a write and a read unchanged.</summary>
public sealed class RiskEventsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly OrderIntent SampleIntent = new(
        new IntentId("ev:KX-1:1"), "ev", new MarketTicker("KX-1"), new EventTicker("KX"), Side.No, Domain.Action.Buy, Price.FromCents(37),
        Quantity.Parse("12.50"), ExecutionStyle.FillOrKill, 0.42, Money.FromUnits(123), "arb-7", ["spot", "game-state"], At);

    public static TheoryData<string, object> Events() => new()
    {
        { "IntentApproved.v1", new IntentApproved(SampleIntent, new Dictionary<string, string> { ["market_exposure"] = "12.5000" }, At) },
        { "IntentRejected.v1", new IntentRejected(SampleIntent, RiskCheck.StaleFeed, "feed 'spot' is stale", new Dictionary<string, string> { ["stale_feed"] = "spot" }, At) },
        { "TradingStateChanged.v1", new TradingStateChanged(TradingState.Active, TradingState.Reducing, "daily loss limit hit", At) },
        { "KillSwitchActivated.v1", new KillSwitchActivated("runaway", "ops", At) },
        { "RiskHaltReset.v1", new RiskHaltReset("fixed", "ops", Money.FromDollars(900), At) },
        { "DrawdownBreakerTripped.v1", new DrawdownBreakerTripped(Money.FromDollars(800), Money.FromDollars(1000), "20.00%", At) },
        { "TradingDayStarted.v1", new TradingDayStarted(new DateOnly(2026, 12, 4), Money.FromDollars(1000), At) },
        { "DailyLossLimitHit.v1", new DailyLossLimitHit(new DateOnly(2026, 12, 4), Money.FromDollars(60), Money.FromDollars(50), At) },
        { "MarketBlocked.v1", new MarketBlocked(new MarketTicker("KX-1"), new ClientOrderId("c-1"), "timeout", At) },
        { "MarketUnblocked.v1", new MarketUnblocked(new MarketTicker("KX-1"), new ClientOrderId("c-1"), At) },
        { "IntentReleased.v1", new IntentReleased(new IntentId("ev:KX-1:1"), "order submitted", At) },
        {
            "RiskGuardianSnapshot.v1",
            new RiskGuardianSnapshot(
                TradingState.Halted, "kill switch", true, "runaway (ops)", true, Money.FromDollars(900), new DateOnly(2026, 12, 4), Money.FromDollars(1000),
                null, [new MarketBlocked(new MarketTicker("KX-1"), new ClientOrderId("c-1"), "timeout", At)], [new PendingIntent(SampleIntent, At)])
        },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Register_RiskEvent_RoundTripsUnderItsManifest(string manifest, object @event)
    {
        var registry = RiskEvents.Register(new EventRegistry());

        var payload = registry.Serialize(@event);
        var back = registry.Deserialize("risk-guardian", 1, payload.Manifest, payload.Payload);

        Assert.Equal(manifest, payload.Manifest);
        Assert.IsType(@event.GetType(), back);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(payload.Payload), System.Text.Encoding.UTF8.GetString(registry.Serialize(back).Payload));
    }

    [Fact]
    public void Register_IntentRejected_KeepsCheckNameAndFixedPointFiguresReadable()
    {
        var registry = RiskEvents.Register(new EventRegistry());

        var json = System.Text.Encoding.UTF8.GetString(registry.Serialize(Events().Skip(1).First()[1]).Payload);

        Assert.Contains("\"check\":\"StaleFeed\"", json, StringComparison.Ordinal);
        Assert.Contains("\"limitPrice\":\"0.3700\"", json, StringComparison.Ordinal);
        Assert.Contains("\"count\":\"12.50\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Register_Twice_IsRefused()
    {
        var registry = RiskEvents.Register(new EventRegistry());

        Assert.Throws<ArgumentException>(() => RiskEvents.Register(registry));
    }
}
