using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Sqlite;
using TradeAction = KalshiActors.Domain.Action;

namespace KalshiActors.Cli.Tests;

public sealed class StrategiesCommandTests : IDisposable
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    /// <summary>
    /// ev buys 10 YES of A @ 0.40 (fee 0.17, edge 0.05 claimed) and A settles YES: +5.83. mr buys 5 YES of B @ 0.50 (fee 0.02)
    /// and sells them @ 0.45 (fee 0.02): -0.29. Plus an event of another module the report must skip.
    /// </summary>
    private async Task<string> Journal()
    {
        var registry = KalshiActors.Strategies.Framework.StrategiesEvents.Register(new EventRegistry());
        KalshiActors.Execution.ExecutionEvents.Register(registry);
        KalshiActors.Markets.MarketsEvents.Register(registry);
        var path = Path.Combine(_directory.Path, "journal.db");
        await using var storage = SqliteJournalStorage.Open(path, new PersistenceSettings());
        var rows = new List<JournalRow>();
        void Add(string persistenceId, object e)
        {
            var payload = registry.Serialize(e);
            rows.Add(new JournalRow(0, persistenceId, rows.Count + 1, payload.Manifest, payload.Payload, [], 1_700_000_000_000 + rows.Count, "w"));
        }

        Trade(Add, "ev", new MarketTicker("A"), TradeAction.Buy, 1, 0.6, Money.FromCents(5), 40, 10, Money.FromCents(17));
        Trade(Add, "mr", new MarketTicker("B"), TradeAction.Buy, 1, 0.55, Money.FromCents(2), 50, 5, Money.FromCents(2));
        Trade(Add, "mr", new MarketTicker("B"), TradeAction.Sell, 2, 0.45, Money.Zero, 45, 5, Money.FromCents(2));
        Add("catalog", new MarketSettled(new MarketTicker("A"), Price.One, false, At));
        rows.Add(new JournalRow(0, "other", 1, "SomethingElse.v9", "{}"u8.ToArray(), [], 1_700_000_000_100, "w"));
        await storage.WriteAsync(rows, CancellationToken.None);
        return path;
    }

    private static void Trade(Action<string, object> add, string strategy, MarketTicker ticker, TradeAction action, long number, double p, Money edge, int cents, int contracts, Money fee)
    {
        var intentId = IntentId.For(strategy, ticker, number);
        add("strategy-" + strategy, new SignalRaised(strategy, number, ticker, Side.Yes, action, p, Price.FromCents(cents), edge,
            new SizingRationale(0, 0.25, 1, Money.FromDollars(1000), Quantity.FromContracts(contracts), "x"), intentId, At));
        var order = intentId.ToClientOrderId();
        add("router-" + ticker.Value, new OrderSubmitted(order, intentId, strategy, ticker, new EventTicker("E"), Side.Yes, action, Price.FromCents(cents),
            Quantity.FromContracts(contracts), ExecutionStyle.ImmediateOrCancel, false, false, At));
        add("router-" + ticker.Value, new OrderFilled(order, new OrderId("o-" + order.Value), ticker, "t-" + order.Value, strategy, Side.Yes, action, Price.FromCents(cents),
            Quantity.FromContracts(contracts), fee, true, Quantity.FromContracts(contracts), At));
    }

    [Fact]
    public async Task StrategiesReport_Json_PerStrategyPnlHitRateAndEdges()
    {
        var path = await Journal();

        var result = await CliRun.RunAsync(["strategies", "report", "--journal", "sqlite:" + path, "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["ev", "mr"], lines.Select(l => l.GetProperty("strategy").GetString()));
        var ev = lines[0];
        Assert.Equal("5.8300", ev.GetProperty("pnl_after_fees").GetString());
        Assert.Equal(1.0, ev.GetProperty("hit_rate").GetDouble());
        Assert.Equal("0.0500", ev.GetProperty("avg_edge_at_entry").GetString());
        Assert.Equal("0.5830", ev.GetProperty("realised_edge").GetString());
        var mr = lines[1];
        Assert.Equal((2, 2), (mr.GetProperty("signals").GetInt32(), mr.GetProperty("fills").GetInt32()));
        Assert.Equal("-0.2900", mr.GetProperty("pnl_after_fees").GetString());
        Assert.Equal(0.0, mr.GetProperty("hit_rate").GetDouble());
    }

    [Fact]
    public async Task StrategiesReport_Table_ShowsEveryStrategy_AndSinceInTheFutureShowsNone()
    {
        var path = await Journal();

        var table = await CliRun.RunAsync(["strategies", "report", "--journal", "sqlite:" + path]);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("P&L counts positions closed", table.Out, StringComparison.Ordinal);
        Assert.Contains("5.8300", table.Out, StringComparison.Ordinal);
        Assert.Contains("-0.2900", table.Out, StringComparison.Ordinal);

        var later = await CliRun.RunAsync(["strategies", "report", "--journal", "sqlite:" + path, "--since", "2026-12-05T00:00Z"]);
        Assert.Equal(0, later.ExitCode);
        Assert.Contains("No strategy signals or fills", later.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StrategiesReport_BadSince_OrMissingJournal_IsAUsageError()
    {
        var path = await Journal();
        var bad = await CliRun.RunAsync(["strategies", "report", "--journal", "sqlite:" + path, "--since", "yesterday-ish"]);
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--since", bad.Error, StringComparison.Ordinal);

        var missing = await CliRun.RunAsync(["strategies", "report", "--journal", "sqlite:" + Path.Combine(_directory.Path, "nope.db")]);
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("no journal file", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StrategiesCalibration_BinsTheSettledSignals()
    {
        // ev's one settled signal: P(YES) 0.60 (bin [0.6, 0.7)), settled YES. Mid-bin 0.65 calibrates to (1 + 20 x 0.65) / 21 = 0.6667.
        var path = await Journal();

        var json = await CliRun.RunAsync(["strategies", "calibration", "--journal", "sqlite:" + path, "--strategy", "ev", "--format", "json"]);
        Assert.Equal(0, json.ExitCode);
        var bins = json.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(10, bins.Count);
        var six = bins[6];
        Assert.Equal((1, 1), (six.GetProperty("samples").GetInt32(), six.GetProperty("settled_yes").GetInt32()));
        Assert.Equal(14.0 / 21.0, six.GetProperty("calibrated_mid_bin").GetDouble(), 9);

        var table = await CliRun.RunAsync(["strategies", "calibration", "--journal", "sqlite:" + path]);
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("[0.60, 0.70)", table.Out, StringComparison.Ordinal);
        Assert.Contains("realised", table.Out, StringComparison.Ordinal);
    }
}
