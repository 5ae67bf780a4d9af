using System.Diagnostics;
using KalshiActors.Hosting.Bench;

namespace KalshiActors.Hosting.Tests;

public sealed class BenchPacerTests
{
    [Theory]
    [InlineData("precise")]
    [InlineData("spin")]
    [InlineData("sleep")]
    public void WaitUntil_NeverReturnsBeforeTheDueTime(string mode)
    {
        var pacing = mode switch
        {
            "spin" => BenchPacing.Spin,
            "sleep" => BenchPacing.Bursts,
            _ => BenchPacing.Precise,
        };
        BenchPacer.PrepareThread();
        var start = Stopwatch.GetTimestamp();

        // A schedule of 100 µs steps, as the pipeline's 10k/s pass uses: each wait ends at or after its own due time.
        for (var i = 1; i <= 20; i++)
        {
            var due = start + (i * Stopwatch.Frequency / 10_000);
            BenchPacer.WaitUntil(due, pacing);
            var now = Stopwatch.GetTimestamp();
            Assert.True(now >= due, $"{pacing}: returned {Stopwatch.GetElapsedTime(now, due).TotalMicroseconds:F1} µs before step {i} was due");
        }
    }

    [Fact]
    public void WaitUntil_ReturnsAtOnceForATimeAlreadyPast()
    {
        var past = Stopwatch.GetTimestamp() - Stopwatch.Frequency;
        var before = Stopwatch.GetTimestamp();

        BenchPacer.WaitUntil(past);

        // No sleep at all: far less than the 1 ms the shortest managed sleep takes.
        Assert.True(Stopwatch.GetElapsedTime(before).TotalMilliseconds < 500, "a wait for a past time slept");
    }

    [Fact]
    public void SleepsPrecisely_OnLinux()
    {
        // The kernel sleep is the point on the machines the figures come from; elsewhere the fallback is used.
        Assert.Equal(OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000, BenchPacer.SleepsPrecisely);
    }
}
