using KalshiActors.Domain;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Portfolio.Ledger;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Portfolio.Tests;

/// <summary>Every portfolio manifest survives a serialize / deserialize round trip.</summary>
public sealed class PortfolioEventsTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 15, 30, 0, TimeSpan.Zero);

    public static TheoryData<string, object> Events() => new()
    {
        { "FillBooked.v1", new FillBooked("t-1", new ClientOrderId("c-1"), new MarketTicker("MKT-A"), "s", Side.No, Action.Sell, Price.ParseDollars("0.4567"), Quantity.Parse("2.50"), Money.ParseDollars("0.0123"), true, false, At) },
        { "SettlementBooked.v1", new SettlementBooked(new MarketTicker("MKT-A"), Price.ParseDollars("0.65"), true, At) },
        { "CashDeposited.v1", new CashDeposited(-1_234_567, "starting-cash", At) },
        { "PortfolioTradingDayStarted.v1", new TradingDayStarted(new DateOnly(2026, 12, 4), 10_000_000_001, -3, At) },
        { "EquitySnapshotTaken.v1", new EquitySnapshotTaken(1, -2, 3, 4, -5, 6, -7, 8, At) },
        { "PositionDiscrepancyFound.v1", new PositionDiscrepancyFound(new MarketTicker("MKT-A"), Quantity.Parse("-3"), Quantity.Parse("2.5"), At) },
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void Event_round_trips_under_its_manifest(string manifest, object @event)
    {
        var registry = PortfolioEvents.Register(new EventRegistry());
        var serialized = registry.Serialize(@event);
        Assert.Equal(manifest, serialized.Manifest);
        Assert.Equal(@event, registry.Deserialize("portfolio", 1, manifest, serialized.Payload));
    }

    [Fact]
    public void Money_fields_are_written_as_fixed_point_strings()
    {
        var registry = PortfolioEvents.Register(new EventRegistry());
        var json = System.Text.Encoding.UTF8.GetString(registry.Serialize(new CashDeposited(-1_234_567, "x", At)).Payload);
        Assert.Contains("\"amountMicros\":\"-1.234567\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_round_trips_under_its_manifest()
    {
        var registry = PortfolioEvents.Register(new EventRegistry());
        var ledger = new PortfolioLedger();
        ledger.Deposit(5_000_000);
        ledger.ApplyFill(new LedgerFill(new MarketTicker("MKT-A"), Side.No, Action.Buy, Price.ParseDollars("0.33"), Quantity.Parse("1.5"), Money.ParseDollars("0.01")));
        ledger.StartDay(new DateOnly(2026, 12, 4), 4_000_000, 5_000_000);
        var snapshot = new PortfolioSnapshot(ledger.ToState(), ["a", "b"], true);
        var serialized = registry.Serialize(snapshot);
        Assert.Equal("PortfolioSnapshot.v1", serialized.Manifest);
        var back = (PortfolioSnapshot)registry.Deserialize("portfolio", 1, serialized.Manifest, serialized.Payload);
        Assert.Equal(serialized.Payload, registry.Serialize(back).Payload);
        Assert.Equal(PortfolioDigest.Canonical(ledger), PortfolioDigest.Canonical(PortfolioLedger.FromState(back.Ledger)));
        Assert.Equal(["a", "b"], back.BookedTradeIds);
        Assert.True(back.CashInitialized);
    }
}
