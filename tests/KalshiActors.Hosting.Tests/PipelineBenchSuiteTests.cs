using System.Text.Json;
using KalshiActors.Hosting.Bench;

namespace KalshiActors.Hosting.Tests;

public sealed class PipelineBenchSuiteTests
{
    [Fact]
    public async Task RunAsync_Quick_TradesThroughThePipelineAndReportsEveryFigure()
    {
        using var progress = new StringWriter();
        var suite = BenchSuites.All.Single(s => s.Name == "pipeline");

        var figures = await suite.RunAsync(new BenchOptions(Quick: true, Journal: null, progress), CancellationToken.None);

        var keys = figures.Select(f => f.Key).ToList();
        foreach (var prefix in new[] { "fixed_10k", "flat_out", "sync_normal_fixed_10k", "write_behind_fixed_10k" })
        {
            foreach (var figure in new[] { "tick_to_intent", "tick_to_order" })
            {
                foreach (var percentile in new[] { "p50", "p99", "p999" })
                {
                    Assert.Contains($"{prefix}_{figure}_{percentile}_us", keys);
                }
            }
        }

        Assert.Contains("flat_out_deltas_per_s", keys);
        Assert.Contains("flat_out_cpu_us_per_delta", keys);
        Assert.Contains("flat_out_until_last_order_deltas_per_s", keys);
        Assert.Contains("fixed_10k_offered_deltas_per_s", keys);
        Assert.Contains("fixed_10k_process_cpu_cores", keys);
        Assert.Contains("sync_normal_fixed_10k_process_cpu_cores", keys);
        Assert.Contains("write_behind_fixed_10k_process_cpu_cores", keys);
        Assert.Contains("sync_normal_fixed_10k_allocated_bytes_per_delta", keys);
        Assert.Contains("write_behind_fixed_10k_allocated_bytes_per_delta", keys);
        Assert.Contains(keys, k => k.StartsWith("markets_", StringComparison.Ordinal) && k.EndsWith("_rss_mb", StringComparison.Ordinal));
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(figures, f => Assert.True(double.IsFinite(f.Value) && f.Value >= 0, $"{f.Key} = {f.Value}"));

        // The deltas went all the way: triggers became intents and orders, and no book had to resync.
        var byKey = figures.ToDictionary(f => f.Key, f => f.Value);
        Assert.True(byKey["flat_out_deltas_per_s"] > 0);
        Assert.True(byKey["write_behind_fixed_10k_allocated_bytes_per_delta"] > 0);
        Assert.True(byKey["fixed_10k_intents_timed"] + byKey["flat_out_intents_timed"] > 0);
        Assert.True(byKey["fixed_10k_orders_timed"] + byKey["flat_out_orders_timed"] > 0);
        Assert.Equal(0, byKey["snapshot_requests"]);

        // The figures serialize as the one JSON object the CLI prints.
        var json = JsonSerializer.Serialize(figures.ToDictionary(f => f.Key, f => f.Value));
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal(figures.Count, parsed.RootElement.EnumerateObject().Count());
    }
}
