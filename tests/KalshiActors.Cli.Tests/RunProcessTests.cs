using KalshiActors.Testing;

namespace KalshiActors.Cli.Tests;

public sealed class RunProcessTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Run_Sigterm_ShutsDownGracefully_WithSummaryAndDigest_ExitZero()
    {
        var config = _temp.Write("node.conf", """
            kalshi-actors {
              persistence.journal-uri = "sqlite:./data/node.db"
              logging.file.enabled = off
            }
            """);
        using var child = ChildRun.Start(["run", "--config", config], new Dictionary<string, string>(), _temp.Path);
        await child.WaitForErrorTextAsync("node running", TimeSpan.FromSeconds(60));

        child.Terminate();

        Assert.Equal(0, await child.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        var lines = child.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.Contains("stopped: interrupted", StringComparison.Ordinal));
        Assert.Matches("^state-digest=[0-9a-f]{64}$", lines[^1]);
        Assert.Contains("state-digest=", child.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_temp.Path, "data", "node.db")));
    }
}
