using System.Diagnostics;
using System.Runtime.InteropServices;

namespace KalshiActors.Hosting.Bench;

/// <summary>How a fixed-rate bench waits for each item's due time (KALSHI_BENCH_PACING).</summary>
internal enum BenchPacing
{
    /// <summary>Sleeps in the kernel until the due time (the default; see <see cref="BenchPacer"/>).</summary>
    Precise,

    /// <summary>`spin`: yields the core in a loop until the due time (the pacing of sessions 6-8; it holds a core).</summary>
    Spin,

    /// <summary>`sleep`: 1 ms sleeps, then writes what is due (bursts of ~11 at 10k/s, the pacing before session 6).</summary>
    Bursts,
}

/// <summary>
/// Waits until a <see cref="Stopwatch"/> timestamp for a bench that offers work at a fixed rate, without holding a core:
/// on Linux it sleeps in the kernel until that instant; elsewhere it sleeps while the instant is far and yields near it.
/// </summary>
/// <remarks>
/// A real feed thread waits in the kernel for its socket. The pacer of sessions 6-8 yielded in a loop instead, and on a
/// 2-core machine that took one core from the actors it measured: at 10k deltas/s the process burned 1.2 cores, most of
/// it in sched_yield (13-27 s of kernel time in a 25 s run), while the pipeline itself needs about 5% of one. .NET has
/// no sleep finer than a millisecond, so on Linux this calls clock_nanosleep on CLOCK_MONOTONIC (the clock
/// <see cref="Stopwatch"/> reads there) with an absolute deadline, after lowering the thread's timer slack from 50 µs to
/// 1 µs so the kernel wakes it on time rather than grouping the wake-up with others. Waking from sleep costs ~20 µs here,
/// which the bench counts (latency runs from the due time), as a feed thread's wake-up would be.
/// </remarks>
internal static class BenchPacer
{
    private const int ClockMonotonic = 1;
    private const int TimerAbsolute = 1;
    private const int PrSetTimerSlack = 29;
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Whether <see cref="BenchPacing.Precise"/> sleeps in the kernel (else it sleeps and yields).</summary>
    public static bool SleepsPrecisely { get; } = OperatingSystem.IsLinux() && Stopwatch.Frequency == NanosecondsPerSecond;

    /// <summary>The pacing KALSHI_BENCH_PACING asks for (`spin`, `sleep`; anything else is precise).</summary>
    public static BenchPacing FromEnvironment() => Environment.GetEnvironmentVariable("KALSHI_BENCH_PACING") switch
    {
        "spin" => BenchPacing.Spin,
        "sleep" => BenchPacing.Bursts,
        _ => BenchPacing.Precise,
    };

    /// <summary>Prepares the calling thread to pace (once per pacing thread).</summary>
    public static void PrepareThread()
    {
        if (SleepsPrecisely)
        {
            // Best effort: with the default slack the wake-ups are only later.
            _ = Prctl(PrSetTimerSlack, 1, 0, 0, 0);
        }
    }

    /// <summary>Returns at <paramref name="due"/> (a <see cref="Stopwatch.GetTimestamp"/> value) or at once if it has passed.</summary>
    public static void WaitUntil(long due, BenchPacing pacing = BenchPacing.Precise)
    {
        while (Stopwatch.GetTimestamp() is var now && now < due)
        {
            switch (pacing)
            {
                case BenchPacing.Bursts:
                    Thread.Sleep(1);
                    break;
                case BenchPacing.Spin:
                    Thread.Yield();
                    break;
                case BenchPacing.Precise when SleepsPrecisely:
                    var until = new Timespec { Seconds = due / NanosecondsPerSecond, Nanoseconds = due % NanosecondsPerSecond };

                    // 0, or EINTR: the loop reads the clock again.
                    _ = ClockNanosleep(ClockMonotonic, TimerAbsolute, ref until, IntPtr.Zero);
                    break;
                default:
                    if (due - now > Stopwatch.Frequency / 500)
                    {
                        Thread.Sleep(1);
                    }
                    else
                    {
                        Thread.Yield();
                    }

                    break;
            }
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    // DllImport rather than LibraryImport: the generated marshalling needs unsafe code, and these signatures are blittable.
    [DllImport("libc", EntryPoint = "clock_nanosleep")]
    private static extern int ClockNanosleep(int clockId, int flags, ref Timespec request, IntPtr remain);

    [DllImport("libc", EntryPoint = "prctl")]
    private static extern int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);
}
