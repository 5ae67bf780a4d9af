namespace KalshiActors.Kernel;

/// <summary>An actor with timers; the kernel sets <see cref="Timers"/> before the constructor's first message.</summary>
public interface IWithTimers
{
    /// <summary>The actor's timers (set by the kernel).</summary>
    ITimerScheduler Timers { get; set; }
}

/// <summary>
/// Keyed timers that send messages to the actor itself. Starting a timer with an active key replaces it; a cancelled
/// timer's message is never delivered, even if already queued. All timers are cancelled on restart and stop.
/// </summary>
public interface ITimerScheduler
{
    /// <summary>Sends <paramref name="message"/> once after <paramref name="timeout"/>.</summary>
    void StartSingleTimer(object key, object message, TimeSpan timeout, IActorRef? sender = null);

    /// <summary>Sends <paramref name="message"/> every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan interval, IActorRef? sender = null);

    /// <summary>Sends <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval, IActorRef? sender = null);

    /// <summary>True while the timer with that key is active.</summary>
    bool IsTimerActive(object key);

    /// <summary>The keys of active timers.</summary>
    IReadOnlyCollection<object> ActiveTimers { get; }

    /// <summary>Cancels the timer with that key.</summary>
    void Cancel(object key);

    /// <summary>Cancels every timer.</summary>
    void CancelAll();
}

/// <summary>Timers of one actor cell, on the system's <see cref="TimeProvider"/>. Only the actor itself touches it.</summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private readonly Dictionary<object, Entry> _timers = [];
    private int _generation;

    public IReadOnlyCollection<object> ActiveTimers => [.. _timers.Keys];

    public void StartSingleTimer(object key, object message, TimeSpan timeout, IActorRef? sender = null) =>
        Start(key, message, timeout, Timeout.InfiniteTimeSpan, sender);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval, IActorRef? sender = null) =>
        StartPeriodicTimer(key, message, interval, interval, sender);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval, IActorRef? sender = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Start(key, message, initialDelay, interval, sender);
    }

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_timers.Remove(key, out var entry))
        {
            entry.Timer.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var entry in _timers.Values)
        {
            entry.Timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>True when the timer message is current (not cancelled or replaced); single timers end here.</summary>
    public bool Accept(TimerMessage message)
    {
        if (!_timers.TryGetValue(message.Key, out var entry) || entry.Generation != message.Generation)
        {
            return false;
        }

        if (!entry.Periodic)
        {
            _timers.Remove(message.Key);
            entry.Timer.Dispose();
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan period, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var timerMessage = new TimerMessage(key, ++_generation, message);
        var timer = cell.System.TimeProvider.CreateTimer(
            static state =>
            {
                var (target, payload, from) = ((ActorCell, TimerMessage, IActorRef?))state!;
                target.Tell(payload, from);
            },
            (cell, timerMessage, sender),
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
            period);
        _timers[key] = new Entry(timerMessage.Generation, timer, period != Timeout.InfiniteTimeSpan);
    }

    private readonly record struct Entry(int Generation, ITimer Timer, bool Periodic);

    /// <summary>What a timer sends; unwrapped by the cell if still current.</summary>
    internal sealed record TimerMessage(object Key, int Generation, object Message) : IAutoReceivedMessage;
}
