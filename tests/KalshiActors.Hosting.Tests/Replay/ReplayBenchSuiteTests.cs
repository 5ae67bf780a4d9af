using KalshiActors.Hosting.Bench;

namespace KalshiActors.Hosting.Tests.Replay;

public sealed class ReplayBenchSuiteTests
{
    [Fact]
    public async Task RunAsync_Quick_ReplaysTheWholeJournal_AndReportsEveryFigure()
    {
        using var progress = new StringWriter();
        var suite = Assert.Single(BenchSuites.All, s => s.Name == "replay");

        var figures = await suite.RunAsync(new BenchOptions(Quick: true, null, progress), CancellationToken.None);

        Assert.Equal(["journal_read_events_per_s", "audit_rows_per_s", "replay_events_per_s", "replay_seconds", "events"], figures.Select(f => f.Key));
        Assert.Equal(20_000, figures.Single(f => f.Key == "events").Value);
        Assert.All(figures, f => Assert.True(f.Value > 0 && double.IsFinite(f.Value), $"{f.Key} = {f.Value}"));
    }
}
