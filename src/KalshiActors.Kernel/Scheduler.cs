namespace KalshiActors.Kernel;

/// <summary>A scheduled delivery that can be cancelled.</summary>
public interface ICancelable
{
    /// <summary>True once cancelled.</summary>
    bool IsCancellationRequested { get; }

    /// <summary>Stops further deliveries.</summary>
    void Cancel();
}

/// <summary>Sends messages later, on the system's <see cref="TimeProvider"/>. Inside actors prefer <see cref="IWithTimers"/>.</summary>
public interface IScheduler
{
    /// <summary>Sends <paramref name="message"/> to <paramref name="receiver"/> once after <paramref name="delay"/>.</summary>
    ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender);
}

/// <summary>The scheduler over a <see cref="TimeProvider"/> (a manual clock makes it deterministic).</summary>
internal sealed class TimeProviderScheduler(TimeProvider timeProvider) : IScheduler
{
    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, receiver, message, sender);

    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return Schedule(initialDelay, interval, receiver, message, sender);
    }

    private ScheduledTell Schedule(TimeSpan delay, TimeSpan period, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(message);
        var scheduled = new ScheduledTell(receiver, message, sender);
        scheduled.Start(timeProvider, delay < TimeSpan.Zero ? TimeSpan.Zero : delay, period);
        return scheduled;
    }

    private sealed class ScheduledTell(IActorRef receiver, object message, IActorRef? sender) : ICancelable
    {
        private ITimer? _timer;
        private volatile bool _cancelled;

        public bool IsCancellationRequested => _cancelled;

        public void Start(TimeProvider timeProvider, TimeSpan delay, TimeSpan period)
        {
            _timer = timeProvider.CreateTimer(static s => ((ScheduledTell)s!).Fire(), this, delay, period);
            if (_cancelled)
            {
                _timer.Dispose();
            }
        }

        public void Cancel()
        {
            _cancelled = true;
            _timer?.Dispose();
        }

        private void Fire()
        {
            if (!_cancelled)
            {
                receiver.Tell(message, sender);
            }
        }
    }
}
