namespace KalshiActors.Hosting.Tests.Node;

/// <summary>Node tests against one simulator per test, in a temporary directory that holds its key and the node's journal.</summary>
public abstract class SimulatedVenueTests(string simulatorConfig = TradingScenario.Simulator) : IAsyncLifetime
{
    private protected TempDirectory Temp { get; } = new();

    private protected SimulatedVenue Venue { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync() => Venue = await SimulatedVenue.StartAsync(Temp, simulatorConfig);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Venue.DisposeAsync();
        // Pooled connections keep the journal files open, which would stop the directory from being deleted.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Temp.Dispose();
    }
}
