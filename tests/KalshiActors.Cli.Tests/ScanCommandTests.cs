using System.Text.Json;

namespace KalshiActors.Cli.Tests;

public sealed class ScanCommandTests
{
    [Fact]
    public async Task Scan_AgainstTheEmbeddedSimulator_PrintsTheRankedTable()
    {
        var result = await CliRun.RunAsync(["scan", "--top", "3", "--warm-up", "2s"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("market scan: ", result.Out, StringComparison.Ordinal);
        Assert.Contains("ticker", result.Out, StringComparison.Ordinal);
        Assert.Contains("chg 24h", result.Out, StringComparison.Ordinal);
        var rows = result.Out.Split('\n').Where(l => l.Contains("│ KX", StringComparison.Ordinal)).ToList();
        Assert.InRange(rows.Count, 1, 3);
        Assert.StartsWith("│ 1 │", rows[0].TrimStart(), StringComparison.Ordinal);
        Assert.Contains("embedded simulator", result.Error, StringComparison.Ordinal);
        Assert.Contains(" requests (", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_FormatJson_PrintsOneObjectWithTheRankingBestFirst()
    {
        var result = await CliRun.RunAsync(["scan", "--format", "json", "--top", "2", "--warm-up", "2s"]);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.True(root.GetProperty("marketsScanned").GetInt32() > 0);
        Assert.True(root.GetProperty("requests").GetInt32() >= root.GetProperty("pages").GetInt32());
        var ranked = root.GetProperty("ranked").EnumerateArray().ToList();
        Assert.InRange(ranked.Count, 1, 2);
        Assert.Equal(Enumerable.Range(1, ranked.Count), ranked.Select(m => m.GetProperty("rank").GetInt32()));
        var scores = ranked.Select(m => m.GetProperty("scoreMicros").GetInt64()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        Assert.Matches(@"^0\.\d{4}$", ranked[0].GetProperty("yesBid").GetString()!);
        Assert.Matches(@"^0\.\d{4}$", ranked[0].GetProperty("spread").GetString()!);
        Assert.StartsWith("KX", ranked[0].GetProperty("ticker").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_TopBelowOne_IsAUsageError()
    {
        var result = await CliRun.RunAsync(["scan", "--top", "0"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--top must be at least 1", result.Error, StringComparison.Ordinal);
    }
}
