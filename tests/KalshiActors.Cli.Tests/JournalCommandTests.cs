using System.Text.Json;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Sqlite;

namespace KalshiActors.Cli.Tests;

public sealed class JournalCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private async Task<string> JournalWithEvents()
    {
        var path = Path.Combine(_directory.Path, "journal.db");
        await using var storage = SqliteJournalStorage.Open(path, new PersistenceSettings());
        await storage.WriteAsync(
            [
                new JournalRow(0, "order-1", 1, "OrderFilled.v1", """{"qty":5}"""u8.ToArray(), ["fills"], 1_700_000_000_000, "w"),
                new JournalRow(0, "order-1", 2, "OrderCanceled.v1", "{}"u8.ToArray(), [], 1_700_000_000_001, "w"),
                new JournalRow(0, "order-2", 1, "OrderFilled.v1", """{"qty":7}"""u8.ToArray(), ["fills"], 1_700_000_000_002, "w"),
            ],
            CancellationToken.None);
        return path;
    }

    [Fact]
    public async Task JournalEvents_ByPersistenceId_PrintsItsRowsAsJsonLines()
    {
        var path = await JournalWithEvents();

        var result = await CliRun.RunAsync(["journal", "events", "--journal", "sqlite:" + path, "--persistence-id", "order-1", "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1L, 2L], lines.Select(l => l.GetProperty("sequence_nr").GetInt64()));
        Assert.Equal(5, lines[0].GetProperty("payload").GetProperty("qty").GetInt32());
        Assert.Equal("OrderCanceled.v1", lines[1].GetProperty("manifest").GetString());
    }

    [Fact]
    public async Task JournalEvents_ByTag_PrintsOnlyTaggedRowsAsCsv()
    {
        var path = await JournalWithEvents();

        var result = await CliRun.RunAsync(["journal", "events", "--journal", "sqlite:" + path, "--tag", "fills", "--format", "csv"]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("ordering,", lines[0], StringComparison.Ordinal);
        Assert.Contains("order-2", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task JournalStats_CountsPerPersistenceIdTagAndManifest()
    {
        var path = await JournalWithEvents();

        var result = await CliRun.RunAsync(["journal", "stats", "--journal", "sqlite:" + path, "--format", "json"]);

        Assert.Equal(0, result.ExitCode);
        var stats = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(3, stats.GetProperty("events").GetInt64());
        Assert.Equal(2, stats.GetProperty("by_persistence_id").GetProperty("order-1").GetInt64());
        Assert.Equal(2, stats.GetProperty("by_tag").GetProperty("fills").GetInt64());
        Assert.Equal(2, stats.GetProperty("by_manifest").GetProperty("OrderFilled.v1").GetInt64());
    }

    [Fact]
    public async Task JournalEvents_MissingFile_IsAUsageErrorAndCreatesNothing()
    {
        var path = Path.Combine(_directory.Path, "nope.db");

        var result = await CliRun.RunAsync(["journal", "events", "--journal", "sqlite:" + path]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("nope.db", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task JournalStats_WithoutJournalFlag_UsesTheConfiguredJournalUri()
    {
        var path = await JournalWithEvents();
        var config = _directory.Write("journal.conf", $"kalshi-actors.persistence.journal-uri = \"sqlite:{path}\"\n");

        var result = await CliRun.RunAsync(["journal", "stats", "--config", config, "--format", "csv"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("journal,events,3", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JournalEvents_BadUri_IsAUsageError()
    {
        var result = await CliRun.RunAsync(["journal", "events", "--journal", "mysql:x"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sqlite:PATH", result.Error, StringComparison.Ordinal);
    }
}
