using System.Diagnostics;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace KalshiActors.Testing;

/// <summary>
/// Base class for actor tests (xunit): one <see cref="ActorSystem"/> per test, shut down after it. The test fails if the
/// system logged an error that no <see cref="ExpectError{TException}(Action?, int, TimeSpan?)"/> accounted for (an
/// actor's unhandled exception is such an error), so failures inside actors cannot pass silently.
/// Outside actors, <c>actor.Tell(message)</c> sends with <see cref="TestActor"/> as the sender.
/// </summary>
public abstract class TestKit : IDisposable
{
    private readonly CapturingLoggerFactory _logs;
    private readonly TestProbe _testProbe;
    private readonly TestProbe _deadLetters;
    private bool _disposed;

    /// <summary>Creates the test system.</summary>
    /// <param name="output">xunit output; every log line is echoed there.</param>
    /// <param name="settings">Kernel settings (defaults when null).</param>
    /// <param name="timeProvider">The system clock; pass a <see cref="ManualTimeProvider"/> to drive time by hand (see <see cref="Clock"/>).</param>
    /// <param name="testKitSettings">Timeouts (defaults, dilated by <c>KALSHI_ACTORS_TEST_DILATION</c>, when null).</param>
    protected TestKit(ITestOutputHelper? output = null, KernelSettings? settings = null, TimeProvider? timeProvider = null, TestKitSettings? testKitSettings = null)
    {
        TestKitSettings = testKitSettings ?? TestKitSettings.Default;
        _logs = new CapturingLoggerFactory(output);
        Sys = ActorSystem.Create("test", settings, timeProvider, _logs);
        Clock = timeProvider as ManualTimeProvider;
        _testProbe = new TestProbe(Sys, TestKitSettings, "testActor");
        _deadLetters = new TestProbe(Sys, TestKitSettings, "deadLetterListener");
        Sys.EventStream.Subscribe(_deadLetters.Ref, typeof(DeadLetter));
        ActorRefExtensions.ImplicitSender = _testProbe.Ref;
    }

    /// <summary>The system under test.</summary>
    protected ActorSystem Sys { get; }

    /// <summary>The manual clock, when the system was created with one.</summary>
    protected ManualTimeProvider? Clock { get; }

    /// <summary>The timeouts in force (already dilated on use).</summary>
    protected TestKitSettings TestKitSettings { get; }

    /// <summary>The default probe: the implicit sender of <c>Tell</c> from test code, and what <c>ExpectMsg</c> reads.</summary>
    protected IActorRef TestActor => _testProbe.Ref;

    /// <summary>The sender of the last message the test actor received.</summary>
    protected IActorRef LastSender => _testProbe.LastSender;

    /// <summary>Every log entry so far.</summary>
    protected IReadOnlyCollection<CapturedLog> LoggedEntries => _logs.Entries;

    /// <summary>A new probe (an extra actor whose messages the test reads).</summary>
    protected TestProbe CreateTestProbe(string? name = null) => new(Sys, TestKitSettings, name);

    /// <summary>A duration scaled by the dilation factor.</summary>
    protected TimeSpan Dilated(TimeSpan duration) => TestKitSettings.Dilated(duration);

    /// <summary>Creates a top-level actor.</summary>
    protected IActorRef ActorOf(Props props, string? name = null) => Sys.ActorOf(props, name);

    /// <summary>Watches <paramref name="target"/> with the test actor.</summary>
    protected IActorRef Watch(IActorRef target) => _testProbe.Watch(target);

    /// <summary>Stops watching <paramref name="target"/>.</summary>
    protected IActorRef Unwatch(IActorRef target) => _testProbe.Unwatch(target);

    /// <summary>See <see cref="TestProbe.ExpectMsg{T}(TimeSpan?)"/>.</summary>
    protected T ExpectMsg<T>(TimeSpan? timeout = null) => _testProbe.ExpectMsg<T>(timeout);

    /// <summary>See <see cref="TestProbe.ExpectMsg{T}(T, TimeSpan?)"/>.</summary>
    protected T ExpectMsg<T>(T expected, TimeSpan? timeout = null) => _testProbe.ExpectMsg(expected, timeout);

    /// <summary>See <see cref="TestProbe.ExpectMsg{T}(Predicate{T}, TimeSpan?)"/>.</summary>
    protected T ExpectMsg<T>(Predicate<T> predicate, TimeSpan? timeout = null) => _testProbe.ExpectMsg(predicate, timeout);

    /// <summary>See <see cref="TestProbe.ExpectNoMsg"/>.</summary>
    protected void ExpectNoMsg(TimeSpan? duration = null) => _testProbe.ExpectNoMsg(duration);

    /// <summary>See <see cref="TestProbe.ExpectMsgAllOf(object[])"/>.</summary>
    protected IReadOnlyList<object> ExpectMsgAllOf(params object[] messages) => _testProbe.ExpectMsgAllOf(messages);

    /// <summary>See <see cref="TestProbe.ExpectTerminated"/>.</summary>
    protected Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => _testProbe.ExpectTerminated(target, timeout);

    /// <summary>See <see cref="TestProbe.FishForMessage(Predicate{object}, TimeSpan?)"/>.</summary>
    protected object FishForMessage(Predicate<object> isMessage, TimeSpan? timeout = null) => _testProbe.FishForMessage(isMessage, timeout);

    /// <summary>See <see cref="TestProbe.FishForMessage{T}(Predicate{T}, TimeSpan?)"/>.</summary>
    protected T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? timeout = null) => _testProbe.FishForMessage(isMessage, timeout);

    /// <summary>See <see cref="TestProbe.ReceiveN"/>.</summary>
    protected IReadOnlyList<object> ReceiveN(int count, TimeSpan? timeout = null) => _testProbe.ReceiveN(count, timeout);

    /// <summary>See <see cref="TestProbe.ReceiveWhile{T}"/>.</summary>
    protected IReadOnlyList<T> ReceiveWhile<T>(Func<object, T?> filter, TimeSpan? max = null, TimeSpan? idle = null, int maxMessages = int.MaxValue)
        where T : class => _testProbe.ReceiveWhile(filter, max, idle, maxMessages);

    /// <summary>Replies to the last sender of the test actor.</summary>
    protected void Reply(object message) => _testProbe.Reply(message);

    /// <summary>See <see cref="TestProbe.Within(TimeSpan, Action)"/> (applies to the test actor's expectations).</summary>
    protected void Within(TimeSpan max, Action block) => _testProbe.Within(max, block);

    /// <summary>See <see cref="TestProbe.Within{T}(TimeSpan, Func{T})"/>.</summary>
    protected T Within<T>(TimeSpan max, Func<T> block) => _testProbe.Within(max, block);

    /// <summary>Polls <paramref name="condition"/> until it holds, failing after <paramref name="max"/>.</summary>
    protected void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var budget = _testProbe.Remaining(max ?? Dilated(TestKitSettings.SingleExpectDefault));
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        var start = Stopwatch.GetTimestamp();
        while (!condition())
        {
            if (Stopwatch.GetElapsedTime(start) > budget)
            {
                throw new TestKitFailedException($"AwaitCondition: the condition did not hold within {budget.TotalMilliseconds:F0} ms. {message}");
            }

            Thread.Sleep(pause);
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it stops throwing, rethrowing its last failure after <paramref name="duration"/>.</summary>
    protected void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var budget = _testProbe.Remaining(duration ?? Dilated(TestKitSettings.SingleExpectDefault));
        var pause = interval ?? TimeSpan.FromMilliseconds(10);
        var start = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception) when (Stopwatch.GetElapsedTime(start) < budget)
            {
                Thread.Sleep(pause);
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> (if any) and waits until <paramref name="occurrences"/> error entries carrying a
    /// <typeparamref name="TException"/> have been logged; they then no longer fail the test.
    /// </summary>
    protected void ExpectError<TException>(Action? action = null, int occurrences = 1, TimeSpan? timeout = null)
        where TException : Exception
    {
        action?.Invoke();
        var found = new List<CapturedLog>();
        AwaitCondition(
            () =>
            {
                found.Clear();
                found.AddRange(_logs.Entries.Where(e => e.Level >= LogLevel.Error && !e.Expected && e.Carries<TException>()).Take(occurrences));
                return found.Count >= occurrences;
            },
            timeout,
            message: $"Expected {occurrences} logged error(s) carrying {typeof(TException).Name}; logged errors: [{DescribeErrors()}].");
        foreach (var entry in found)
        {
            entry.Expected = true;
        }
    }

    /// <summary>Lets every error carrying <typeparamref name="TException"/> logged so far pass (for tests that provoke many).</summary>
    protected void AllowErrors<TException>()
        where TException : Exception
    {
        foreach (var entry in _logs.Entries.Where(e => e.Level >= LogLevel.Error && e.Carries<TException>()))
        {
            entry.Expected = true;
        }
    }

    /// <summary>Expects a dead letter whose message is a <typeparamref name="TMessage"/> (matching <paramref name="predicate"/>).</summary>
    protected DeadLetter ExpectDeadLetter<TMessage>(Predicate<TMessage>? predicate = null, TimeSpan? timeout = null) =>
        _deadLetters.FishForMessage<DeadLetter>(d => d.Message is TMessage m && (predicate is null || predicate(m)), timeout);

    /// <summary>Stops the system (waiting for it) and fails the test on errors nobody expected.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Override to release test resources; call the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing)
        {
            return;
        }

        _disposed = true;
        ActorRefExtensions.ImplicitSender = null;
        var stopped = Sys.Terminate().Wait(Dilated(TestKitSettings.ShutdownTimeout));
        var unexpected = _logs.Entries.Where(e => e.Level >= LogLevel.Error && !e.Expected).ToList();
        if (unexpected.Count > 0)
        {
            throw new TestKitFailedException(
                $"The actor system logged {unexpected.Count} unexpected error(s) (wrap the code that provokes them in ExpectError<T>): [{DescribeErrors()}].");
        }

        if (!stopped)
        {
            throw new TestKitFailedException($"The actor system did not terminate within {Dilated(TestKitSettings.ShutdownTimeout)}; an actor's PostStop may be blocking.");
        }
    }

    private string DescribeErrors() => string.Join("; ", _logs.Entries
        .Where(e => e.Level >= LogLevel.Error && !e.Expected)
        .Select(e => $"{e.Message}{(e.Exception is null ? string.Empty : " (" + e.Exception.GetType().Name + ")")}"));
}
