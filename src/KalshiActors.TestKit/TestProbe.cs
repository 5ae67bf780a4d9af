using System.Collections.Concurrent;
using System.Diagnostics;
using KalshiActors.Kernel;

namespace KalshiActors.Testing;

/// <summary>
/// An actor whose mailbox the test reads: send it messages (use <see cref="Ref"/> as a sender or target), then assert on
/// what arrived with <c>ExpectMsg</c> and friends. Waits are bounded by the given timeout, the enclosing
/// <see cref="Within(TimeSpan, Action)"/> block, or the dilated default.
/// </summary>
public sealed class TestProbe
{
    private readonly BlockingCollection<Envelope> _queue = new(new ConcurrentQueue<Envelope>());
    private readonly TestKitSettings _settings;
    private readonly ActorSystem _system;
    private DateTimeOffset? _deadline;

    internal TestProbe(ActorSystem system, TestKitSettings settings, string? name)
    {
        _system = system;
        _settings = settings;
        Ref = system.SystemActorOf(TestProbeActor.Props(_queue), name);
    }

    /// <summary>The probe's ref.</summary>
    public IActorRef Ref { get; }

    /// <summary>The sender of the last message received.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    /// <summary>The last message received.</summary>
    public object? LastMessage { get; private set; }

    /// <summary>Messages waiting to be asserted on.</summary>
    public bool HasMessages => _queue.Count > 0;

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, Ref);
    }

    /// <summary>Replies to the sender of the last message.</summary>
    public void Reply(object message) => LastSender.Tell(message, Ref);

    /// <summary>Forwards the last message to <paramref name="target"/>, keeping its original sender.</summary>
    public void Forward(IActorRef target) =>
        Forward(target, LastMessage ?? throw new TestKitFailedException("Forward: the probe has not received a message yet."));

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the last sender as sender.</summary>
    public void Forward(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, LastSender);
    }

    /// <summary>Watches <paramref name="target"/>; its <see cref="Terminated"/> arrives at the probe.</summary>
    public IActorRef Watch(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Control(new TestProbeActor.WatchCommand(target, Watch: true));
        return target;
    }

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    public IActorRef Unwatch(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Control(new TestProbeActor.WatchCommand(target, Watch: false));
        return target;
    }

    /// <summary>Expects a message of type <typeparamref name="T"/>.</summary>
    public T ExpectMsg<T>(TimeSpan? timeout = null) => ExpectMsg<T>(static _ => true, timeout);

    /// <summary>Expects a message of type <typeparamref name="T"/> equal to <paramref name="expected"/>.</summary>
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null) =>
        ExpectMsg<T>(m => EqualityComparer<T>.Default.Equals(m, expected), timeout, $"equal to {expected}");

    /// <summary>Expects a message of type <typeparamref name="T"/> matching <paramref name="predicate"/>.</summary>
    public T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => ExpectMsg(predicate, timeout, "matching the predicate");

    /// <summary>Expects that nothing arrives for <paramref name="duration"/> (default <see cref="TestKitSettings.ExpectNoMessageDefault"/>).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var wait = Remaining(duration ?? _settings.Dilated(_settings.ExpectNoMessageDefault));
        if (_queue.TryTake(out var envelope, wait))
        {
            Record(envelope);
            throw new TestKitFailedException($"Expected no message for {wait.TotalMilliseconds:F0} ms but received {Describe(envelope.Message)} from {envelope.Sender}.");
        }
    }

    /// <summary>Expects all of <paramref name="messages"/> (by equality), in any order, and nothing else in between.</summary>
    public IReadOnlyList<object> ExpectMsgAllOf(params object[] messages) => ExpectMsgAllOf(null, messages);

    /// <summary>Expects all of <paramref name="messages"/> (by equality), in any order, within <paramref name="timeout"/>.</summary>
    public IReadOnlyList<object> ExpectMsgAllOf(TimeSpan? timeout, params object[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var received = ReceiveN(messages.Length, timeout);
        var missing = messages.ToList();
        var unexpected = new List<object>();
        foreach (var message in received)
        {
            var index = missing.FindIndex(m => Equals(m, message));
            if (index >= 0)
            {
                missing.RemoveAt(index);
            }
            else
            {
                unexpected.Add(message);
            }
        }

        if (missing.Count > 0)
        {
            throw new TestKitFailedException(
                $"ExpectMsgAllOf: missing [{string.Join(", ", missing.Select(Describe))}]; unexpected [{string.Join(", ", unexpected.Select(Describe))}].");
        }

        return received;
    }

    /// <summary>Expects the <see cref="Terminated"/> of <paramref name="target"/> (watch it first with <see cref="Watch"/>).</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsg<Terminated>(t => t.ActorRef.Equals(target), timeout, $"for {target}");

    /// <summary>Skips messages until one satisfies <paramref name="isMessage"/>, and returns it.</summary>
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? timeout = null) => FishForMessage<object>(isMessage, timeout);

    /// <summary>Skips messages until one of type <typeparamref name="T"/> satisfies <paramref name="isMessage"/>, and returns it.</summary>
    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        var deadline = Stopwatch.GetTimestamp();
        var budget = Remaining(timeout ?? _settings.Dilated(_settings.SingleExpectDefault));
        var skipped = new List<object>();
        while (true)
        {
            var left = budget - Stopwatch.GetElapsedTime(deadline);
            if (left < TimeSpan.Zero || !_queue.TryTake(out var envelope, left))
            {
                throw new TestKitFailedException(
                    $"FishForMessage<{typeof(T).Name}>: no matching message within {budget.TotalMilliseconds:F0} ms; skipped [{string.Join(", ", skipped.Select(Describe))}].");
            }

            Record(envelope);
            if (envelope.Message is T typed && isMessage(typed))
            {
                return typed;
            }

            skipped.Add(envelope.Message);
        }
    }

    /// <summary>Receives exactly <paramref name="count"/> messages.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null)
    {
        var start = Stopwatch.GetTimestamp();
        var budget = Remaining(timeout ?? _settings.Dilated(_settings.SingleExpectDefault));
        var received = new List<object>(count);
        while (received.Count < count)
        {
            var left = budget - Stopwatch.GetElapsedTime(start);
            if (left < TimeSpan.Zero || !_queue.TryTake(out var envelope, left))
            {
                throw new TestKitFailedException(
                    $"ReceiveN: received {received.Count} of {count} messages within {budget.TotalMilliseconds:F0} ms: [{string.Join(", ", received.Select(Describe))}].");
            }

            Record(envelope);
            received.Add(envelope.Message);
        }

        return received;
    }

    /// <summary>
    /// Receives messages while <paramref name="filter"/> maps them to a value (null stops, leaving the message consumed),
    /// until <paramref name="maxMessages"/> or until nothing arrives for <paramref name="idle"/>.
    /// </summary>
    public IReadOnlyList<T> ReceiveWhile<T>(Func<object, T?> filter, TimeSpan? max = null, TimeSpan? idle = null, int maxMessages = int.MaxValue)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(filter);
        var start = Stopwatch.GetTimestamp();
        var budget = Remaining(max ?? _settings.Dilated(_settings.SingleExpectDefault));
        var idleWait = idle ?? Timeout.InfiniteTimeSpan;
        var results = new List<T>();
        while (results.Count < maxMessages)
        {
            var left = budget - Stopwatch.GetElapsedTime(start);
            if (idleWait != Timeout.InfiniteTimeSpan && idleWait < left)
            {
                left = idleWait;
            }

            if (left < TimeSpan.Zero || !_queue.TryTake(out var envelope, left))
            {
                break;
            }

            Record(envelope);
            if (filter(envelope.Message) is not { } value)
            {
                break;
            }

            results.Add(value);
        }

        return results;
    }

    /// <summary>Runs <paramref name="block"/> with every expectation inside bounded by <paramref name="max"/> in total.</summary>
    public void Within(TimeSpan max, Action block)
    {
        ArgumentNullException.ThrowIfNull(block);
        Within(max, () =>
        {
            block();
            return true;
        });
    }

    /// <summary>Runs <paramref name="block"/> with every expectation inside bounded by <paramref name="max"/> in total.</summary>
    public T Within<T>(TimeSpan max, Func<T> block)
    {
        ArgumentNullException.ThrowIfNull(block);
        var outer = _deadline;
        var deadline = DateTimeOffset.UtcNow + _settings.Dilated(max);
        _deadline = outer is { } o && o < deadline ? o : deadline;
        try
        {
            return block();
        }
        finally
        {
            _deadline = outer;
        }
    }

    internal TimeSpan Remaining(TimeSpan wanted)
    {
        if (_deadline is not { } deadline)
        {
            return wanted;
        }

        var left = deadline - DateTimeOffset.UtcNow;
        if (left < TimeSpan.Zero)
        {
            left = TimeSpan.Zero;
        }

        return wanted < left ? wanted : left;
    }

    private T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout, string what)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var wait = Remaining(timeout ?? _settings.Dilated(_settings.SingleExpectDefault));
        if (!_queue.TryTake(out var envelope, wait))
        {
            throw new TestKitFailedException($"Timeout ({wait.TotalMilliseconds:F0} ms) waiting for a {typeof(T).Name} {what}.");
        }

        Record(envelope);
        if (envelope.Message is not T typed)
        {
            throw new TestKitFailedException($"Expected a {typeof(T).Name} {what} but received {Describe(envelope.Message)} from {envelope.Sender}.");
        }

        if (!predicate(typed))
        {
            throw new TestKitFailedException($"Expected a {typeof(T).Name} {what} but received {Describe(envelope.Message)} from {envelope.Sender}.");
        }

        return typed;
    }

    private void Control(TestProbeActor.WatchCommand command)
    {
        Ref.Tell(command, null);
        if (!command.Done.Wait(_settings.Dilated(_settings.SingleExpectDefault)))
        {
            throw new TestKitFailedException($"The probe {Ref.Path} did not process a watch request in time; is the system shutting down?");
        }
    }

    private void Record(Envelope envelope)
    {
        LastMessage = envelope.Message;
        LastSender = envelope.Sender ?? _system.DeadLetters;
    }

    private static string Describe(object message) => $"{message} ({message.GetType().Name})";
}
