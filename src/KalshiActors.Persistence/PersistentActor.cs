using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;
using Microsoft.Extensions.Logging;
using static KalshiActors.Persistence.Journal.JournalProtocol;

namespace KalshiActors.Persistence;

/// <summary>
/// An event-sourced actor with Akka.Persistence semantics: it recovers its state from a snapshot and the journal before
/// handling commands, persists events with <see cref="Persist{TEvent}(TEvent, Action{TEvent})"/> (commands wait while a
/// Persist is in flight) or <see cref="PersistAsync{TEvent}(TEvent, Action{TEvent})"/> (they do not), and stops when a
/// write fails, because nobody knows whether the event was stored; a backoff supervisor restarts it and recovery tells.
/// </summary>
public abstract partial class PersistentActor : ActorBase
{
    private static int _instanceCounter;

    // Distinguishes this incarnation's journal replies from those addressed to an earlier one (same ref after a restart).
    private readonly int _instanceId = Interlocked.Increment(ref _instanceCounter);

    // Handlers waiting for their event's write, in persist order; the journal replies in the same order.
    private readonly LinkedList<PendingInvocation> _pendingInvocations = new();

    // Writes requested during the current message handling; sent to the journal actor when the handling ends.
    private List<AtomicWrite> _eventBatch = [];

    // Stashing (Persist / PersistAll) handlers still waiting; while > 0 commands go to the internal stash.
    private int _pendingStashingInvocations;

    // RequireNoWriteFailureSince's mark for the writes of the current message handling; null when unconditional.
    private long? _noFailureSince;

    // Holds commands that arrived while a Persist was in flight; unstashed when the last stashing handler has run.
    private IStash? _internalStash;

    private PersistenceExtension? _persistence;
    private string? _writerId;
    private bool _isRecovering = true;

    /// <summary>The stream this actor's events belong to; must be stable across restarts and unique per live actor.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>The sequence number of the last event persisted or replayed (0 before any).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>Whether the actor is still replaying.</summary>
    public bool IsRecovering => _isRecovering;

    /// <summary>The sequence number of the snapshot recovery started from (0 when none).</summary>
    public long SnapshotSequenceNr { get; private set; }

    /// <summary>How this actor recovers; override to start from an older snapshot or stop early.</summary>
    public virtual Recovery Recovery => Recovery.Default;

    /// <summary>The persistence of this actor's system.</summary>
    protected PersistenceExtension Persistence => _persistence ??= PersistenceExtension.Get(Context.System);

    /// <summary>Handles replayed events, a <see cref="SnapshotOffer"/> first when recovering from a snapshot, and <see cref="RecoveryCompleted"/> last.</summary>
    protected abstract bool ReceiveRecover(object message);

    /// <summary>Handles commands once recovered.</summary>
    protected abstract bool ReceiveCommand(object message);

    /// <summary>Tags stored with an event (for EventsByTag); none by default.</summary>
    protected virtual IReadOnlyList<string> TagsFor(object @event) => [];

    /// <summary>Persists one event; its handler runs once it is stored, and commands wait until then.</summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull =>
        AddWrite([@event], e => handler((TEvent)e), stashing: true);

    /// <summary>Persists events atomically (all or none); each handler runs once they are stored, and commands wait until then.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        AddWrite([.. events.Cast<object>()], e => handler((TEvent)e), stashing: true);
    }

    /// <summary>Persists one event without holding back commands; its handler runs once it is stored.</summary>
    protected void PersistAsync<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull =>
        AddWrite([@event], e => handler((TEvent)e), stashing: false);

    /// <summary>Persists events atomically without holding back commands.</summary>
    protected void PersistAllAsync<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        AddWrite([.. events.Cast<object>()], e => handler((TEvent)e), stashing: false);
    }

    /// <summary>
    /// Hands the events persisted so far in this message handling to the journal now, instead of when the handling ends.
    /// The journal commits writes in the order it receives them and never acknowledges a write while one received before
    /// it failed, so a message sent after this call can only cause writes that commit after these: an actor that
    /// receives it and persists before acting (as an order router stores an order before sending it) acts only once
    /// these events are stored too. Lets a <see cref="PersistAsync{TEvent}(TEvent, Action{TEvent})"/> caller pass work
    /// on at once without waiting for its own commit; its handlers still run only once the events are stored.
    /// </summary>
    /// <returns>
    /// A mark taken just before the hand-over: an actor that acts on a message sent after this call passes it to
    /// <see cref="RequireNoWriteFailureSince(long)"/>, so that its writes are refused if these were not stored, even when
    /// they reach the journal only after the failure was handled (the ordering above covers only writes queued behind).
    /// </returns>
    protected long SendWritesNow()
    {
        EnsureNotRecovering(nameof(SendWritesNow));
        var mark = Persistence.WriteFailures.Count;
        FlushBatch();
        return mark;
    }

    /// <summary>
    /// Makes the writes this message handling hands to the journal (from now until the handling ends) conditional: they are
    /// refused, not stored, if the journal has failed or refused any write since <paramref name="mark"/> was taken by
    /// <see cref="SendWritesNow"/> (a superset of the writes handed over with it), and this actor then stops as on any
    /// failed write. An order router uses the mark its approval carries, so that no order is stored, and so sent, whose
    /// decision was not; a refusal without cause (another actor's write failed) is rare and only costs a recovery.
    /// </summary>
    protected void RequireNoWriteFailureSince(long mark)
    {
        EnsureNotRecovering(nameof(RequireNoWriteFailureSince));
        _noFailureSince = _noFailureSince is { } earlier ? Math.Min(earlier, mark) : mark;
    }

    /// <summary>Runs <paramref name="handler"/> after every handler of events persisted before this call (at once when none is pending); nothing is stored.</summary>
    protected void DeferAsync<TEvent>(TEvent @event, Action<TEvent> handler)
        where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        EnsureNotRecovering(nameof(DeferAsync));
        if (_pendingInvocations.Count == 0 && _eventBatch.Count == 0)
        {
            handler(@event);
            return;
        }

        _pendingInvocations.AddLast(new PendingInvocation(@event, e => handler((TEvent)e), Stashing: false, Deferred: true));
    }

    /// <summary>Saves <paramref name="snapshot"/> as the state at <see cref="LastSequenceNr"/>; replies <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/>.</summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, LastSequenceNr, Context.System.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        Persistence.Snapshots.SaveAsync(metadata, snapshot).PipeTo(Self, Self, () => new SaveSnapshotSuccess(metadata), ex => new SaveSnapshotFailure(metadata, ex));
    }

    /// <summary>Deletes snapshots matching <paramref name="criteria"/>; replies <see cref="DeleteSnapshotsSuccess"/> or <see cref="DeleteSnapshotsFailure"/>.</summary>
    protected void DeleteSnapshots(SnapshotSelectionCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        Persistence.Snapshots.DeleteAsync(PersistenceId, criteria).PipeTo(Self, Self, () => new DeleteSnapshotsSuccess(criteria), ex => new DeleteSnapshotsFailure(criteria, ex));
    }

    /// <summary>Deletes this actor's events up to and including <paramref name="toSequenceNr"/>; replies <see cref="DeleteMessagesSuccess"/> or <see cref="DeleteMessagesFailure"/>.</summary>
    protected void DeleteMessages(long toSequenceNr)
    {
        var to = Math.Min(toSequenceNr, LastSequenceNr);
        Persistence.Journal.DeleteMessagesToAsync(PersistenceId, to).PipeTo(Self, Self, () => new DeleteMessagesSuccess(to), ex => new DeleteMessagesFailure(ex, to));
    }

    /// <summary>A write failed (storage error or a concurrent writer): logs it; the actor then stops.</summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Context.GetLogger().LogError(
            cause, "Persist of {EventType} #{SequenceNr} for {PersistenceId} failed; stopping the actor", @event.GetType().Name, sequenceNr, PersistenceId);

    /// <summary>An event was refused before being stored (its type has no manifest): logs it; the handler is not run and the actor continues.</summary>
    protected virtual void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Context.GetLogger().LogWarning(
            cause, "Persist of {EventType} #{SequenceNr} for {PersistenceId} was rejected", @event.GetType().Name, sequenceNr, PersistenceId);

    /// <summary>Recovery failed (storage error, unreadable event, sequence gap, or a recovery handler threw): logs it; the actor then stops.</summary>
    protected virtual void OnRecoveryFailure(Exception reason, object? @event) =>
        Context.GetLogger().LogError(
            reason, "Recovery of {PersistenceId} failed at #{SequenceNr}; stopping the actor", PersistenceId, LastSequenceNr);

    /// <inheritdoc />
    protected sealed override bool Receive(object message) => ReceiveCommand(message);

    /// <inheritdoc />
    protected override void AroundPreStart()
    {
        PrepareIncarnation();
        base.AroundPreStart();
        RunTask(RecoverAsync);
    }

    /// <inheritdoc />
    protected override void AroundPostRestart(Exception cause, object? message)
    {
        // A restarted instance starts empty: it recovers exactly like a fresh start.
        PrepareIncarnation();
        base.AroundPostRestart(cause, message);
        RunTask(RecoverAsync);
    }

    /// <inheritdoc />
    protected override bool AroundReceive(Receive receive, object message)
    {
        if (message is WriteMessagesResult result)
        {
            if (result.ActorInstanceId == _instanceId)
            {
                HandleWriteResult(result);
                FlushBatch();
                _noFailureSince = null;
                return true;
            }

            // A reply meant for an earlier incarnation of this actor: its handlers died with it.
            return true;
        }

        if (_pendingStashingInvocations > 0)
        {
            _internalStash!.Stash();
            return true;
        }

        try
        {
            return base.AroundReceive(receive, message);
        }
        finally
        {
            FlushBatch();
            _noFailureSince = null;
        }
    }

    private void PrepareIncarnation()
    {
        _internalStash = Context.CreateStash();
        _writerId = Guid.NewGuid().ToString("N");
        _persistence = PersistenceExtension.Get(Context.System);
    }

    private void EnsureNotRecovering(string operation)
    {
        if (_isRecovering)
        {
            throw new InvalidOperationException($"{GetType().Name} ({PersistenceId}) called {operation} during recovery; recovery only rebuilds state, it persists nothing.");
        }
    }

    private void AddWrite(IReadOnlyList<object> events, Action<object> handler, bool stashing)
    {
        ArgumentNullException.ThrowIfNull(handler);
        EnsureNotRecovering(stashing ? nameof(Persist) : nameof(PersistAsync));
        if (events.Count == 0)
        {
            return;
        }

        // Refuse unregistered types before they take a sequence number, so a rejection never leaves a gap in the journal.
        foreach (var e in events)
        {
            try
            {
                Persistence.Journal.Registry.ManifestOf(e.GetType());
            }
            catch (EventSerializationException ex)
            {
                OnPersistRejected(ex, e, LastSequenceNr + 1);
                return;
            }
        }

        var reprs = new PersistentRepr[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            reprs[i] = new PersistentRepr(PersistenceId, ++LastSequenceNr, events[i], TagsFor(events[i]), _writerId!);
            _pendingInvocations.AddLast(new PendingInvocation(events[i], handler, stashing, Deferred: false));
            if (stashing)
            {
                _pendingStashingInvocations++;
            }
        }

        _eventBatch.Add(new AtomicWrite(reprs) { RequiresEarlierWritesStored = _noFailureSince is not null });
    }

    private void FlushBatch()
    {
        if (_eventBatch.Count == 0)
        {
            return;
        }

        var writes = _eventBatch;
        _eventBatch = [];
        Persistence.JournalActor.Tell(new WriteMessages(writes, Self, _instanceId, Sender) { NoFailureSince = _noFailureSince }, Self);
    }

    private void HandleWriteResult(WriteMessagesResult result)
    {
        for (var w = 0; w < result.Writes.Count; w++)
        {
            var write = result.Writes[w];
            var failure = result.BatchFailure ?? result.Results[w];
            if (failure is not null)
            {
                // Stored or not, nobody knows; and later sequence numbers would leave a gap. Stop; recovery will tell.
                OnPersistFailure(failure, write.Events[0].Payload, write.LowestSequenceNr);
                _pendingInvocations.Clear();
                _pendingStashingInvocations = 0;
                Context.Stop(Self);
                return;
            }

            foreach (var _ in write.Events)
            {
                RunDeferredAtHead();
                var invocation = _pendingInvocations.First!.Value;
                _pendingInvocations.RemoveFirst();
                if (invocation.Stashing)
                {
                    _pendingStashingInvocations--;
                }

                invocation.Handler(invocation.Event);
            }

            RunDeferredAtHead();
        }

        if (_pendingStashingInvocations == 0)
        {
            _internalStash!.UnstashAll();
        }
    }

    private void RunDeferredAtHead()
    {
        while (_pendingInvocations.First is { Value.Deferred: true } node)
        {
            _pendingInvocations.RemoveFirst();
            node.Value.Handler(node.Value.Event);
        }
    }

    private async Task RecoverAsync()
    {
        object? current = null;
        try
        {
            var recovery = Recovery;
            var persistence = Persistence;
            var snapshot = recovery.FromSnapshot.MaxSequenceNr > 0
                ? await persistence.Snapshots.LoadAsync(PersistenceId, recovery.FromSnapshot)
                : null;
            if (snapshot is not null)
            {
                current = snapshot;
                LastSequenceNr = SnapshotSequenceNr = snapshot.Metadata.SequenceNr;
                ReceiveRecover(new SnapshotOffer(snapshot.Metadata, snapshot.Snapshot));
            }

            var first = true;
            if (recovery.ToSequenceNr > LastSequenceNr && recovery.ReplayMax > 0)
            {
                await foreach (var page in persistence.Journal.ReplayPagesAsync(PersistenceId, LastSequenceNr + 1, recovery.ToSequenceNr, recovery.ReplayMax))
                {
                    foreach (var repr in page.Span)
                    {
                        // Without a snapshot the first replayed number may jump (events deleted below it); after a snapshot,
                        // and between events, any jump is lost data.
                        if ((!first || snapshot is not null) && repr.SequenceNr != LastSequenceNr + 1)
                        {
                            throw new RecoveryException(
                                PersistenceId,
                                LastSequenceNr + 1,
                                $"Recovery of '{PersistenceId}' found event {repr.SequenceNr} after {LastSequenceNr}: events " +
                                $"{LastSequenceNr + 1}..{repr.SequenceNr - 1} are missing from the journal ({persistence.Journal.Description}). " +
                                "The actor will not start on partial state; restore the journal from a backup.");
                        }

                        first = false;
                        current = repr.Payload;
                        LastSequenceNr = repr.SequenceNr;
                        ReceiveRecover(repr.Payload);
                    }
                }
            }

            current = null;
            if (recovery.ToSequenceNr == long.MaxValue && recovery.ReplayMax == long.MaxValue)
            {
                // Deleted events keep the highest number; continue after it, never reuse it.
                LastSequenceNr = Math.Max(LastSequenceNr, await persistence.Journal.ReadHighestSequenceNrAsync(PersistenceId));
            }

            _isRecovering = false;
            ReceiveRecover(RecoveryCompleted.Instance);
            FlushBatch();
        }
#pragma warning disable CA1031 // Any recovery failure stops the actor (Akka semantics); restarting it here would loop.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            OnRecoveryFailure(ex, current);
            Context.Stop(Self);
        }
    }

    private sealed record PendingInvocation(object Event, Action<object> Handler, bool Stashing, bool Deferred);
}
