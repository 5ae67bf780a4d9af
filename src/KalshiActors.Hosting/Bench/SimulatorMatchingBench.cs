using System.Diagnostics;
using System.Globalization;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Hosting.Bench;

/// <summary>The simulated exchange's matching throughput on one core (goal: 500,000 orders/s), a workload of `bench exchange`.</summary>
internal static class SimulatorMatchingBench
{
    /// <summary>Orders per second through one book on a seeded stream, best of the timed rounds after one warm-up round.</summary>
    public static double Measure(BenchOptions options, CancellationToken cancellationToken)
    {
        var count = options.Quick ? 50_000 : 2_000_000;
        var rounds = options.Quick ? 2 : 5;
        var workload = MatchingWorkload.Create(count, seed: 42);
        workload.Run();
        var best = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            var trades = workload.Run();
            watch.Stop();
            var rate = workload.OperationCount / watch.Elapsed.TotalSeconds;
            best = Math.Max(best, rate);
            options.Progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"simulator matching round {round + 1}/{rounds}: {rate:N0} orders/s ({trades:N0} trades)"));
        }

        return Math.Round(best);
    }
}
