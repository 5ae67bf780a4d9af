using KalshiActors.Hosting.Bench;

namespace KalshiActors.Hosting.Tests;

public sealed class JournalBenchSuiteTests
{
    private static readonly string[] Keys =
    [
        "raw_insert_per_s", "persist_1_actor_per_s", "persist_100_actors_per_s", "persist_all_per_s", "recovery_per_s",
        "events_by_tag_per_s", "persist_100_actors_events_per_transaction",
    ];

    [Theory]
    [InlineData("memory:")]
    [InlineData(null)]
    public async Task RunAsync_Quick_ReportsEveryFigureInOrder(string? journal)
    {
        using var progress = new StringWriter();
        var suite = BenchSuites.All.Single(s => s.Name == "journal");

        var figures = await suite.RunAsync(new BenchOptions(Quick: true, journal, progress), CancellationToken.None);

        Assert.Equal(Keys, figures.Select(f => f.Key));
        Assert.All(figures, f => Assert.True(f.Value > 0 && double.IsFinite(f.Value), $"{f.Key} = {f.Value}"));
        Assert.Contains("recovery", progress.ToString(), StringComparison.Ordinal);
    }
}
