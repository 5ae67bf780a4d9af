using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Persistence.Tests.PostgreSql;
using KalshiActors.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace KalshiActors.Cluster.Tests;

/// <summary>
/// `kalshi-actors run --env cluster --dashboard-url ...` processes on one throwaway PostgreSQL and one simulator (in the
/// test): the dashboard of either node shows the whole cluster (members, every shard's owner and epoch, the budgets, and
/// the account's positions from every node's fills in the shared journal); a kill switch on one node cancels the resting
/// orders of every node and halts them all, a node joining later starts halted, and a reset on any node clears them all.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed partial class ClusterDashboardTests(PostgreSqlServerFixture server, ITestOutputHelper output) : IAsyncLifetime
{
    private const int ShardCount = 12;

    // Every node applies a change of the control row on its next heartbeat (250 ms here); this bounds it generously for a loaded machine.
    private static readonly TimeSpan PropagationBound = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, ChildRun> _nodes = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private ClusterVenue _venue = null!;
    private string _token = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        _venue = await ClusterVenue.StartAsync(server.ConnectionString, "cluster_dash_", simulatorSeed: 23, extraEvents: 16);

        // One token for every node's dashboard (they share the working directory), written before any starts.
        _token = Convert.ToHexString(Guid.NewGuid().ToByteArray()) + Convert.ToHexString(Guid.NewGuid().ToByteArray());
        Directory.CreateDirectory(Path.Combine(_venue.Temp, "data"));
        var tokenFile = _venue.Write(Path.Combine("data", "dashboard-token"), _token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        // No strategy: the only orders are the operator's (manual orders through each node's dashboard), so the test
        // knows which node holds which order and position.
        _config = _venue.WriteNodeConfig(ShardCount, leaseTimeout: TimeSpan.FromSeconds(3), statusInterval: TimeSpan.FromSeconds(2));
    }

    public async Task DisposeAsync()
    {
        foreach (var (name, node) in _nodes)
        {
            output.WriteLine($"--- {name}:\n{Tail(node.Out)}\n{Tail(node.Error)}");
            node.Dispose();
        }

        _http.Dispose();
        await _venue.DisposeAsync();
    }

    [Fact]
    public async Task Either_nodes_dashboard_shows_the_whole_cluster_and_a_kill_switch_on_one_node_halts_every_node()
    {
        var a = await StartNodeAsync("node_a");
        var b = await StartNodeAsync("node_b");

        // Either dashboard: both members live with half the shards each, every shard owned by a live node, both budgets.
        foreach (var url in new[] { a, b })
        {
            var view = await EventuallyAsync(url, "/api/cluster", "both members with 6 shards each and both budgets", v =>
                v["members"]!.AsArray().Count(m => m!["live"]!.GetValue<bool>() && m["shards"]!.GetValue<int>() == ShardCount / 2) == 2 &&
                v["shards"]!.AsArray().All(s => s!["ownerLive"]!.GetValue<bool>()) &&
                v["budgets"]!.AsArray().Count == 2);
            Assert.Equal("cluster", view["mode"]!.GetValue<string>());
            Assert.Equal(ShardCount, view["shards"]!.AsArray().Count);
            Assert.Equal(["node_a", "node_b"], view["shards"]!.AsArray().Select(s => s!["owner"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
            Assert.All(view["shards"]!.AsArray(), s => Assert.True(s!["epoch"]!.GetValue<long>() >= 1));
            Assert.True(Money.ParseDollars(view["leasedExposure"]!.GetValue<string>()) <= Money.FromDollars((long)ClusterVenue.AccountMaxExposure));
            Assert.False(view["control"]!["halted"]!.GetValue<bool>());
        }

        // Each node buys one contract in a market of its own shards; either dashboard shows both positions, as the exchange holds them.
        var boughtByA = await BuyAtTheAskAsync(a, "node_a");
        var boughtByB = await BuyAtTheAskAsync(b, "node_b");
        var exchange = (await _venue.Gateway.GetPositionsAsync(CancellationToken.None)).ToDictionary(p => p.Ticker.Value, p => p.Position.Units);
        foreach (var url in new[] { a, b })
        {
            var view = await EventuallyAsync(url, "/api/cluster", "both nodes' positions", v =>
                Positions(v).GetValueOrDefault(boughtByA) == exchange[boughtByA] && Positions(v).GetValueOrDefault(boughtByB) == exchange[boughtByB]);
            Assert.All(exchange.Where(p => p.Value != 0), p => Assert.Equal(p.Value, Positions(view).GetValueOrDefault(p.Key)));
        }

        // The page of node a shows the same in its Cluster panel, in a real browser.
        await RunBrowserTestAsync(a);

        // A resting order on node b, far below the market.
        var restingTicker = await RestingBuyAsync(b, "node_b");
        await EventuallyAsync(async () => (await RestingAsync()).Any(o => o.Ticker.Value == restingTicker) ? "ok" : null, "node b's order resting at the exchange");

        // The kill switch on node a: node b cancels its orders and halts.
        var kill = await PostAsync(a, "/api/kill-switch", """{"reason":"cluster test","operator":"tester"}""");
        Assert.Contains("across the cluster", kill["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var killed = Stopwatch.StartNew();
        await EventuallyAsync(b, "/api/state", "node b halted", s => s["tradingState"]!.GetValue<string>() == "halted" && s["risk"]!["killSwitch"]!.GetValue<bool>(), PropagationBound);
        await EventuallyAsync(async () => (await RestingAsync()).Count == 0 ? "ok" : null, "no order resting anywhere", PropagationBound);
        output.WriteLine($"kill switch on node a -> node b halted and its orders cancelled: {killed.ElapsedMilliseconds} ms (heartbeat 250 ms)");
        Assert.Equal("halted", (await GetAsync(a, "/api/state"))["tradingState"]!.GetValue<string>());
        var halted = await EventuallyAsync(b, "/api/cluster", "both members reporting halted", v =>
            v["control"]!["halted"]!.GetValue<bool>() && v["members"]!.AsArray().Where(m => m!["live"]!.GetValue<bool>()).All(m => m!["tradingState"]?.GetValue<string>() == "halted"));
        Assert.Equal("node_a", halted["control"]!["changedBy"]!.GetValue<string>());
        Assert.Equal("tester", halted["control"]!["operator"]!.GetValue<string>());

        // A node joining later starts halted.
        var c = await StartNodeAsync("node_c");
        await EventuallyAsync(c, "/api/state", "node c halted", s => s["tradingState"]!.GetValue<string>() == "halted" && s["risk"]!["killSwitch"]!.GetValue<bool>(), PropagationBound);

        // A reset on node b clears every node.
        var reset = await PostAsync(b, "/api/risk/reset", """{"reason":"all clear","operator":"tester"}""");
        Assert.Contains("off across the cluster", reset["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var resetAt = Stopwatch.StartNew();
        foreach (var url in new[] { a, b, c })
        {
            await EventuallyAsync(url, "/api/state", "kill switch off", s => !s["risk"]!["killSwitch"]!.GetValue<bool>() && s["tradingState"]!.GetValue<string>() != "halted", PropagationBound);
        }

        output.WriteLine($"reset on node b -> every node's kill switch off: {resetAt.ElapsedMilliseconds} ms");
        Assert.False((await GetAsync(c, "/api/cluster"))["control"]!["halted"]!.GetValue<bool>());

        foreach (var node in _nodes.Values)
        {
            node.Terminate();
        }

        foreach (var (name, node) in _nodes)
        {
            Assert.True(await node.WaitForExitAsync(TimeSpan.FromSeconds(60)) == 0, $"{name} did not stop cleanly");
        }
    }

    // tests/browser/cluster-panel.test.mjs against a node's dashboard (run.sh installs node, chromium and playwright-core when missing).
    private async Task RunBrowserTestAsync(string url)
    {
        var browser = Path.Combine(RepositoryLayout.Root, "tests", "browser");
        var start = new ProcessStartInfo("bash", [Path.Combine(browser, "run.sh"), "cluster-panel.test.mjs"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = browser,
        };
        start.Environment["KALSHI_DASHBOARD_URL"] = url;
        start.Environment["KALSHI_SHARD_COUNT"] = ShardCount.ToString(CultureInfo.InvariantCulture);
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
        }

        var log = await stdout + await stderr;
        output.WriteLine(log);
        Assert.True(process.HasExited && process.ExitCode == 0, "the cluster panel's browser test failed:\n" + log);
    }

    private async Task<string> StartNodeAsync(string name)
    {
        var node = _venue.StartNode(name, _config, role: null, "--dashboard-url", "http://127.0.0.1:0");
        _nodes[name] = node;
        await node.WaitForErrorTextAsync("dashboard: http://", TimeSpan.FromSeconds(120));
        return DashboardUrl().Match(node.Error).Groups[1].Value;
    }

    // The shards the node holds now, as its dashboard reports them.
    private async Task<HashSet<int>> ShardsOfAsync(string url, string node) =>
        [.. (await GetAsync(url, "/api/cluster"))["shards"]!.AsArray().Where(s => s!["owner"]?.GetValue<string>() == node).Select(s => s!["shard"]!.GetValue<int>())];

    // An IOC buy at the ask of a market in the node's own shards; the book moves every 200 ms, so it is sent again until it fills.
    private async Task<string> BuyAtTheAskAsync(string url, string node)
    {
        var shards = await ShardsOfAsync(url, node);
        var answers = new List<string>();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var markets = await EventuallyAsync(url, "/api/markets", "a live book with an ask in a shard of " + node, m => m.AsArray().Any(Tradable));
            var market = markets.AsArray().First(Tradable)!;
            var ask = Price.ParseDollars(market["yesAsk"]!.GetValue<string>());
            var limit = Price.FromUnits(ask.Units + Price.FromCents(2).Units);
            var fair = Price.FromUnits(Math.Min(Price.One.Units - Price.FromCents(1).Units, ask.Units + Price.FromCents(25).Units));
            var ticker = market["ticker"]!.GetValue<string>();
            answers.Add((await PostAsync(url, "/api/orders", $$"""{"ticker":"{{ticker}}","side":"yes","action":"buy","price":"{{limit.ToDollarString()}}","count":"1","fairValue":"{{fair.ToDollarString()}}","style":"ioc"}""")).ToJsonString());
            for (var wait = 0; wait < 50; wait++)
            {
                if ((await _venue.Gateway.GetPositionsAsync(CancellationToken.None)).Any(p => p.Ticker.Value == ticker && p.Position.Units > 0))
                {
                    return ticker;
                }

                await Task.Delay(100);
            }
        }

        var orders = await _venue.Gateway.GetOrdersAsync(new OrderQuery(), CancellationToken.None);
        Assert.Fail($"{node}'s buys never filled; answers: {string.Join("; ", answers)}; exchange orders: {string.Join("; ", orders.Select(o => $"{o.Ticker} {o.Status} {o.YesPrice}"))}; " +
                    $"node orders: {(await GetAsync(url, "/api/orders")).ToJsonString()}");
        return string.Empty;

        bool Tradable(JsonNode? m) =>
            m!["bookStatus"]?.GetValue<string>() == "live" && OpenForAWhile(m) && shards.Contains(ShardMap.ShardOf(m["ticker"]!.GetValue<string>(), ShardCount)) &&
            m["yesAsk"]?.GetValue<string>() is { } ask && Price.ParseDollars(ask) <= Price.FromCents(80);
    }

    private async Task<string> RestingBuyAsync(string url, string node)
    {
        var shards = await ShardsOfAsync(url, node);
        var markets = await GetAsync(url, "/api/markets");
        var ticker = markets.AsArray().First(m => m!["bookStatus"]?.GetValue<string>() == "live" && OpenForAWhile(m) && shards.Contains(ShardMap.ShardOf(m["ticker"]!.GetValue<string>(), ShardCount)))!["ticker"]!.GetValue<string>();
        await PostAsync(url, "/api/orders", $$"""{"ticker":"{{ticker}}","side":"yes","action":"buy","price":"0.02","count":"1","fairValue":"0.10","style":"maker"}""");
        return ticker;
    }

    // The simulator's 15-minute markets close on the quarter hour: a market closing within two minutes could be determined
    // before the order reaches the guardian (the guardian rightly refuses it), so the test never picks one.
    private static bool OpenForAWhile(JsonNode? market) =>
        market!["closeTime"]?.GetValue<DateTimeOffset>() is not { } close || close > DateTimeOffset.UtcNow + TimeSpan.FromMinutes(2);

    private async Task<IReadOnlyList<OrderState>> RestingAsync() =>
        await _venue.Gateway.GetOrdersAsync(new OrderQuery(Status: OrderStatus.Resting), CancellationToken.None);

    private static Dictionary<string, long> Positions(JsonNode view) =>
        view["positions"]!.AsArray().ToDictionary(p => p!["ticker"]!.GetValue<string>(), p => Quantity.Parse(p!["position"]!.GetValue<string>()).Units);

    private async Task<JsonNode> GetAsync(string url, string path)
    {
        using var response = await _http.GetAsync(url + path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private async Task<JsonNode> PostAsync(string url, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url + path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path} {json}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    private Task<JsonNode> EventuallyAsync(string url, string path, string what, Func<JsonNode, bool> until, TimeSpan? timeout = null)
    {
        JsonNode? last = null;
        return EventuallyAsync(
            async () =>
            {
                last = await GetAsync(url, path);
                return until(last) ? last : null;
            },
            () => $"{what} at {url}{path}; last answer: {last?.ToJsonString()}",
            timeout ?? TimeSpan.FromSeconds(120));
    }

    private Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null)
        where T : class => EventuallyAsync(probe, () => what, timeout ?? TimeSpan.FromSeconds(120));

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<string> what, TimeSpan timeout)
        where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } result)
            {
                return result;
            }

            var dead = _nodes.Where(n => n.Value.HasExited).Select(n => n.Key).ToList();
            Assert.True(
                DateTime.UtcNow < deadline && dead.Count == 0,
                string.Create(CultureInfo.InvariantCulture, $"waited {timeout.TotalSeconds:0} s for {what()}; exited: [{string.Join(", ", dead)}]"));
            await Task.Delay(100);
        }
    }

    private static string Tail(string text) => ClusterVenue.Tail(text);

    [GeneratedRegex(@"dashboard: (http://\S+)")]
    private static partial Regex DashboardUrl();
}
