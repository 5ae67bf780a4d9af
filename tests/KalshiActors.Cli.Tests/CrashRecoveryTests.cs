using KalshiActors.Testing;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Simulator;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Cli.Tests;

/// <summary>
/// SIGKILL of a child `kalshi-actors run` mid-trading, then a restart on the same journal, against a simulator that lives
/// in the test (so it outlives the node, as a real exchange would).
/// </summary>
public sealed partial class CrashRecoveryTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private RunningSimulator _simulator = null!;
    private KalshiCredentials _credentials = null!;
    private HttpClient _http = null!;
    private KalshiRestClient _rest = null!;

    public async Task InitializeAsync()
    {
        var simulatorConfig = _temp.Write("venue.conf", "kalshi-actors.simulator { step-interval = 200ms, seed = 11 }");
        _simulator = await EmbeddedSimulator.StartAsync(KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [simulatorConfig] }), CancellationToken.None);
        _credentials = KalshiCredentials.FromPem(_simulator.GeneratedKeyId!, _simulator.GeneratedPrivateKeyPem!);
        _http = new HttpClient();
        var exchange = KalshiActorsConfiguration.Load(new ConfigurationSources()).Settings.Exchange;
        _rest = new KalshiRestClient(_http, exchange.Rest with { RestBaseUrl = _simulator.RestBaseUrl }, _credentials, TimeProvider.System, NullLogger<KalshiRestClient>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _rest.DisposeAsync();
        _http.Dispose();
        _credentials.Dispose();
        await _simulator.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Theory]
    [InlineData("write-ahead")]
    [InlineData("write-behind")]
    public async Task Sigkill_MidTrading_ThenRestart_NoDuplicateOrderAtTheSimulator_NoFillLost_PositionsAgree(string orderJournaling)
    {
        var journal = Path.Combine(_temp.Path, "data", "node.db");
        var keyFile = _temp.Write("key.pem", _simulator.GeneratedPrivateKeyPem!);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var config = _temp.Write("node.conf", $$"""
            kalshi-actors {
              mode = simulator
              persistence.journal-uri = "sqlite:{{journal}}"
              logging.file.enabled = off
              node.simulator.embedded = off
              node.status-interval = 300ms
              execution.order-journaling = {{orderJournaling}}
              exchange.environments.simulator { rest-url = "{{_simulator.RestBaseUrl}}", websocket-url = "{{_simulator.WebSocketUrl}}" }
              strategies.instances {
                ev-threshold.enabled = false
                vol-kelly-btc15m.enabled = false
                ev-small { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 1s, max-contracts = 5 } }
                # Resting maker orders: some fill while the node is dead, and the restart must find those fills.
                ev-maker { kind = ev-threshold, enabled = true, markets = [], series = [KXSIMBTCD], parameters { volatility = 0.05, min-edge = 0.01, cooldown = 1s, max-contracts = 5, style = maker } }
              }
            }
            """);
        var variables = new Dictionary<string, string> { ["KALSHI_API_KEY_ID"] = _simulator.GeneratedKeyId!, ["KALSHI_PRIVATE_KEY_FILE"] = keyFile };

        DateTimeOffset killedAt;
        using (var first = ChildRun.Start(["run", "--config", config], variables, _temp.Path))
        {
            await WaitForFillsAsync(first, 2);
            first.Kill();
            killedAt = DateTimeOffset.UtcNow;
        }

        var ordersAfterCrash = await _rest.GetOrdersAsync(new PortfolioQuery(), CancellationToken.None).CountAsync();
        string secondRun;
        using (var second = ChildRun.Start(["run", "--duration", "6s", "--config", config], variables, _temp.Path))
        {
            Assert.True(await second.WaitForExitAsync(TimeSpan.FromSeconds(120)) == 0, second.Error);
            Assert.Matches("state-digest=[0-9a-f]{64}", second.Out);
            secondRun = second.Out + second.Error;
        }

        var gateway = new KalshiOrderGateway(_rest);
        var orders = await gateway.GetOrdersAsync(new OrderQuery(), CancellationToken.None);
        Assert.True(orders.Count >= ordersAfterCrash);
        Assert.Empty(orders.Where(o => o.ClientOrderId is not null).GroupBy(o => o.ClientOrderId).Where(g => g.Count() > 1).Select(g => g.Key));

        var journaledFills = await JournaledFillsAsync(journal);
        Assert.Equal(journaledFills.Count, journaledFills.Select(f => f.TradeId).Distinct(StringComparer.Ordinal).Count());
        var exchangeFills = await gateway.GetFillsAsync(new FillQuery(), CancellationToken.None);
        Assert.NotEmpty(exchangeFills);
        var lost = exchangeFills.Where(fill => journaledFills.All(f => f.TradeId != fill.TradeId)).ToList();
        Assert.True(lost.Count == 0, $"killed at {killedAt:HH:mm:ss.fff}; fills at the simulator missing from the journal: {string.Join("; ", lost)}\n{secondRun}");

        // The state digest across the SIGKILL: the restarted node reconciled, traded and stopped; a replay of the whole journal
        // (every event of both runs, the restart's reconciliation included) reproduces the digest it printed at the end.
        var finalDigest = DigestPattern().Matches(secondRun).Last().Groups[1].Value;
        var replay = await CliRun.RunAsync(["replay", "--journal", "sqlite:" + journal, "--verify"]);
        Assert.True(replay.ExitCode == 0, replay.Out + replay.Error);
        Assert.Contains("verify: OK", replay.Out, StringComparison.Ordinal);
        Assert.Contains("state-digest=" + finalDigest, replay.Out, StringComparison.Ordinal);

        // The journal's YES minus NO contracts per market (a sale counting against its side) is the simulator's position.
        var exchangePositions = (await gateway.GetPositionsAsync(CancellationToken.None)).ToDictionary(p => p.Ticker.Value, p => p.Position.Units);
        foreach (var market in journaledFills.GroupBy(f => f.Ticker))
        {
            var held = market.Sum(f => (f.Side == "Yes") == (f.Action == "Buy") ? f.CountUnits : -f.CountUnits);
            Assert.Equal(held, exchangePositions.GetValueOrDefault(market.Key));
        }
    }

    private static async Task WaitForFillsAsync(ChildRun child, int fills)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var seen = FillsPattern().Matches(child.Error).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();
            if (seen >= fills)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline && !child.HasExited, $"no {fills} fills within 90 s (exited: {child.HasExited}); stderr:\n{child.Error}");
            await Task.Delay(100);
        }
    }

    private static async Task<IReadOnlyList<(string TradeId, string Ticker, string Side, string Action, long CountUnits)>> JournaledFillsAsync(string journal)
    {
        var result = await CliRun.RunAsync(["journal", "events", "--journal", "sqlite:" + journal, "--tag", "fill", "--format", "json"]);
        Assert.Equal(0, result.ExitCode);
        var fills = new List<(string, string, string, string, long)>();
        foreach (var line in result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var row = JsonDocument.Parse(line);
            var payload = row.RootElement.GetProperty("payload");
            fills.Add((
                payload.GetProperty("trade_id").GetString()!,
                payload.GetProperty("ticker").GetString()!,
                payload.GetProperty("side").GetString()!,
                payload.GetProperty("action").GetString()!,
                Quantity.Parse(payload.GetProperty("count").GetString()!).Units));
        }

        return fills;
    }

    [GeneratedRegex("state-digest=([0-9a-f]{64})")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"\| fills (\d+) \|")]
    private static partial Regex FillsPattern();
}
