using KalshiActors.Cli.Commands;

namespace KalshiActors.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private string QuietConfig() => _temp.Write("node.conf", $$"""
        kalshi-actors {
          persistence.journal-uri = "sqlite:{{Path.Combine(_temp.Path, "data", "journal.db").Replace("\\", "/", StringComparison.Ordinal)}}"
          logging.file.enabled = off
          logging.console.enabled = off
          node.status-interval = 200ms
        }
        """);

    [Theory]
    [InlineData("live")]
    [InlineData("demo")]
    public async Task Run_LiveWithoutKeysOrConfirmation_RefusesWithExitTwo(string env)
    {
        var result = await CliRun.RunAsync(["run", "--env", env, "--config", QuietConfig()]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--confirm-live", result.Error, StringComparison.Ordinal);
        Assert.Contains("KALSHI_API_KEY_ID", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(Path.Combine(_temp.Path, "data", "journal.db")), "a refused run must not create a journal");
    }

    [Fact]
    public async Task Run_LiveConfirmedWithoutKeys_StillRefuses()
    {
        var result = await CliRun.RunAsync(["run", "--env", "live", "--confirm-live", "--config", QuietConfig()]);

        Assert.Equal(2, result.ExitCode);
        Assert.DoesNotContain("--confirm-live", result.Error, StringComparison.Ordinal);
        Assert.Contains("KALSHI_PRIVATE_KEY_FILE", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ClusterWithoutKeys_ExitsTwoNamingThem()
    {
        var result = await CliRun.RunAsync(["run", "--env", "cluster", "--config", QuietConfig()]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("KALSHI_API_KEY_ID", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("backtest")]
    public async Task Run_Backtest_ExitsTwoSayingItIsASeparateIssue(string env)
    {
        var result = await CliRun.RunAsync(["run", "--env", env, "--config", QuietConfig()]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"mode '{env}'", result.Error, StringComparison.Ordinal);
        Assert.Contains("separate issue", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithAJournalThatCannotBeCreated_FailsWithOneLine_ExitOne()
    {
        var config = _temp.Write("bad-journal.conf", """
            kalshi-actors {
              persistence.journal-uri = "sqlite:/proc/kalshi-actors-cannot-write-here/journal.db"
              logging.file.enabled = off
              logging.console.enabled = off
            }
            """);

        var result = await CliRun.RunAsync(["run", "--duration", "1s", "--config", config]);

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kalshi-actors: failed: ", error, StringComparison.Ordinal);
        Assert.Contains("/proc/kalshi-actors-cannot-write-here", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("0s")]
    [InlineData("10 parsecs")]
    public async Task Run_BadDuration_ExitsTwoWithExamples(string duration)
    {
        var result = await CliRun.RunAsync(["run", "--duration", duration, "--config", QuietConfig()]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--duration", result.Error, StringComparison.Ordinal);
        Assert.Contains("10m", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("2h", 7200)]
    [InlineData("500ms", 0.5)]
    [InlineData("1.5m", 90)]
    [InlineData("00:00:30", 30)]
    public void ParseDuration_AcceptsUnitsAndTimeSpans(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), RunCommand.ParseDuration(text));

    [Fact]
    public async Task Run_WithDurationAndRecord_StopsByItself_PrintsSummaryEndingWithDigest_AndWritesJsonl()
    {
        var record = Path.Combine(_temp.Path, "recordings");

        var result = await CliRun.RunAsync(["run", "--duration", "3s", "--record", record, "--config", QuietConfig()]);

        Assert.True(result.ExitCode == 0, result.Error);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("session summary", lines[0]);
        Assert.Matches("^state-digest=[0-9a-f]{64}$", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("exchange: simulator", StringComparison.Ordinal));
        Assert.Contains("stops after", result.Error, StringComparison.Ordinal);
        Assert.Contains("simulator | books", result.Error, StringComparison.Ordinal);
        var file = Assert.Single(Directory.GetFiles(record, "market-data-*.jsonl"));
        Assert.Contains(lines, l => l.Contains(file, StringComparison.Ordinal));
        var recorded = File.ReadAllLines(file);
        Assert.NotEmpty(recorded);
        var types = recorded.Select(l =>
        {
            using var row = System.Text.Json.JsonDocument.Parse(l);
            Assert.True(row.RootElement.TryGetProperty("received_at", out _));
            return row.RootElement.GetProperty("message").TryGetProperty("type", out var type) ? type.GetString() : null;
        }).ToHashSet();
        Assert.Contains("orderbook_snapshot", types);
        Assert.Contains(lines, l => l.StartsWith($"recorded: {recorded.Length} market-data messages", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(_temp.Path, "data", "journal.db")));
    }
}
