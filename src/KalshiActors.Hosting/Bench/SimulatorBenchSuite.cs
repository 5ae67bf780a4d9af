using System.Diagnostics;
using System.Globalization;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Hosting.Bench;

/// <summary>`bench simulator`: the simulated exchange's matching throughput on one core (goal: 500,000 orders/s).</summary>
public sealed class SimulatorBenchSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "simulator";

    /// <inheritdoc />
    public string Description => "simulated exchange matching throughput (orders/s, one book, seeded order stream)";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var count = options.Quick ? 50_000 : 2_000_000;
        var rounds = options.Quick ? 2 : 5;
        var workload = MatchingWorkload.Create(count, seed: 42);

        // One untimed round warms the JIT (tiered compilation) before the measured rounds.
        workload.Run();
        var best = 0.0;
        long trades = 0;
        for (var round = 0; round < rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            trades = workload.Run();
            watch.Stop();
            var rate = workload.OperationCount / watch.Elapsed.TotalSeconds;
            best = Math.Max(best, rate);
            await options.Progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"simulator matching round {round + 1}/{rounds}: {rate:N0} orders/s ({trades:N0} trades)")).ConfigureAwait(false);
        }

        return [new BenchFigure("sim_matching_orders_per_s", Math.Round(best)), new BenchFigure("sim_matching_trades_per_run", trades)];
    }
}
