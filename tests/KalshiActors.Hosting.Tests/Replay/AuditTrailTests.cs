using System.Text.Json;
using KalshiActors.Hosting.Replay;
using KalshiActors.Persistence.Journal;

namespace KalshiActors.Hosting.Tests.Replay;

public sealed class AuditTrailTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private async Task<List<AuditRow>> ReadAsync(AuditFilter? filter = null)
    {
        var path = await HandBuiltJournal.WriteAsync(_temp.Path);
        await using var storage = await ReplayJournal.OpenAsync("sqlite:" + path, CancellationToken.None);
        var rows = new List<AuditRow>();
        await foreach (var row in AuditTrail.ReadAsync(storage, long.MaxValue))
        {
            if (filter?.Keeps(row) ?? true)
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    [Fact]
    public async Task EveryEvent_GivesItsRows_InJournalOrder()
    {
        var rows = await ReadAsync();

        Assert.Equal(HandBuiltJournal.Kinds, rows.Select(r => r.Kind));
        Assert.Equal([1L, 2, 3, 3, 4, 5, 6, 7, 8, 9, 9, 10, 11, 12, 13, 14, 15, 16], rows.Select(r => r.Ordering));
        Assert.Equal(HandBuiltJournal.Start.AddSeconds(5), rows.Single(r => r.Kind == "fill").Time);
    }

    [Fact]
    public async Task Rows_SayWhatHappenedAndWhy()
    {
        var rows = await ReadAsync();
        string Summary(int index) => rows[index].Summary;

        Assert.Equal("cash deposited 10000.000000: starting-cash", Summary(0));
        Assert.StartsWith("ev-small signal #1: Buy Yes at 0.4500, model p=0.6200, edge 0.1400/contract after fees; size 5.00", Summary(1), StringComparison.Ordinal);
        Assert.EndsWith("; book #41 Live: yes bid 0.4300 x 10.00, yes ask 0.4500 x 8.00, mid 0.4400, spread 0.0200", Summary(1), StringComparison.Ordinal);
        Assert.Equal("approved; figures: market_exposure=0.0000, order_dollars=2.2500", Summary(3));
        Assert.Equal("submitted Buy 5.00 Yes @ 0.4500 (ImmediateOrCancel)", Summary(4));
        Assert.Equal("accepted as ex-1; resting 0.00", Summary(5));
        Assert.Equal("filled 5.00 Yes @ 0.4500, fee 0.0900, taker; filled 5.00 in all (trade trade-1)", Summary(6));
        Assert.Equal("booked trade trade-1: Buy 5.00 Yes @ 0.4500, fee 0.0900", Summary(7));
        Assert.Equal("rejected by MaxContractsPerOrder: 50.00 contracts > 20.00 per order; figures: contracts=50.00, limit=20.00", Summary(10));
        Assert.Equal("KillSwitchActivated: reason=drill, operator=ops, at=2026-12-04T10:00:09+00:00", Summary(11));
        Assert.Equal("trading Active -> Halted: kill switch: drill", Summary(12));
        Assert.Equal("exchange-orders: Closed -> Open: failure ratio over threshold", Summary(13));
        Assert.Equal("ev-small disabled", Summary(14));
        Assert.StartsWith("FutureThing.v3 (not known to this version): ticker=", Summary(16), StringComparison.Ordinal);

        // Order events carry the strategy and intent of their submission; the unknown event keeps its raw JSON.
        Assert.All(rows.Skip(4).Take(4), r => Assert.Equal(("ev-small", HandBuiltJournal.Intent.Value, HandBuiltJournal.Order.Value), (r.Strategy, r.IntentId, r.ClientOrderId)));
        Assert.Equal(HandBuiltJournal.Market.Value, rows[16].Market);
        Assert.Contains("from a later version", rows[16].Details, StringComparison.Ordinal);
        Assert.Equal(HandBuiltJournal.Market.Value, rows[15].Market);
    }

    [Fact]
    public async Task Filters_ByStrategyMarketAndTime()
    {
        var big = await ReadAsync(new AuditFilter(Strategy: "ev-big"));
        Assert.Equal(["signal", "intent", "risk_decision"], big.Select(r => r.Kind));

        var window = await ReadAsync(new AuditFilter(Since: HandBuiltJournal.Start.AddSeconds(9), Until: HandBuiltJournal.Start.AddSeconds(11)));
        Assert.Equal(["operator_command", "risk_state", "breaker"], window.Select(r => r.Kind));

        var market = await ReadAsync(new AuditFilter(Market: HandBuiltJournal.Market.Value.ToLowerInvariant()));
        Assert.DoesNotContain(market, r => r.Kind is "portfolio" or "digest" or "risk_state");
    }

    [Fact]
    public async Task Csv_HasAHeaderAndQuotesWhatNeedsIt_Json_IsOneObjectPerRow()
    {
        var path = await HandBuiltJournal.WriteAsync(_temp.Path);
        await using var storage = await ReplayJournal.OpenAsync("sqlite:" + path, CancellationToken.None);
        using var csv = new StringWriter();
        await AuditTrail.WriteAsync(AuditTrail.ReadAsync(storage, 5), "csv", csv, CancellationToken.None);
        using var json = new StringWriter();
        await AuditTrail.WriteAsync(AuditTrail.ReadAsync(storage, 5), "json", json, CancellationToken.None);

        var lines = csv.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AuditRow.CsvHeader, lines[0].TrimEnd('\r'));
        Assert.Equal(7, lines.Length);
        Assert.StartsWith(
            $"5,2026-12-04T10:00:04.000Z,order,{HandBuiltJournal.Market},ev-small,{HandBuiltJournal.Order},{HandBuiltJournal.Intent},accepted as ex-1; resting 0.00,OrderAccepted.v1,router-{HandBuiltJournal.Market},2,\"{{",
            lines[6], StringComparison.Ordinal);

        var objects = json.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["portfolio", "signal", "intent", "risk_decision", "order", "order"], objects.Select(o => o.GetProperty("kind").GetString()));
        Assert.Equal(0.62, objects[1].GetProperty("details").GetProperty("modelProbability").GetDouble());
        Assert.Equal(JsonValueKind.Null, objects[0].GetProperty("market").ValueKind);
    }

    [Fact]
    public async Task Replay_OfTheHandBuiltJournal_RecoversTheProductionActorsFromIt()
    {
        var path = await HandBuiltJournal.WriteAsync(_temp.Path);
        var configuration = Configuration.KalshiActorsConfiguration.Load(new Configuration.ConfigurationSources());

        var result = await JournalReplay.RunAsync(configuration, new ReplayOptions { JournalUri = "sqlite:" + path }, null, CancellationToken.None);
        var lines = string.Join("\n", result.ToLines());

        Assert.Equal(16, result.Bound.Ordering);
        Assert.Contains($"    position {HandBuiltJournal.Market}: 5.00 yes, cost 2.250000, fees 0.090000", lines, StringComparison.Ordinal);
        Assert.Contains("  portfolio: cash 9997.660000", lines, StringComparison.Ordinal);
        Assert.Contains("risk: trading Halted, kill switch on", lines, StringComparison.Ordinal);
        Assert.Contains("  open orders: 0", lines, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpeningAMissingJournal_IsAClearError_AndCreatesNothing()
    {
        var missing = Path.Combine(_temp.Path, "nope.db");
        var error = await Assert.ThrowsAsync<ReplayException>(() => ReplayJournal.OpenAsync("sqlite:" + missing, CancellationToken.None));

        Assert.Contains("no journal file there", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        await Assert.ThrowsAsync<ReplayException>(() => ReplayJournal.OpenAsync("bogus:thing", CancellationToken.None));
    }

    [Fact]
    public async Task UntilOrdering_Negative_IsAClearError()
    {
        await using var storage = new InMemoryJournalStorage();
        var error = await Assert.ThrowsAsync<ReplayException>(() => ReplayJournal.ResolveBoundAsync(storage, -1, null, CancellationToken.None));
        Assert.Contains("orderings start at 1", error.Message, StringComparison.Ordinal);
    }
}
