using KalshiActors.Hosting.Backtest;

namespace KalshiActors.Hosting.Tests.Backtest;

public sealed class VirtualClockTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TryFireNext_FiresDueTimersOneAtATimeInDueOrder_AtTheirDueTimes()
    {
        var clock = new VirtualClock(Start);
        var fired = new List<(string, DateTimeOffset)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow())), null, TimeSpan.FromSeconds(3), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow())), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        Assert.True(clock.TryFireNext(Start.AddSeconds(5)));
        Assert.Equal([("early", Start.AddSeconds(1))], fired);
        Assert.True(clock.TryFireNext(Start.AddSeconds(5)));
        Assert.False(clock.TryFireNext(Start.AddSeconds(5)));

        Assert.Equal([("early", Start.AddSeconds(1)), ("late", Start.AddSeconds(3))], fired);
        Assert.Equal(Start.AddSeconds(5), clock.GetUtcNow());
    }

    [Fact]
    public void PeriodicTimer_FiresEveryPeriod_UntilDisposed()
    {
        var clock = new VirtualClock(Start);
        var count = 0;
        var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        while (clock.TryFireNext(Start.AddSeconds(3.5)))
        {
        }

        timer.Dispose();
        while (clock.TryFireNext(Start.AddSeconds(10)))
        {
        }

        Assert.Equal(3, count);
    }

    [Fact]
    public void Change_MovesTheTimer_AndTheOldDueTimeIsSkipped()
    {
        var clock = new VirtualClock(Start);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Change(TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        while (clock.TryFireNext(Start.AddSeconds(5)))
        {
        }

        Assert.Equal([Start.AddSeconds(2)], fired);
    }

    [Fact]
    public void TryFireNext_NeverMovesTheClockBack()
    {
        var clock = new VirtualClock(Start);

        clock.TryFireNext(Start.AddSeconds(-10));

        Assert.Equal(Start, clock.GetUtcNow());
    }
}
