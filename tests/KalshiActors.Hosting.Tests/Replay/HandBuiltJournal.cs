using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Replay;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Sqlite;
using KalshiActors.Portfolio;
using KalshiActors.Strategies.Framework;
using TradeAction = KalshiActors.Domain.Action;

namespace KalshiActors.Hosting.Tests.Replay;

/// <summary>
/// A small journal written by hand, one event of each audit kind, one second apart from <see cref="Start"/>: a signal
/// approved into an order that filled and was booked, a second signal rejected, a kill switch, a trading-state change, a
/// breaker change, a strategy disabled, an alert, an event of a future version and a recorded digest.
/// </summary>
internal static class HandBuiltJournal
{
    public static readonly DateTimeOffset Start = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);

    public static readonly MarketTicker Market = new("KXSIMBTCD-26DEC0410-T100000");

    public static readonly IntentId Intent = IntentId.For("ev-small", Market, 1);

    public static readonly ClientOrderId Order = Intent.ToClientOrderId();

    /// <summary>The audit kinds the rows of the journal have, in order.</summary>
    public static readonly string[] Kinds =
    [
        "portfolio", "signal", "intent", "risk_decision", "order", "order", "fill", "position", "signal", "intent", "risk_decision",
        "operator_command", "risk_state", "breaker", "configuration", "alert", "unknown", "digest",
    ];

    public static async Task<string> WriteAsync(string directory)
    {
        var path = Path.Combine(directory, $"hand-built-{Guid.NewGuid():N}.db");
        var registry = ReplayJournal.CreateRegistry();
        var rows = new List<(string Id, string Manifest, byte[] Payload, string[] Tags)>();
        void Add(string id, object e, params string[] tags)
        {
            var serialized = registry.Serialize(e);
            rows.Add((id, serialized.Manifest, serialized.Payload, tags));
        }

        void Raw(string id, string manifest, string json) => rows.Add((id, manifest, System.Text.Encoding.UTF8.GetBytes(json), []));

        DateTimeOffset At(int second) => Start.AddSeconds(second);
        var sizing = new SizingRationale(0.2, 0.25, 1, Money.FromCents(1_000_000), Quantity.FromContracts(5), "quarter kelly");
        var small = new OrderIntent(Intent, "ev-small", Market, new EventTicker("KXSIMBTCD-26DEC0410"), Side.Yes, TradeAction.Buy, Price.FromCents(45), Quantity.FromContracts(5),
            ExecutionStyle.ImmediateOrCancel, 0.62, Money.FromCents(14), null, [], At(1));
        var bigIntent = IntentId.For("ev-big", Market, 1);
        var big = small with { IntentId = bigIntent, StrategyId = "ev-big", Count = Quantity.FromContracts(50) };
        var book = new SignalBook(41, new BookTop(Price.FromCents(43), Quantity.FromContracts(10), Price.FromCents(45), Quantity.FromContracts(8)), Price.FromCents(44), Price.FromCents(2), BookStatus.Live, At(1));
        var orderId = new OrderId("ex-1");

        Add("portfolio", new CashDeposited(10_000_000_000, "starting-cash", At(0)));
        Add("strategy-ev-small", new SignalRaised("ev-small", 1, Market, Side.Yes, TradeAction.Buy, 0.62, Price.FromCents(45), Money.FromCents(14), sizing, Intent, At(1)) { Book = book });
        Add("risk-guardian", new IntentApproved(small, new Dictionary<string, string> { ["order_dollars"] = "2.2500", ["market_exposure"] = "0.0000" }, At(2)));
        Add("router-" + Market.Value, new OrderSubmitted(Order, Intent, "ev-small", Market, small.EventTicker, Side.Yes, TradeAction.Buy, Price.FromCents(45), Quantity.FromContracts(5),
            ExecutionStyle.ImmediateOrCancel, false, false, At(3)), "order");
        Add("router-" + Market.Value, new OrderAccepted(Order, orderId, Market, Quantity.Zero, At(4)), "order");
        Add("router-" + Market.Value, new OrderFilled(Order, orderId, Market, "trade-1", "ev-small", Side.Yes, TradeAction.Buy, Price.FromCents(45), Quantity.FromContracts(5),
            Money.FromCents(9), true, Quantity.FromContracts(5), At(5)), "fill", "order");
        Add("portfolio", new FillBooked("trade-1", Order, Market, "ev-small", Side.Yes, TradeAction.Buy, Price.FromCents(45), Quantity.FromContracts(5), Money.FromCents(9), true, false, At(6)));
        Add("strategy-ev-big", new SignalRaised("ev-big", 1, Market, Side.Yes, TradeAction.Buy, 0.62, Price.FromCents(45), Money.FromCents(14), sizing, bigIntent, At(7)));
        Add("risk-guardian", new IntentRejected(big, RiskCheck.MaxContractsPerOrder, "50.00 contracts > 20.00 per order", new Dictionary<string, string> { ["contracts"] = "50.00", ["limit"] = "20.00" }, At(8)));
        Raw("risk-guardian", "KillSwitchActivated.v1", """{"reason":"drill","operator":"ops","at":"2026-12-04T10:00:09+00:00"}""");
        Add("risk-guardian", new TradingStateChanged(TradingState.Active, TradingState.Halted, "kill switch: drill", At(10)));
        Add("breaker-exchange-orders", new CircuitBreakerStateChanged("exchange-orders", BreakerState.Closed, BreakerState.Open, "failure ratio over threshold", [], At(11)));
        Add("strategy-ev-small", new StrategyEnabledChanged("ev-small", false, At(12)));
        Raw("alerts", "AlertRaised.v1", $$"""{"alertId":"a-1","kind":"PriceDrop","ticker":"{{Market.Value}}","message":"dropped 12c","figures":{"drop":"0.1200"},"at":"2026-12-04T10:00:13+00:00"}""");
        Raw("future", "FutureThing.v3", $$"""{"ticker":"{{Market.Value}}","note":"from a later version"}""");
        Add(HostingEvents.StateDigestPersistenceId, new StateDigestRecorded(new string('0', 64), 16, "shutdown", new Dictionary<string, string>(), At(15)));

        await using var storage = SqliteJournalStorage.Open(path, new PersistenceSettings());
        var sequence = new Dictionary<string, long>();
        for (var i = 0; i < rows.Count; i++)
        {
            var (id, manifest, payload, tags) = rows[i];
            sequence[id] = sequence.GetValueOrDefault(id) + 1;
            await storage.WriteAsync([new JournalRow(0, id, sequence[id], manifest, payload, tags, At(i).ToUnixTimeMilliseconds(), "hand")], CancellationToken.None);
        }

        return path;
    }

    /// <summary>Appends a digest record as the node would (after the journal's last row), stamped <paramref name="at"/>.</summary>
    public static async Task AppendDigestAsync(string path, string digest, long ordering, DateTimeOffset at)
    {
        var serialized = ReplayJournal.CreateRegistry().Serialize(new StateDigestRecorded(digest, ordering, "periodic", new Dictionary<string, string>(), at));
        await using var storage = SqliteJournalStorage.Open(path, new PersistenceSettings());
        var sequence = await storage.ReadHighestSequenceNrAsync(HostingEvents.StateDigestPersistenceId, CancellationToken.None) + 1;
        await storage.WriteAsync(
            [new JournalRow(0, HostingEvents.StateDigestPersistenceId, sequence, serialized.Manifest, serialized.Payload, [], at.ToUnixTimeMilliseconds(), "hand")],
            CancellationToken.None);
    }
}
