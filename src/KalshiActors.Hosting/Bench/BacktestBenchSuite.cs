using System.Diagnostics;
using KalshiActors.Hosting.Backtest;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench backtest`: order-book deltas per second through the whole backtest pipeline — feed actor, 20 book actors, the
/// EV strategy, risk guardian, paper routers and portfolio, journal in memory — on the virtual clock. A generated recording
/// of 10,000 deltas per recorded second (plus a spot price a second and the odd trade), read with millisecond timestamps
/// as `run --record` writes them (so about ten deltas per step, the actors settling between steps), and the same deltas
/// grouped by recorded second (one settle per 10,000 deltas), which shows the actors' throughput without the per-step wait.
/// </summary>
public sealed class BacktestBenchSuite : IBenchSuite
{
    /// <inheritdoc />
    public string Name => "backtest";

    /// <inheritdoc />
    public string Description => "backtest: book deltas/s through the full actor pipeline (in-memory journal), per-ms steps and per-second steps";

    /// <inheritdoc />
    public async Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var deltas = options.Quick ? 20_000 : 1_000_000;
        const int PerSecond = 10_000;
        var configuration = KalshiActorsConfiguration.Load(new ConfigurationSources { Environment = "backtest" });
        options.Progress.WriteLine($"generating {deltas:N0} deltas over 20 markets");
        var steps = SyntheticMarketData.Generate(new SyntheticOptions(42, Markets: 20, Duration: TimeSpan.FromSeconds(deltas / PerSecond), DeltasPerSecond: PerSecond));
        var figures = new List<BenchFigure>();

        // Warm-up so tiered JIT has settled before anything is timed: on one thread the pipeline is fast enough that a short
        // warm-up ends before the hot methods reach tier 1 (the first timed run was then ~40% slower than the second), so
        // two runs of a fifth of the recording, with a pause for the background compiler between them.
        var warm = BacktestRecording.FromSteps("warm-up", Truncate(steps.Take(Math.Min(steps.Count, deltas / 5)), TimeSpan.TicksPerMillisecond));
        for (var i = 0; i < 2; i++)
        {
            await BacktestRunner.RunAsync(configuration, warm, new BacktestOptions(), cancellationToken).ConfigureAwait(false);
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
        }

        foreach (var (label, resolution) in new[] { ("ms", TimeSpan.TicksPerMillisecond), ("1s", TimeSpan.TicksPerSecond) })
        {
            cancellationToken.ThrowIfCancellationRequested();
            var recording = BacktestRecording.FromSteps($"synthetic-{label}", Truncate(steps, resolution));
            var distinct = recording.Steps.Select(s => s.At).Distinct().Count();
            options.Progress.WriteLine($"{label} steps: {recording.BookDeltas:N0} deltas, {recording.Events:N0} events in {distinct:N0} steps");
            // CPU time and allocation of the whole run (setup and report are small beside the feeding loop): figures that
            // hold up when other processes share the cores, unlike wall-clock rates.
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var result = await BacktestRunner.RunAsync(configuration, recording, new BacktestOptions(), cancellationToken).ConfigureAwait(false);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            var seconds = result.PipelineTime.TotalSeconds;
            figures.Add(new BenchFigure($"backtest_{label}_steps_deltas_per_s", Math.Round(recording.BookDeltas / seconds)));
            figures.Add(new BenchFigure($"backtest_{label}_steps_events_per_s", Math.Round(result.EventsFed / seconds)));
            figures.Add(new BenchFigure($"backtest_{label}_steps_per_s", Math.Round(distinct / seconds)));
            figures.Add(new BenchFigure($"backtest_{label}_fills", result.Total.Trades));
            figures.Add(new BenchFigure($"backtest_{label}_cpu_us_per_delta", Math.Round(cpu.TotalMicroseconds / recording.BookDeltas, 3)));
            figures.Add(new BenchFigure($"backtest_{label}_allocated_bytes_per_delta", Math.Round((double)allocated / recording.BookDeltas)));
            figures.Add(new BenchFigure($"backtest_{label}_timers_fired", result.TimersFired));
            figures.Add(new BenchFigure($"backtest_{label}_actor_turns_per_delta", Math.Round((double)result.ActorTurns / recording.BookDeltas, 2)));
            options.Progress.WriteLine(
                $"{label} steps: {recording.BookDeltas / seconds / 1e6:F3} M deltas/s ({distinct / seconds:N0} steps/s), {result.Total.Trades} fills, {seconds:F2}s, " +
                $"{cpu.TotalMicroseconds / recording.BookDeltas:F2} us CPU and {allocated / recording.BookDeltas:N0} bytes per delta, {result.TimersFired:N0} timers fired, {(double)result.ActorTurns / recording.BookDeltas:F2} actor turns per delta");
        }

        figures.Add(new BenchFigure("deltas", BacktestRecording.FromSteps("count", steps).BookDeltas));
        return figures;
    }

    // Recorded times cut to the resolution: the recorder writes milliseconds, and coarser steps batch more per settle.
    private static IEnumerable<RecordedStep> Truncate(IEnumerable<RecordedStep> steps, long ticks) =>
        steps.Select(s => s with { At = new DateTimeOffset(s.At.UtcTicks - (s.At.UtcTicks % ticks), TimeSpan.Zero) });
}
