using KalshiActors.Testing;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Persistence.Tests.PostgreSql;
using Npgsql;
using Xunit.Abstractions;

namespace KalshiActors.Cluster.Tests;

/// <summary>
/// Three `kalshi-actors run --env cluster` processes on one throwaway PostgreSQL and one simulator (living in the test,
/// so it outlives the nodes, as the exchange would): shards spread evenly; a node SIGKILLed while trading has its shards
/// owned again within the lease timeout, with no duplicate order at the simulator, positions equal to a replay of the
/// journal's fills and the account's exposure never above its limit; a node cut off from PostgreSQL stops trading within
/// the lease timeout.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class ThreeNodeClusterTests(PostgreSqlServerFixture server, ITestOutputHelper output) : IAsyncLifetime
{
    private const int ShardCount = 12;
    private static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);
    private const decimal AccountMaxExposure = ClusterVenue.AccountMaxExposure;

    // The venue's database is the test's own, so the cluster tables use the default schema.
    private const string Schema = "public";

    private ClusterVenue _venue = null!;

    public async Task InitializeAsync()
    {
        _venue = await ClusterVenue.StartAsync(server.ConnectionString, "cluster_", simulatorSeed: 17);

        // One login role per node, so a test can cut one node off from the database (NOLOGIN + terminate its sessions).
        foreach (var node in new[] { "node_a", "node_b", "node_c" })
        {
            await _venue.AdminAsync($"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{node}') THEN CREATE ROLE {node} LOGIN SUPERUSER; END IF; END $$; ALTER ROLE {node} LOGIN");
        }
    }

    public async Task DisposeAsync() => await _venue.DisposeAsync();

    [Fact]
    public async Task ThreeNodes_ShardsSpreadEvenly_SigkillTakeover_And_CutOffNodeStopsTrading()
    {
        // The ladder's markets are one event, so one node trades them all within its third of the $30 account limit:
        // orders of at most 2 contracts (~$1.10 at risk each) leave it room for several fills.
        var config = _venue.WriteNodeConfig(ShardCount, LeaseTimeout, statusInterval: TimeSpan.FromMilliseconds(500),
            "ev-small { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 1s, max-contracts = 2 } }");
        var nodes = new Dictionary<string, ChildRun>(StringComparer.Ordinal);
        using var sampling = new CancellationTokenSource();
        Task<decimal>? exposureWatch = null;
        try
        {
            foreach (var node in new[] { "node_a", "node_b", "node_c" })
            {
                nodes[node] = _venue.StartNode(node, config, role: node);
            }

            // Shards spread evenly: each of three nodes holds exactly a third.
            var lastSeen = string.Empty;
            var owners = await WaitForAsync(
                () => "each node to hold 4 of 12 shards; last seen " + lastSeen,
                TimeSpan.FromSeconds(120),
                nodes,
                async () =>
                {
                    var held = await LockedShardsAsync();
                    lastSeen = string.Join(", ", held.GroupBy(o => o.Value).Select(g => $"{g.Key}: {g.Count()}"));
                    return held.Count == ShardCount && held.Values.GroupBy(o => o).All(g => g.Count() == ShardCount / 3) && held.Values.Distinct().Count() == 3 ? held : null;
                });
            output.WriteLine("owners: " + string.Join(", ", owners.OrderBy(o => o.Key).Select(o => $"{o.Key}={o.Value}")));

            exposureWatch = WatchExposureAsync(sampling.Token);
            await WaitForAsync("3 fills at the simulator", TimeSpan.FromSeconds(120), nodes, async () => (await _venue.Gateway.GetFillsAsync(new FillQuery(), CancellationToken.None)).Count >= 3 ? "ok" : null);

            // SIGKILL a node mid-trading: its shards must be owned again (new epoch, by a survivor) within the lease timeout.
            // The node trading the ladder (one event, so one node) is the one killed; of the other two, the second in id
            // order is cut off from the database later and the first survives both.
            var ladder = (await _venue.Gateway.GetFillsAsync(new FillQuery(), CancellationToken.None))[0].Ticker;
            var victim = (await LockedShardsAsync())[ShardMap.ShardOf(ladder, ShardCount)];
            var (survivor, cutOff) = nodes.Keys.Where(n => n != victim).Order(StringComparer.Ordinal).ToList() is [var first, var second] ? (first, second) : throw new InvalidOperationException("three nodes");
            output.WriteLine($"killing {victim} (it trades {ladder}); cutting off {cutOff}; {survivor} survives");
            owners = await LockedShardsAsync();
            var victimShards = owners.Where(o => o.Value == victim).Select(o => o.Key).ToHashSet();
            var epochsBefore = await EpochsAsync();
            nodes[victim].Kill();
            var killed = Stopwatch.StartNew();
            await WaitForAsync(
                $"{victim}'s shards to be owned again",
                TimeSpan.FromSeconds(60),
                nodes.Where(n => n.Key != victim).ToDictionary(),
                async () =>
                {
                    var held = await LockedShardsAsync();
                    var epochs = await EpochsAsync();
                    return victimShards.All(s => held.TryGetValue(s, out var owner) && owner != victim && epochs[s] > epochsBefore[s]) ? "ok" : null;
                });
            var takeover = killed.Elapsed;
            output.WriteLine($"takeover of {victimShards.Count} shards after SIGKILL: {takeover.TotalMilliseconds:0} ms (lease timeout {LeaseTimeout.TotalMilliseconds:0} ms)");
            Assert.True(takeover <= LeaseTimeout, $"takeover took {takeover.TotalMilliseconds:0} ms, more than the lease timeout");

            // Let the survivors trade on through the takeover and the killed node's budget expiry.
            await Task.Delay(TimeSpan.FromSeconds(8));

            // Cut another node off from PostgreSQL: it must stop trading (fence) within the lease timeout.
            var cShards = (await LockedShardsAsync()).Where(o => o.Value == cutOff).Select(o => o.Key).ToList();
            await _venue.AdminAsync($"ALTER ROLE {cutOff} NOLOGIN; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{cutOff}'");
            var cut = Stopwatch.StartNew();
            await nodes[cutOff].WaitForErrorTextAsync("FENCED", TimeSpan.FromSeconds(30));
            var fenced = cut.Elapsed;
            output.WriteLine($"{cutOff} fenced {fenced.TotalMilliseconds:0} ms after being cut off ({cShards.Count} shards)");
            Assert.True(fenced <= LeaseTimeout + TimeSpan.FromSeconds(1), $"{cutOff} stopped trading {fenced.TotalMilliseconds:0} ms after the cut");
            await WaitForAsync(
                $"{cutOff}'s shards to move to {survivor}",
                TimeSpan.FromSeconds(30),
                nodes.Where(n => n.Key == survivor).ToDictionary(),
                async () => (await LockedShardsAsync()).Count(o => o.Value == survivor) == ShardCount ? "ok" : null);
            nodes[cutOff].Kill();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await sampling.CancelAsync();
            var worstExposure = await exposureWatch;
            output.WriteLine($"highest account exposure seen: ${worstExposure:0.00} (limit ${AccountMaxExposure:0.00})");
            Assert.True(worstExposure <= AccountMaxExposure, $"exposure reached ${worstExposure:0.00}, above the account limit ${AccountMaxExposure:0.00}");

            nodes[survivor].Terminate();
            Assert.Equal(0, await nodes[survivor].WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        finally
        {
            await sampling.CancelAsync();
            foreach (var node in nodes.Values)
            {
                output.WriteLine(Tail(node.Out) + "\n" + Tail(node.Error));
                node.Dispose();
            }
        }

        // No duplicate order reached the simulator, and every order there was journaled before it was sent.
        var orders = await _venue.Gateway.GetOrdersAsync(new OrderQuery(), CancellationToken.None);
        Assert.NotEmpty(orders);
        Assert.Empty(orders.Where(o => o.ClientOrderId is not null).GroupBy(o => o.ClientOrderId).Where(g => g.Count() > 1).Select(g => g.Key));
        var journal = await JournalAsync();
        var submitted = journal.Where(e => e.Manifest == "OrderSubmitted.v1").Select(e => e.Payload.GetProperty("client_order_id").GetString()).ToHashSet(StringComparer.Ordinal);
        Assert.All(orders, o => Assert.Contains(o.ClientOrderId!.Value.Value, submitted));

        // Positions equal a replay of the journal's fills (no fill lost or booked twice across the takeover).
        var fills = journal.Where(e => e.Tags.Contains("fill")).Select(e => e.Payload).ToList();
        var tradeIds = fills.Select(f => f.GetProperty("trade_id").GetString()).ToList();
        Assert.Equal(tradeIds.Count, tradeIds.Distinct(StringComparer.Ordinal).Count());
        var exchangeFills = await _venue.Gateway.GetFillsAsync(new FillQuery(), CancellationToken.None);
        Assert.All(exchangeFills, f => Assert.Contains(f.TradeId, tradeIds));
        var positions = (await _venue.Gateway.GetPositionsAsync(CancellationToken.None)).ToDictionary(p => p.Ticker.Value, p => p.Position.Units);
        foreach (var market in fills.GroupBy(f => f.GetProperty("ticker").GetString()!))
        {
            var replayed = market.Sum(f => (f.GetProperty("side").GetString() == "Yes" ? 1 : -1) * Quantity.Parse(f.GetProperty("count").GetString()!).Units);
            Assert.Equal(replayed, positions.GetValueOrDefault(market.Key));
        }
    }

    private static string Tail(string text) => ClusterVenue.Tail(text);

    /// <summary>Shards whose advisory lock is held now, by the node holding it (from the lock sessions' application names).</summary>
    private async Task<Dictionary<int, string>> LockedShardsAsync()
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT l.objid::int, substring(a.application_name from length('kalshi-actors-lock:') + 1) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid " +
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2 AND a.application_name LIKE 'kalshi-actors-lock:%' AND l.classid::bigint = @space " +
            "AND a.datname = @database",
            connection);
        command.Parameters.AddWithValue("space", (long)(uint)ShardMap.Fnv1a("kalshi-actors.cluster." + Schema));
        command.Parameters.AddWithValue("database", _venue.Database);
        var held = new Dictionary<int, string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            held[reader.GetInt32(0)] = reader.GetString(1);
        }

        return held;
    }

    private async Task<Dictionary<int, long>> EpochsAsync()
    {
        await using var connection = new NpgsqlConnection(_venue.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT shard, epoch FROM public.cluster_shards", connection);
        var epochs = new Dictionary<int, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            epochs[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return epochs;
    }

    /// <summary>Samples the account at the simulator every 100 ms: cost of positions plus cost of resting buy orders; returns the highest.</summary>
    private async Task<decimal> WatchExposureAsync(CancellationToken stop)
    {
        var worst = 0m;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var positions = await _venue.Gateway.GetPositionsAsync(CancellationToken.None);
                var resting = await _venue.Gateway.GetOrdersAsync(new OrderQuery(Status: OrderStatus.Resting), CancellationToken.None);
                var exposure = positions.Sum(p => p.MarketExposure.Units / (decimal)Money.UnitsPerDollar) +
                               resting.Sum(o => (o.Side == BookSide.Bid ? o.YesPrice.Units : Price.UnitsPerDollar - o.YesPrice.Units) / (decimal)Price.UnitsPerDollar *
                                                (o.RemainingCount.Units / (decimal)Quantity.UnitsPerContract));
                worst = Math.Max(worst, exposure);
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return worst;
    }

    private sealed record JournalEvent(string Manifest, IReadOnlyList<string> Tags, JsonElement Payload);

    private async Task<IReadOnlyList<JournalEvent>> JournalAsync()
    {
        using var outWriter = new StringWriter();
        using var errorWriter = new StringWriter();
        var environment = new KalshiActors.Cli.CliEnvironment(outWriter, errorWriter, new Dictionary<string, string>(), []);
        var exit = await KalshiActors.Cli.KalshiActorsCli.RunAsync(["journal", "events", "--journal", "postgres:" + _venue.ConnectionString, "--format", "json"], environment);
        Assert.True(exit == 0, errorWriter.ToString());
        var events = new List<JournalEvent>();
        foreach (var line in outWriter.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var row = JsonDocument.Parse(line);
            var root = row.RootElement;
            var tags = root.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            events.Add(new JournalEvent(root.GetProperty("manifest").GetString()!, tags, root.GetProperty("payload").Clone()));
        }

        return events;
    }

    private static Task<T> WaitForAsync<T>(string what, TimeSpan timeout, IReadOnlyDictionary<string, ChildRun> nodes, Func<Task<T?>> probe)
        where T : class => WaitForAsync(() => what, timeout, nodes, probe);

    private static async Task<T> WaitForAsync<T>(Func<string> what, TimeSpan timeout, IReadOnlyDictionary<string, ChildRun> nodes, Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            var dead = nodes.Where(n => n.Value.HasExited).Select(n => n.Key).ToList();
            Assert.True(DateTime.UtcNow < deadline && dead.Count == 0, $"waited {timeout.TotalSeconds:0} s for {what()}; exited: [{string.Join(", ", dead)}]\n" +
                string.Join("\n", nodes.Select(n => $"--- {n.Key}:\n{Tail(n.Value.Out)}\n{Tail(n.Value.Error)}")));
            await Task.Delay(100);
        }
    }
}
