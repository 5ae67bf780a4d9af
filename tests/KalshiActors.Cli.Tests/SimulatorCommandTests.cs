namespace KalshiActors.Cli.Tests;

public sealed class SimulatorCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Simulator_WithABadMarketKind_ExitsTwoNamingTheSetting()
    {
        var config = _temp.Write("sim.conf", "kalshi-actors.simulator.markets = [{ kind = lottery, series = KXBAD }]");

        var result = await CliRun.RunAsync(["simulator", "--config", config]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("kalshi-actors.simulator.markets.0.kind", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Simulator_Runs_PrintsUrlsAndKey_ServesMarkets_AndStopsOnCancel()
    {
        using var output = new StringWriter();
        var synchronizedOutput = TextWriter.Synchronized(output);
        using var cancel = new CancellationTokenSource();
        var environment = new CliEnvironment(synchronizedOutput, TextWriter.Null, new Dictionary<string, string>(), []);
        var run = KalshiActorsCli.RunAsync(["simulator", "--port", "0", "--seed", "5"], environment, cancel.Token);

        string? restUrl = null;
        for (var attempt = 0; attempt < 300 && restUrl is null && !run.IsCompleted; attempt++)
        {
            restUrl = output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith("rest: ", StringComparison.Ordinal))?["rest: ".Length..].Trim();
            if (restUrl is null)
            {
                await Task.Delay(100);
            }
        }

        Assert.NotNull(restUrl);
        Assert.Contains("api-key-id: ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("-----BEGIN RSA PRIVATE KEY-----", output.ToString(), StringComparison.Ordinal);
        using var http = new HttpClient();
        var markets = await http.GetStringAsync(new Uri(restUrl + "/markets"));
        Assert.Contains("KXBTC15M-", markets, StringComparison.Ordinal);

        await cancel.CancelAsync();
        Assert.Equal(0, await run);
    }
}
