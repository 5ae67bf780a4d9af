using KalshiActors.Hosting.Bench;

namespace KalshiActors.Hosting.Tests;

/// <summary>
/// Runs alone: the markets bench measures the managed heap before and after its books (a process-wide figure), and a test
/// of another class freeing memory meanwhile made the bytes per book negative in a full run (-26,239 on 2026-12-05).
/// </summary>
[Collection(ProcessMemoryCollection.Name)]
public sealed class MarketsBenchSuiteTests
{
    [Fact]
    public async Task MarketsBenchSuite_quick_run_reports_deltas_and_bytes_per_book()
    {
        var suite = Assert.Single(BenchSuites.All, s => s.Name == "markets");

        var figures = await suite.RunAsync(new BenchOptions(Quick: true, Journal: null, Progress: TextWriter.Null), CancellationToken.None);

        Assert.Contains(figures, f => f.Key == "book_1_deltas_per_s" && f.Value > 0);
        Assert.Contains(figures, f => f.Key == "bytes_per_live_book" && f.Value > 0);
        Assert.Contains(figures, f => f.Key == "book_1_published_fraction" && f.Value is > 0 and <= 1);
    }
}

/// <summary>Tests that measure the process's managed heap: run after the parallel tests, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "process memory";
}
