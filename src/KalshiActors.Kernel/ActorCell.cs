using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Kernel;

/// <summary>
/// One actor's runtime: its ref, context, mailbox and scheduling in a single object (kept small so that spawning many
/// actors is cheap; rarely used state lives in <see cref="CellExtras"/>, allocated on first use).
/// The cell is its own thread-pool work item: a producer that finds it idle flips <see cref="_scheduled"/> and queues it.
/// Explicit layout keeps what senders read (first line) apart from what the running actor writes per message (last
/// fields), so a busy receiver does not invalidate every sender's cache line (false sharing under fan-in).
/// </summary>
[StructLayout(LayoutKind.Explicit)]
internal sealed partial class ActorCell : IInternalActorRef, IActorContext, IThreadPoolWorkItem
{
    [ThreadStatic]
    private static ActorCell? t_current;

    // The cell this thread runs right after the current one instead of queueing it (Go's "runnext"): an actor that
    // sends to an idle actor at the end of its turn hands it the thread directly, so a conversation stays on one core
    // without a thread-pool round trip or waking a second worker to steal it.
    [ThreadStatic]
    private static ActorCell? t_next;

    // Set while a caller inside an actor is about to block on the receiver (Ask): the receiver must not wait for us.
    [ThreadStatic]
    internal static bool t_doNotInline;

    // Set while a thread outside the actors delivers through InlineDelivery: the first idle actor it wakes takes the
    // thread after the delivery, as if the thread were an actor ending its turn.
    [ThreadStatic]
    private static bool t_inlineHost;

    // Cells woken on this thread that could not take it next (a later receiver took the runnext slot): queued for the pool
    // when this thread's chain of hand-offs ends rather than there and then. Queueing wakes a sleeping worker (a futex, and
    // on a VM an interrupt to the other vCPU), which cost the sending thread ~7 us in the middle of a book delta's path to
    // its order; the receivers passed over (a portfolio's marks, a probe) start that much later instead. A turn that goes
    // on after a hand-off releases them at once, as it does the receiver (see ProcessMailbox).
    [ThreadStatic]
    private static Queue<ActorCell>? t_deferred;

    // At most this many deferred cells per thread; more go to the pool at once.
    private const int MaxDeferred = 16;

    // Inline hand-offs per thread-pool work item before the chain goes back through the pool (fairness).
    private const int MaxInlineHandOffs = 128;

    // Only a turn that handled at most this many user messages hands its thread over inline.
    private const int InlineTurnLimit = 2;

    /// <summary>The cell whose actor is being constructed on this thread (read by the ActorBase constructor).</summary>
    [ThreadStatic]
    internal static ActorCell? Constructing;

    private const int StateCreated = 1;
    private const int StateTerminating = 2;
    private const int StateTerminated = 4;
    private const int StateFailed = 8;
    private const int StateAsyncPending = 16;

    [FieldOffset(0)]
    private readonly ActorSystem _system;
    [FieldOffset(8)]
    private readonly ActorCell? _parent;
    [FieldOffset(16)]
    private readonly string _name;
    [FieldOffset(24)]
    private readonly Props _props;

    // Null means the shared thread pool.
    [FieldOffset(32)]
    private readonly MessageDispatcher? _dispatcher;

    // The live instance; replaced on restart, null before creation and after stop.
    [FieldOffset(64)]
    private ActorBase? _actor;

    // Allocated by the first user message so idle actors cost no queue.
    [FieldOffset(40)]
    private EnvelopeQueue? _mailbox;

    // Lock-free LIFO of system messages (reversed when drained, so they run in arrival order).
    [FieldOffset(48)]
    private SystemMessage? _systemHead;

    // 1 while the cell is queued or running; the single owner of every consumer-only field below.
    [FieldOffset(60)]
    private int _scheduled;

    // StateXxx flags; producers read StateTerminated to route messages to dead letters.
    [FieldOffset(56)]
    private volatile int _state;

    // Consumer-only: user messages pause while positive (supervisor Suspend, own failure).
    [FieldOffset(104)]
    private int _suspendCount;

    // Consumer-only: the user message being handled and its sender (dead letters when none).
    [FieldOffset(128)]
    private object? _currentMessage;
    [FieldOffset(136)]
    private IActorRef? _currentSender;

    // Consumer-only: the type of the last user message, known not to be auto-received. An actor mostly handles runs of
    // one type, and the interface test it saves showed as ~3.5% of the pipeline's CPU.
    [FieldOffset(144)]
    private Type? _lastUserMessageType;

    // The top of the behaviour stack; null means the actor's own Receive.
    [FieldOffset(72)]
    private Receive? _behavior;

    [FieldOffset(88)]
    private ChildrenContainer? _children;
    [FieldOffset(80)]
    private CellExtras? _extras;
    [FieldOffset(96)]
    private ActorPath? _path;

    internal ActorCell(ActorSystem system, ActorCell? parent, string name, Props props, MessageDispatcher? dispatcher)
    {
        _system = system;
        _parent = parent;
        _name = name;
        _props = props;
        _dispatcher = dispatcher;
    }

    /// <summary>The cell running on this thread, or null outside actors.</summary>
    internal static ActorCell? Current => t_current;

    public ActorPath Path => _path ??= _parent is null ? ActorPath.Root(_system.Name) : _parent.Path.Child(_name);

    public IActorRef Self => this;

    public IActorRef Sender => CurrentSender;

    internal IActorRef CurrentSender => _currentSender ?? _system.DeadLetters;

    internal object? CurrentMessage => _currentMessage;

    public IActorRef Parent => (IActorRef?)_parent ?? ActorRefs.Nobody;

    internal ActorCell? ParentCell => _parent;

    internal string Name => _name;

    public ActorSystem System => _system;

    public Props Props => _props;

    public bool IsTerminated => (_state & StateTerminated) != 0;

    internal ActorBase? Actor => _actor;

    private CellExtras Extras => _extras ??= new CellExtras();

    public void Tell(object message, IActorRef? sender)
    {
        if (message is null)
        {
            ThrowNullMessage();
        }

        if ((_state & StateTerminated) != 0)
        {
            _system.PublishDeadLetter(message, sender, this);
            return;
        }

        var mailbox = _mailbox ?? CreateMailbox();
        if (_props.MailboxCapacity != 0 && !EnqueueBounded(mailbox, message, sender))
        {
            return;
        }

        if (_props.MailboxCapacity == 0)
        {
            mailbox.Enqueue(message, sender);
        }

        // No extra fence needed: the enqueue reserved its slot with a CAS (a full fence) before this read, and after
        // releasing the flag the consumer re-checks reservations, not publications (see EnvelopeQueue.HasMessages). So
        // either the consumer sees our reservation and runs again, or we see the released flag and schedule it.
        if (Volatile.Read(ref _scheduled) == 0)
        {
            Schedule();
        }
    }

    public void SendSystemMessage(SystemMessage message)
    {
        var head = Volatile.Read(ref _systemHead);
        while (true)
        {
            message.Next = head;
            var observed = Interlocked.CompareExchange(ref _systemHead, message, head);
            if (ReferenceEquals(observed, head))
            {
                break;
            }

            head = observed;
        }

        Schedule();
    }

    /// <summary>Queues the cell for its first run, which creates the actor.</summary>
    internal void Start() => Schedule();

    private void Schedule()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0)
        {
            return;
        }

        if (_dispatcher is null)
        {
            _system.WorkStarted();
            var current = t_current;
            if ((current is null ? t_inlineHost : current._dispatcher is null) && !t_doNotInline)
            {
                var displaced = t_next;
                t_next = this;
                if (displaced is not null)
                {
                    Defer(displaced);
                }

                return;
            }

            // From inside an actor the receiver usually runs next on this core (ping-pong stays in the local queue).
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: current is not null);
        }
        else
        {
            if (_dispatcher.CountsPendingWork)
            {
                _system.WorkStarted();
            }

            _dispatcher.Schedule(this);
        }
    }

    /// <summary>
    /// Runs <paramref name="deliver"/> on this thread and then, still on it, the idle actor it woke last and the hand-offs
    /// that actor's turn makes, within the same limits as a thread-pool work item (see <see cref="InlineDelivery"/>).
    /// </summary>
    internal static void DeliverInline<TState>(Action<TState> deliver, TState state)
    {
        if (t_current is not null)
        {
            // Inside an actor the usual hand-off applies.
            deliver(state);
            return;
        }

        var wasHost = t_inlineHost;
        t_inlineHost = true;
        try
        {
            deliver(state);
        }
        catch
        {
            t_inlineHost = wasHost;
            if (!wasHost)
            {
                // The actors woken before the failure are scheduled: they must still run, though not on a failing thread.
                QueueWoken(preferLocal: false);
            }

            throw;
        }

        t_inlineHost = wasHost;
        if (!wasHost)
        {
            RunHandOffs(InlineTurnLimit);
        }
    }

    // Runs this thread's next cell, and the one each turn hands on, until none is left or the chain has run long enough;
    // then queues the cells the chain passed over.
    private static void RunHandOffs(int handled)
    {
        try
        {
            for (var handOffs = 0; t_next is { } next; handOffs++)
            {
                t_next = null;
                if (handOffs == MaxInlineHandOffs || handled > InlineTurnLimit)
                {
                    // A long turn means a stream, not a conversation: let another core take the receiver in parallel.
                    ThreadPool.UnsafeQueueUserWorkItem(next, preferLocal: true);
                    break;
                }

                handled = next.Run();
            }
        }
        finally
        {
            // Also if a turn threw (which the kernel does not expect): no woken cell may be left behind on this thread.
            QueueWoken(preferLocal: true);
        }
    }

    private static void Defer(ActorCell cell)
    {
        var deferred = t_deferred ??= new Queue<ActorCell>(MaxDeferred);
        if (deferred.Count < MaxDeferred)
        {
            deferred.Enqueue(cell);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(cell, preferLocal: true);
        }
    }

    // Hands this thread's next and deferred cells to the pool.
    private static void QueueWoken(bool preferLocal)
    {
        if (t_next is { } next)
        {
            t_next = null;
            ThreadPool.UnsafeQueueUserWorkItem(next, preferLocal);
        }

        while (t_deferred is { Count: > 0 } deferred)
        {
            ThreadPool.UnsafeQueueUserWorkItem(deferred.Dequeue(), preferLocal);
        }
    }

    public void Execute()
    {
        int handled;
        try
        {
            handled = Run();
        }
        catch
        {
            QueueWoken(preferLocal: true);
            throw;
        }

        RunHandOffs(handled);
    }

    /// <summary>One turn: create if needed, system messages, then up to a throughput batch of user messages; returns how many user messages it handled.</summary>
    private int Run()
    {
        var previous = t_current;
        t_current = this;
        var handled = 0;
        try
        {
            if ((_state & StateCreated) == 0)
            {
                Create();
            }

            handled = ProcessMailbox();
        }
        finally
        {
            t_current = previous;
        }

        // Full fence before re-checking both queues: a producer that saw the flag set has published its message by now.
        Interlocked.Exchange(ref _scheduled, 0);
        if ((Volatile.Read(ref _systemHead) is not null || (CanDrainUserMessages && HasUserMessages))
            && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            // More work arrived during the turn: requeue on this core's queue (other workers may steal it). The cell
            // stays counted as pending work (see ActorSystem.PendingWork).
            if (_dispatcher is null)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: true);
            }
            else
            {
                _dispatcher.Schedule(this);
            }
        }
        else if (_dispatcher is null || _dispatcher.CountsPendingWork)
        {
            _system.WorkFinished();
        }

        return handled;
    }

    private bool CanProcessUserMessages => _suspendCount == 0 && (_state & (StateFailed | StateAsyncPending | StateTerminating | StateTerminated)) == 0;

    private bool CanDrainUserMessages => CanProcessUserMessages || (_state & StateTerminated) != 0;

    private bool HasUserMessages => (_mailbox?.HasMessages ?? false) || _extras?.Prepended is { Count: > 0 };

    private int ProcessMailbox()
    {
        var throughput = _system.Throughput;
        var left = throughput;
        while (true)
        {
            if (Volatile.Read(ref _systemHead) is not null)
            {
                ProcessSystemMessages();
            }

            if (!CanProcessUserMessages)
            {
                if ((_state & StateTerminated) != 0)
                {
                    DrainToDeadLetters();
                }

                return throughput - left;
            }

            if (left <= 0 || !TryDequeueUser(out var envelope))
            {
                // The turn is over: an idle cell holding its last message kept it alive past the next collections (2,000
                // order books each held their last delta, ~10% of what every gen0 GC promoted in the pipeline bench).
                _currentMessage = null;
                _currentSender = null;
                return throughput - left;
            }

            left--;

            Invoke(envelope.Message, envelope.Sender);
            if ((t_next is not null || t_deferred is { Count: > 0 }) && left > 0 && HasUserMessages)
            {
                // This turn goes on: let other threads pick the receivers up rather than make them wait for our batch.
                QueueWoken(preferLocal: true);
            }
        }
    }

    private bool TryDequeueUser(out Envelope envelope)
    {
        if (_extras?.Prepended is { Count: > 0 } prepended)
        {
            envelope = prepended.Pop();
            return true;
        }

        var mailbox = _mailbox;
        if (mailbox is null)
        {
            envelope = default;
            return false;
        }

        if (_props.MailboxCapacity != 0)
        {
            return TryDequeueBounded(mailbox, out envelope);
        }

        return mailbox.TryDequeue(out envelope);
    }

    private void Invoke(object message, IActorRef? sender)
    {
        _currentMessage = message;
        _currentSender = sender;
        try
        {
            var type = message.GetType();
            if (!ReferenceEquals(type, _lastUserMessageType) && message is IAutoReceivedMessage)
            {
                AutoReceive(message);
            }
            else
            {
                _lastUserMessageType = type;
                var actor = _actor!;
                actor.InvokeAroundReceive(_behavior ?? actor.DefaultReceive, message);
            }

            if (_extras?.ReceiveTimeout is not null && message is not INotInfluenceReceiveTimeout)
            {
                RearmReceiveTimeout();
            }
        }
        catch (Exception exception)
        {
            HandleInvokeFailure(exception);
        }
    }

    private void ReceiveMessage(object message)
    {
        var actor = _actor!;
        actor.InvokeAroundReceive(_behavior ?? actor.DefaultReceive, message);
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                // Delivered once, and never after Unwatch.
                if (_extras?.Watching is { } watching && watching.Remove(terminated.ActorRef))
                {
                    ReceiveMessage(terminated);
                }

                break;
            case PoisonPill:
                Stop(this);
                break;
            case Kill:
                throw new ActorKilledException();
            case Identify identify:
                CurrentSender.Tell(new ActorIdentity(identify.MessageId, this), this);
                break;
            case TimerScheduler.TimerMessage timer:
                if (_extras?.Timers is { } timers && timers.Accept(timer))
                {
                    _currentMessage = timer.Message;
                    if (timer.Message is IAutoReceivedMessage)
                    {
                        AutoReceive(timer.Message);
                    }
                    else
                    {
                        ReceiveMessage(timer.Message);
                    }
                }

                break;
            case ReceiveTimeoutTick tick:
                if (_extras is { ReceiveTimeout: not null } extras && extras.ReceiveTimeoutGeneration == tick.Generation)
                {
                    _currentMessage = Kernel.ReceiveTimeout.Instance;
                    ReceiveMessage(Kernel.ReceiveTimeout.Instance);
                    RearmReceiveTimeout();
                }

                break;
            default:
                ReceiveMessage(message);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private EnvelopeQueue CreateMailbox()
    {
        var created = new EnvelopeQueue();
        return Interlocked.CompareExchange(ref _mailbox, created, null) ?? created;
    }

    private bool EnqueueBounded(EnvelopeQueue mailbox, object message, IActorRef? sender)
    {
        var count = Interlocked.Increment(ref mailbox.BoundedCount);
        if (count > _props.MailboxCapacity && _props.MailboxOverflow != MailboxOverflowStrategy.DropOldest)
        {
            Interlocked.Decrement(ref mailbox.BoundedCount);
            _system.PublishDeadLetter(message, sender, this);
            if (_props.MailboxOverflow == MailboxOverflowStrategy.Fail)
            {
                SendSystemMessage(new FailWithMessage(new MailboxOverflowException(
                    $"Mailbox of {Path} is full ({_props.MailboxCapacity} messages); {message.GetType().Name} was dropped.")));
            }

            return false;
        }

        mailbox.Enqueue(message, sender);
        return true;
    }

    private bool TryDequeueBounded(EnvelopeQueue mailbox, out Envelope envelope)
    {
        // Drop-oldest is applied by the consumer: while over capacity, the oldest queued messages go to dead letters.
        if (_props.MailboxOverflow == MailboxOverflowStrategy.DropOldest)
        {
            while (Volatile.Read(ref mailbox.BoundedCount) > _props.MailboxCapacity && mailbox.TryDequeue(out var dropped))
            {
                Interlocked.Decrement(ref mailbox.BoundedCount);
                _system.PublishDeadLetter(dropped.Message, dropped.Sender, this);
            }
        }

        if (!mailbox.TryDequeue(out envelope))
        {
            return false;
        }

        Interlocked.Decrement(ref mailbox.BoundedCount);
        return true;
    }

    private void DrainToDeadLetters()
    {
        while (TryDequeueUser(out var envelope))
        {
            if (envelope.Message is not TimerScheduler.TimerMessage and not ReceiveTimeoutTick)
            {
                _system.PublishDeadLetter(envelope.Message, envelope.Sender, this);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowNullMessage() =>
        throw new ArgumentNullException("message", "Actors cannot receive null; send a message object (e.g. a sealed record).");

    public bool Equals(IActorRef? other) => ReferenceEquals(this, other);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => RuntimeHelpers.GetHashCode(this);

    public override string ToString() => $"[{Path}]";

    public ILogger GetLogger() => Extras.Logger ??= new ActorLogger(
        _system.LoggerFactory.CreateLogger(_props.ActorType.FullName ?? _props.ActorType.Name), Path.ToString());

    /// <summary>Rarely used per-actor state, allocated on first use.</summary>
    private sealed class CellExtras
    {
        // Behaviours below the top (BecomeStacked); null entries mean the actor's own Receive.
        public Stack<Receive?>? BehaviorStack;

        // Actors this one watches (removed when their Terminated is delivered or on Unwatch).
        public HashSet<IActorRef>? Watching;

        // Actors to notify when this one stops.
        public HashSet<IActorRef>? WatchedBy;

        public TimeSpan? ReceiveTimeout;
        public int ReceiveTimeoutGeneration;
        public ITimer? ReceiveTimeoutTimer;

        public TimerScheduler? Timers;

        // Unstashed messages, delivered before the mailbox (top = next).
        public Stack<Envelope>? Prepended;

        // Stashes of this actor: emptied to dead letters when it stops.
        public List<ActorStash>? Stashes;

        public ActorStash? UserStash;

        // Set while a restart waits for the children its PreRestart stopped.
        public Exception? PendingRecreateCause;

        public ILogger? Logger;

        public ActorSynchronizationContext? SynchronizationContext;
    }
}
