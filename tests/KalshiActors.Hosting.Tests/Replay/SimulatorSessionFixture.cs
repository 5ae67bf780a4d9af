using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Tests.Node;

namespace KalshiActors.Hosting.Tests.Replay;

/// <summary>
/// One node session on the simulator (the node tests' scenario) until an approved intent filled and a rejected one was
/// decided, stopped gracefully: the journal the replay tests read, and the digest the node printed.
/// </summary>
public sealed class SimulatorSessionFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private SimulatedVenue _venue = null!;

    /// <summary>The session's journal file.</summary>
    public string JournalPath => Path.Combine(_temp.Path, "session.db");

    /// <summary>`sqlite:` URI of the journal.</summary>
    public string JournalUri => "sqlite:" + JournalPath;

    /// <summary>The node's configuration (the replay reads the same module settings).</summary>
    public KalshiActorsConfiguration Configuration { get; private set; } = null!;

    /// <summary>What the node printed when it stopped.</summary>
    public SessionSummary Summary { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _venue = await SimulatedVenue.StartAsync(_temp, TradingScenario.Simulator);
        var config = _venue.NodeConfig(JournalPath, TradingScenario.Node);
        Configuration = KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [config] });
        var node = await TradingNode.StartAsync(Configuration, new TradingNodeOptions { LookupVariable = _venue.Variables.GetValueOrDefault }, CancellationToken.None);
        await using (node)
        {
            await TradingScenario.WaitForAsync(node, s => s.IntentsApproved >= 1 && s.IntentsRejected >= 1 && s.Fills >= 1, "an approved intent filled and a rejected one");
            Summary = await node.StopAsync("replay test session over");
        }
    }

    public async Task DisposeAsync()
    {
        await _venue.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }
}
