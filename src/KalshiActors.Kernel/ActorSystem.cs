using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Kernel;

/// <summary>
/// A hierarchy of actors under <c>/user</c> (yours) and <c>/system</c> (infrastructure) guardians, with the clock, logging,
/// event stream and dead letters they share.
/// </summary>
public sealed class ActorSystem
{
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<object, object> _extensions = new();
    private readonly Dictionary<string, MessageDispatcher> _dispatchers = new(StringComparer.Ordinal);
    private readonly ActorCell _root;
    private readonly ActorCell _userGuardian;
    private readonly ActorCell _systemGuardian;
    private readonly DeadLetterLogger _deadLetterLogger;

    // Set in deterministic mode: every cell runs on it (see KernelSettings.Deterministic).
    private readonly DeterministicDispatcher? _deterministic;
    private int _terminating;

    // Cells scheduled or running plus async work (RunTask, PipeTo) whose result is not delivered yet; see PendingWork.
    private long _pendingWork;

    private ActorSystem(string name, KernelSettings settings, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        Name = name;
        Settings = settings;
        Throughput = settings.Throughput;
        TimeProvider = timeProvider;
        LoggerFactory = loggerFactory;
        Log = loggerFactory.CreateLogger("KalshiActors.Kernel.ActorSystem");
        EventStream = new EventStream();
        DeadLetters = new DeadLetterActorRef(this);
        Scheduler = new TimeProviderScheduler(timeProvider);
        _deadLetterLogger = new DeadLetterLogger(this);
        if (settings.Deterministic)
        {
            // Named dispatchers stay valid names, but their actors share the one run queue too.
            _deterministic = new DeterministicDispatcher(this);
            foreach (var dispatcherName in settings.Dispatchers.Keys)
            {
                _dispatchers[dispatcherName] = _deterministic;
            }
        }
        else
        {
            foreach (var (dispatcherName, threads) in settings.Dispatchers)
            {
                _dispatchers[dispatcherName] = new DedicatedThreadDispatcher(name + "-" + dispatcherName, threads);
            }
        }

        var guardianProps = Props.Create(() => new GuardianActor(SupervisorStrategy.DefaultStrategy));
        _root = new ActorCell(this, null, string.Empty, Props.Create(() => new GuardianActor(SupervisorStrategy.StoppingStrategy)), _deterministic);
        _userGuardian = (ActorCell)_root.ActorOf(guardianProps, "user");
        _systemGuardian = (ActorCell)_root.ActorOf(guardianProps, "system");
        _root.Start();
    }

    /// <summary>Creates and starts a system.</summary>
    /// <param name="name">The system name (first element of every path); letters, digits, '-' and '_'.</param>
    /// <param name="settings">Kernel settings; <see cref="KernelSettings.Default"/> when null.</param>
    /// <param name="timeProvider">The clock for timers, timeouts and backoff; the system clock when null.</param>
    /// <param name="loggerFactory">Where actors and the kernel log; nothing is logged when null.</param>
    public static ActorSystem Create(string name, KernelSettings? settings = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                throw new ArgumentException($"Actor system name '{name}' may only contain ASCII letters, digits, '-' and '_'.", nameof(name));
            }
        }

        return new ActorSystem(name, (settings ?? KernelSettings.Default).Validate(), timeProvider ?? TimeProvider.System, loggerFactory ?? NullLoggerFactory.Instance);
    }

    /// <summary>The system name.</summary>
    public string Name { get; }

    /// <summary>The settings the system runs with.</summary>
    public KernelSettings Settings { get; }

    /// <summary>The clock every timer, timeout and backoff of this system uses.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Where actors log.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Publish/subscribe by message type (including base types); carries dead letters and unhandled messages.</summary>
    public EventStream EventStream { get; }

    /// <summary>Receives every undeliverable message and publishes it as <see cref="DeadLetter"/>.</summary>
    public IActorRef DeadLetters { get; }

    /// <summary>Schedules messages on the system's clock.</summary>
    public IScheduler Scheduler { get; }

    /// <summary>Completes once every actor has stopped after <see cref="Terminate"/> (or after the user guardian stopped).</summary>
    public Task WhenTerminated => _terminated.Task;

    /// <summary>True once termination has begun.</summary>
    public bool IsTerminating => Volatile.Read(ref _terminating) != 0;

    /// <summary>
    /// Actors with messages queued or running, plus async work started by actors (<c>RunTask</c>, <c>PipeTo</c>) whose
    /// result has not been delivered yet. Zero means the system is idle: nothing happens until a message comes from outside
    /// or a timer fires. A backtest or replay on a virtual clock waits for zero before it moves the clock or feeds the next
    /// recorded message, so every run of the same input sees the same steps. A <see cref="KernelSettings.Deterministic"/>
    /// system counts only the async work here: its queued turns are <see cref="RunUntilIdle"/>'s own queue.
    /// </summary>
    public long PendingWork => Volatile.Read(ref _pendingWork);

    internal int Throughput { get; }

    internal void WorkStarted() => Interlocked.Increment(ref _pendingWork);

    internal void WorkFinished()
    {
        if (Interlocked.Decrement(ref _pendingWork) == 0)
        {
            _deterministic?.Wake();
        }
    }

    /// <summary>
    /// Runs the actors of a <see cref="KernelSettings.Deterministic"/> system on the calling thread until the system is
    /// idle: no turn queued and no async work started by an actor (<c>PipeTo</c>, an awaited task) outstanding; returns the
    /// number of actor turns run. Messages told, timers fired and actors created from outside between calls wait for the
    /// next call. Must not be called from inside an actor, and an actor must not block on another (a blocking Ask would
    /// wait forever: nothing else runs while it blocks).
    /// </summary>
    /// <param name="stallTimeout">How long to wait for outstanding async work before giving up with <see cref="TimeoutException"/> (default 2 minutes).</param>
    /// <exception cref="InvalidOperationException">The system runs on the thread pool, or is already being run.</exception>
    public long RunUntilIdle(TimeSpan? stallTimeout = null)
    {
        if (_deterministic is null)
        {
            throw new InvalidOperationException(
                $"{this} runs on the thread pool; RunUntilIdle needs a system created with KernelSettings.Deterministic = true.");
        }

        return _deterministic.RunUntilIdle(stallTimeout ?? TimeSpan.FromMinutes(2));
    }

    internal ILogger Log { get; }

    internal ActorCell RootCell => _root;

    internal ActorCell UserGuardian => _userGuardian;

    internal ActorCell SystemGuardian => _systemGuardian;

    /// <summary>Creates a top-level actor under <c>/user</c>.</summary>
    public IActorRef ActorOf(Props props, string? name = null) => _userGuardian.ActorOf(props, name);

    /// <summary>Creates an infrastructure actor under <c>/system</c> (journals, bridges).</summary>
    public IActorRef SystemActorOf(Props props, string? name = null) => _systemGuardian.ActorOf(props, name);

    /// <summary>Looks actors up by absolute path (<c>/user/a/b</c> or <c>akka://name/user/a</c>).</summary>
    public ActorSelection ActorSelection(string path) => Kernel.ActorSelection.Create(this, _root, path);

    /// <summary>Stops an actor asynchronously.</summary>
    public void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is IInternalActorRef target)
        {
            target.SendSystemMessage(new TerminateMessage());
        }
    }

    /// <summary>Stops every actor (user actors first, then system actors) and completes <see cref="WhenTerminated"/>.</summary>
    public Task Terminate()
    {
        if (Interlocked.Exchange(ref _terminating, 1) == 0)
        {
            _userGuardian.SendSystemMessage(new TerminateMessage());
        }

        return WhenTerminated;
    }

    /// <summary>Returns the system's single instance of an extension, creating it on first use.</summary>
    public T WithExtension<T>(ExtensionIdProvider<T> provider)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(provider);
        return (T)_extensions.GetOrAdd(provider, static (key, system) => ((ExtensionIdProvider<T>)key).CreateExtension(system), this);
    }

    /// <inheritdoc />
    public override string ToString() => $"akka://{Name}";

    internal MessageDispatcher? DispatcherFor(Props props)
    {
        if (props.Dispatcher is null)
        {
            return _deterministic;
        }

        return _dispatchers.TryGetValue(props.Dispatcher, out var dispatcher)
            ? dispatcher
            : throw new ArgumentException(
                $"Dispatcher '{props.Dispatcher}' is not configured; add it under kalshi-actors.kernel.dispatchers (name = thread count). Configured: {string.Join(", ", _dispatchers.Keys)}.");
    }

    internal void OnCellTerminated(ActorCell cell)
    {
        EventStream.Unsubscribe(cell);
        if (ReferenceEquals(cell, _userGuardian))
        {
            Interlocked.Exchange(ref _terminating, 1);
            _systemGuardian.SendSystemMessage(new TerminateMessage());
        }
        else if (ReferenceEquals(cell, _systemGuardian))
        {
            _root.SendSystemMessage(new TerminateMessage());
        }
        else if (ReferenceEquals(cell, _root))
        {
            foreach (var dispatcher in _dispatchers.Values)
            {
                dispatcher.Shutdown();
            }

            _terminated.TrySetResult();
        }
    }

    internal void PublishDeadLetter(object message, IActorRef? sender, IActorRef recipient)
    {
        if (message is DeadLetter or UnhandledMessage)
        {
            // A dead subscriber of dead letters must not start an endless loop.
            return;
        }

        var deadLetter = new DeadLetter(message, sender, recipient);
        _deadLetterLogger.Log(deadLetter.Message, sender, recipient, unhandled: false);
        EventStream.Publish(deadLetter);
    }

    internal void PublishUnhandled(UnhandledMessage unhandled)
    {
        _deadLetterLogger.Log(unhandled.Message, unhandled.Sender, unhandled.Recipient, unhandled: true);
        EventStream.Publish(unhandled);
    }

    internal void LogFailure(ActorPath path, Exception cause, Type? messageType, Directive directive) =>
        KernelLog.ActorFailed(Log, cause, path.ToString(), messageType?.Name ?? "(none)", directive, cause.Message);

    internal void LogFailureIgnored(ActorPath path, Exception cause) =>
        KernelLog.FailureWhileFailed(Log, cause, path.ToString(), cause.Message);

    internal void LogHookFailure(ActorPath path, string hook, Exception cause) =>
        KernelLog.HookFailed(Log, cause, path.ToString(), hook, cause.Message);
}

/// <summary>Identifies a system extension and creates its single instance.</summary>
/// <typeparam name="T">The extension type.</typeparam>
public abstract class ExtensionIdProvider<T>
    where T : class
{
    /// <summary>Creates the instance for a system (called once per system).</summary>
    public abstract T CreateExtension(ActorSystem system);

    /// <summary>The system's instance.</summary>
    public T Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.WithExtension(this);
    }
}
