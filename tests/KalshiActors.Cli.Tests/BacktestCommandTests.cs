using System.Text.Json;
using System.Xml.Linq;
using KalshiActors.Hosting.Backtest;

namespace KalshiActors.Cli.Tests;

public sealed class BacktestCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Recording(long seed = 5)
    {
        var path = Path.Combine(_directory.Path, $"recording-{seed}.jsonl");
        using var file = File.Create(path);
        SyntheticMarketData.WriteJsonl(SyntheticMarketData.Generate(new SyntheticOptions(seed, Markets: 3, Duration: TimeSpan.FromMinutes(3))), file);
        return path;
    }

    [Fact]
    public async Task Backtest_WritesEveryReport_JsonWellFormed_SvgOpensAsXml()
    {
        var output = Path.Combine(_directory.Path, "out");

        var result = await CliRun.RunAsync(["backtest", "--data", Recording(), "--out", output, "--seed", "5"]);

        Assert.True(result.ExitCode == 0, result.Error);
        foreach (var name in BacktestReport.FileNames)
        {
            Assert.True(File.Exists(Path.Combine(output, name)), $"{name} missing; stdout: {result.Out}");
        }

        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal(5, report.RootElement.GetProperty("seed").GetInt64());
        Assert.True(report.RootElement.GetProperty("total").GetProperty("trades").GetInt64() > 0, File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.True(report.RootElement.GetProperty("per_strategy").TryGetProperty("ev-threshold", out _));
        var svg = XDocument.Load(Path.Combine(output, "equity.svg"));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
        Assert.StartsWith("scope,name,pnl,fees,trades", File.ReadAllText(Path.Combine(output, "metrics.csv")), StringComparison.Ordinal);
        Assert.Contains("state-digest ", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_TwiceOnTheSameRecording_WritesByteIdenticalReports()
    {
        var data = Recording();
        var first = Path.Combine(_directory.Path, "first");
        var second = Path.Combine(_directory.Path, "second");

        Assert.Equal(0, (await CliRun.RunAsync(["backtest", "--data", data, "--out", first])).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(["backtest", "--data", data, "--out", second])).ExitCode);

        foreach (var name in BacktestReport.FileNames)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, name)), File.ReadAllBytes(Path.Combine(second, name)));
        }
    }

    [Fact]
    public async Task Backtest_FillModelMatching_TradesThroughTheMatchingEngine_AnUnknownModelIsAUsageError()
    {
        var output = Path.Combine(_directory.Path, "matching");

        var result = await CliRun.RunAsync(["backtest", "--data", Recording(), "--out", output, "--fill-model", "matching"]);
        var unknown = await CliRun.RunAsync(["backtest", "--data", Recording(), "--out", output, "--fill-model", "magic"]);

        Assert.True(result.ExitCode == 0, result.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "report.json")));
        Assert.Equal("matching", report.RootElement.GetProperty("fill_model").GetString());
        var fills = File.ReadAllLines(Path.Combine(output, "fills.csv"));
        Assert.True(fills.Length > 1, "the recording should make the strategies trade through the matching engine");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("magic", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_MissingDataFile_FailsNamingTheFile()
    {
        var missing = Path.Combine(_directory.Path, "nope.jsonl");

        var result = await CliRun.RunAsync(["backtest", "--data", missing, "--out", Path.Combine(_directory.Path, "out")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
        Assert.Contains("no such file", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_MalformedLine_FailsNamingFileAndLine()
    {
        var path = _directory.Write(
            "bad.jsonl",
            "{\"received_at\":\"2026-03-02T14:00:00Z\",\"message\":{\"type\":\"subscribed\",\"id\":1,\"msg\":{\"channel\":\"orderbook_delta\",\"sid\":1}}}\n" +
            "{\"received_at\":\"2026-03-02T14:00:01Z\",\"message\":{\"type\":\"orderbook_delta\",\n");

        var result = await CliRun.RunAsync(["backtest", "--data", path, "--out", Path.Combine(_directory.Path, "out")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(path + ":2:", result.Error, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_UnknownStrategy_IsAUsageErrorListingTheConfiguredOnes()
    {
        var result = await CliRun.RunAsync(["backtest", "--data", Recording(), "--strategies", "nope", "--out", Path.Combine(_directory.Path, "out")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown strategy nope", result.Error, StringComparison.Ordinal);
        Assert.Contains("ev-threshold", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backtest_Sweep_RunsEveryCombinationAndPrintsARankedTable()
    {
        var output = Path.Combine(_directory.Path, "sweep");

        var result = await CliRun.RunAsync(
            ["backtest", "--data", Recording(), "--strategies", "ev-threshold", "--sweep", "min-edge=0.02,0.05", "--sweep", "ev-threshold.kelly-fraction=0.1,0.25", "--out", output]);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("rank", lines[0], StringComparison.Ordinal);
        Assert.Equal(4, lines.Count(l => l.Contains("min-edge=", StringComparison.Ordinal)));
        using var sweep = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "sweep.json")));
        Assert.Equal([1, 2, 3, 4], sweep.RootElement.EnumerateArray().Select(r => r.GetProperty("rank").GetInt32()));
    }
}
