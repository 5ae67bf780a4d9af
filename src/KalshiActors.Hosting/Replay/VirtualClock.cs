namespace KalshiActors.Hosting.Replay;

/// <summary>
/// The replay's clock: it stands at the timestamp of the last event replayed and never moves on its own, so no timer of
/// a recovered actor fires (no housekeeping, no snapshots, no retries) and two replays see the same time.
/// </summary>
internal sealed class VirtualClock(DateTimeOffset now) : TimeProvider
{
    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => now;

    /// <inheritdoc />
    public override long GetTimestamp() => now.UtcTicks;

    /// <summary>A timer that never fires: virtual time does not pass during a replay.</summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => StoppedTimer.Instance;

    private sealed class StoppedTimer : ITimer
    {
        public static StoppedTimer Instance { get; } = new();

        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
