using System.Diagnostics;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench pipeline`'s stall diagnostics (KALSHI_BENCH_STALLS=1 for a 20 ms threshold, =0.5 for 0.5 ms): prints to the
/// progress writer every journal commit over the threshold, every timed order over it with its hops, every garbage
/// collection with its pause, promoted bytes and phases (<see cref="PipelineBenchGcPhases"/>), and every thread-pool work
/// item that waited over the threshold to run, each stamped with milliseconds since the pass started, so a latency
/// outlier can be matched with what happened at the same moment.
/// </summary>
internal sealed class PipelineBenchStallLog : IDisposable
{
    private readonly TimeSpan _threshold;
    private readonly TextWriter _progress;
    private readonly Lock _gate = new();
    private readonly Thread _monitor;
    private readonly PipelineBenchGcPhases _gcPhases;
    private volatile bool _stopped;
    private long _passStart = Stopwatch.GetTimestamp();

    private PipelineBenchStallLog(TextWriter progress, TimeSpan threshold)
    {
        _threshold = threshold;
        _progress = progress;
        _gcPhases = new PipelineBenchGcPhases(Write);
        _monitor = new Thread(Monitor) { IsBackground = true, Name = "bench-stall-monitor" };
        _monitor.Start();
    }

    /// <summary>A running log when KALSHI_BENCH_STALLS is 1 (20 ms) or a threshold in milliseconds, else null.</summary>
    public static PipelineBenchStallLog? StartIfAsked(TextWriter progress) =>
        Environment.GetEnvironmentVariable("KALSHI_BENCH_STALLS") switch
        {
            "1" => new PipelineBenchStallLog(progress, TimeSpan.FromMilliseconds(20)),
            { } ms when double.TryParse(ms, System.Globalization.CultureInfo.InvariantCulture, out var threshold) && threshold > 0 =>
                new PipelineBenchStallLog(progress, TimeSpan.FromMilliseconds(threshold)),
            _ => null,
        };

    /// <summary>A new pass starts: stamps count from now.</summary>
    public void PassStarted() => Volatile.Write(ref _passStart, Stopwatch.GetTimestamp());

    /// <summary>A journal batch committed.</summary>
    public void Committed(int rows, long started, long committed)
    {
        var took = Stopwatch.GetElapsedTime(started, committed);
        if (took > _threshold)
        {
            Write($"commit {took.TotalMilliseconds:F1} ms, {rows} rows, at {Since(started):F0} ms");
        }
    }

    /// <summary>A timed order was published, <paramref name="elapsedUs"/> after its trigger was due; the stamps are its hops (0 = not seen).</summary>
    public void Ordered(double elapsedUs, long scheduled, long written, long intent, long batchStart, long committed, long published)
    {
        if (elapsedUs > _threshold.TotalMicroseconds)
        {
            Write($"order {elapsedUs / 1000:F1} ms, due at {Since(scheduled):F0} ms: late {Ms(scheduled, written):F1}, to intent {Ms(written, intent):F1}, " +
                $"to batch {Ms(intent, batchStart):F1}, commit {Ms(batchStart, committed):F1}, to published {Ms(committed, published):F1}");
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopped = true;
        _monitor.Join();
        _gcPhases.Dispose();
    }

    private static double Ms(long from, long to) => from == 0 || to == 0 ? double.NaN : Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

    private double Since(long stamp) => Stopwatch.GetElapsedTime(Volatile.Read(ref _passStart), stamp).TotalMilliseconds;

    private void Write(string line)
    {
        lock (_gate)
        {
            _progress.WriteLine("stall: " + line);
        }
    }

    private void Monitor()
    {
        using var ran = new ManualResetEventSlim();
        var collections = GC.CollectionCount(0);
        var paused = GC.GetTotalPauseDuration();
        while (!_stopped)
        {
            if (GC.CollectionCount(0) is var now && now != collections)
            {
                var info = GC.GetGCMemoryInfo(GCKind.Any);
                var pause = GC.GetTotalPauseDuration() - paused;
                Write($"gc x{now - collections} gen{info.Generation}, paused {pause.TotalMilliseconds:F1} ms, promoted {info.PromotedBytes / 1024} KB, " +
                    $"heap {info.HeapSizeBytes >> 20} MB, at {Since(Stopwatch.GetTimestamp()):F0} ms");
                collections = now;
                paused += pause;
            }

            ran.Reset();
            var queued = Stopwatch.GetTimestamp();
            ThreadPool.UnsafeQueueUserWorkItem(static r => r.Set(), ran, preferLocal: false);
            ran.Wait();
            if (Stopwatch.GetElapsedTime(queued) is var waited && waited > _threshold)
            {
                Write($"thread pool {waited.TotalMilliseconds:F1} ms to run a work item ({ThreadPool.ThreadCount} threads, {ThreadPool.PendingWorkItemCount} queued), at {Since(queued):F0} ms");
            }

            Thread.Sleep(2);
        }
    }
}
