namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// The backtest's clock: time moves only when the driver moves it to the next recorded timestamp. Timers wait in a priority
/// queue by (due time, creation order); <see cref="TryFireNext"/> fires one at a time so the driver can let the actors
/// settle between them. Changing or disposing a timer leaves its old queue entry behind, skipped when it comes up.
/// </summary>
public sealed class VirtualClock : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly PriorityQueue<(VirtualTimer Timer, long Version), (long DueTicks, long Sequence)> _queue = new();
    private long _nowTicks;
    private long _sequence;

    /// <summary>Creates the clock at <paramref name="start"/>.</summary>
    public VirtualClock(DateTimeOffset start) => _nowTicks = start.UtcTicks;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Timers fired so far.</summary>
    public long TimersFired { get; private set; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Volatile.Read(ref _nowTicks), TimeSpan.Zero);

    /// <inheritdoc />
    public override long GetTimestamp() => Volatile.Read(ref _nowTicks);

    /// <summary>
    /// Fires the earliest timer due at or before <paramref name="target"/> (moving the clock to its due time) and returns
    /// true, or moves the clock to <paramref name="target"/> and returns false when none is due. Never moves backwards.
    /// </summary>
    public bool TryFireNext(DateTimeOffset target)
    {
        var targetTicks = target.UtcTicks;
        VirtualTimer? due;
        while (true)
        {
            lock (_lock)
            {
                if (!_queue.TryPeek(out var entry, out var key) || key.DueTicks > targetTicks)
                {
                    if (targetTicks > _nowTicks)
                    {
                        Volatile.Write(ref _nowTicks, targetTicks);
                    }

                    return false;
                }

                _queue.Dequeue();
                if (entry.Version != entry.Timer.Version)
                {
                    continue;
                }

                if (key.DueTicks > _nowTicks)
                {
                    Volatile.Write(ref _nowTicks, key.DueTicks);
                }

                due = entry.Timer;
                if (due.PeriodTicks > 0)
                {
                    Enqueue(due, key.DueTicks + due.PeriodTicks);
                }
                else
                {
                    due.Version++;
                }

                TimersFired++;
                break;
            }
        }

        due.Callback(due.State);
        return true;
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Enqueue(VirtualTimer timer, long dueTicks) => _queue.Enqueue((timer, timer.Version), (dueTicks, ++_sequence));

    private bool Change(VirtualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_lock)
        {
            if (timer.Disposed)
            {
                return false;
            }

            timer.Version++;
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return true;
            }

            timer.PeriodTicks = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
            Enqueue(timer, _nowTicks + Math.Max(0, dueTime.Ticks));
            return true;
        }
    }

    private void Dispose(VirtualTimer timer)
    {
        lock (_lock)
        {
            timer.Disposed = true;
            timer.Version++;
        }
    }

    private sealed class VirtualTimer(VirtualClock owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        // Bumped on every change, fire-once and dispose: queue entries with an older version are stale.
        public long Version { get; set; }

        public long PeriodTicks { get; set; }

        public bool Disposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Change(this, dueTime, period);

        public void Dispose() => owner.Dispose(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
