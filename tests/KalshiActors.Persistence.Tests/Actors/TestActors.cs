using System.Text.Json.Serialization;
using KalshiActors.Kernel;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Persistence.Tests.Actors;

public sealed record Added(long Amount);

public sealed record CounterState(long Total, long Events);

public sealed record NotRegistered(long Amount);

public sealed record Add(long Amount);

public sealed record AddAll(IReadOnlyList<long> Amounts);

public sealed record AddAsync(long Amount);

public sealed record AddUnregistered(long Amount);

public sealed record GetState;

public sealed record Crash;

public sealed record TakeSnapshot;

public sealed record DeleteUpTo(long SequenceNr);

/// <summary>What the counter reports: its total, events applied, replayed events, last sequence nr and the snapshot it started from.</summary>
public sealed record CounterReport(long Total, long Events, long Replayed, long LastSequenceNr, long SnapshotSequenceNr, IReadOnlyList<string> Log);

[JsonSerializable(typeof(Added))]
[JsonSerializable(typeof(CounterState))]
internal sealed partial class ActorTestJsonContext : JsonSerializerContext
{
}

internal static class ActorTestEvents
{
    public static EventRegistry CreateRegistry() =>
        new EventRegistry()
            .Register("Added.v1", ActorTestJsonContext.Default.Added)
            .Register("CounterState.v1", ActorTestJsonContext.Default.CounterState);
}

/// <summary>Failures the counter reports to the test.</summary>
internal sealed class CounterProbe
{
    public TaskCompletionSource<Exception> RecoveryFailure { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<Exception> PersistFailure { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<Exception> PersistRejected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

internal sealed class CounterActor : ReceivePersistentActor
{
    private readonly string _persistenceId;
    private readonly CounterProbe _probe;

    // Total of applied amounts and how many events were applied (live or replayed).
    private CounterState _state = new(0, 0);

    // Events applied during recovery (not counting the snapshot).
    private long _replayed;

    // Handler order as observed, for PersistAsync/DeferAsync ordering checks.
    private readonly List<string> _log = [];

    private CounterActor(string persistenceId, CounterProbe probe)
    {
        _persistenceId = persistenceId;
        _probe = probe;
        Recover<SnapshotOffer>(offer => _state = (CounterState)offer.Snapshot);
        Recover<Added>(e =>
        {
            _replayed++;
            Apply(e);
        });
        Recover<RecoveryCompleted>(_ => _log.Add("recovered"));

        Command<Add>(c => Persist(new Added(c.Amount), e =>
        {
            Apply(e);
            Sender.Tell(_state.Total);
        }));
        Command<AddAll>(c => PersistAll(c.Amounts.Select(a => new Added(a)), e =>
        {
            Apply(e);
            _log.Add($"all:{e.Amount}");
        }));
        Command<AddAsync>(c =>
        {
            PersistAsync(new Added(c.Amount), e =>
            {
                Apply(e);
                _log.Add($"async:{e.Amount}");
            });
            DeferAsync("deferred", d => _log.Add($"{d}:{c.Amount}"));
        });
        Command<AddUnregistered>(c => Persist(new NotRegistered(c.Amount), _ => _log.Add("unregistered-handler-ran")));
        Command<Crash>(_ => throw new InvalidOperationException("crash requested by the test"));
        Command<GetState>(_ => Sender.Tell(new CounterReport(_state.Total, _state.Events, _replayed, LastSequenceNr, SnapshotSequenceNr, [.. _log])));
        Command<TakeSnapshot>(_ => SaveSnapshot(_state));
        Command<SaveSnapshotSuccess>(s => _log.Add($"snapshot:{s.Metadata.SequenceNr}"));
        Command<DeleteUpTo>(d => DeleteMessages(d.SequenceNr));
        Command<DeleteMessagesSuccess>(d => _log.Add($"deleted:{d.ToSequenceNr}"));
    }

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId, CounterProbe? probe = null) =>
        Kernel.Props.Create(() => new CounterActor(persistenceId, probe ?? new CounterProbe()));

    protected override IReadOnlyList<string> TagsFor(object @event) => ["counter"];

    protected override void OnRecoveryFailure(Exception reason, object? @event)
    {
        _probe.RecoveryFailure.TrySetResult(reason);
        base.OnRecoveryFailure(reason, @event);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _probe.PersistFailure.TrySetResult(cause);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _probe.PersistRejected.TrySetResult(cause);
        _log.Add($"rejected:{sequenceNr}");
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private void Apply(Added e) => _state = new CounterState(_state.Total + e.Amount, _state.Events + 1);
}

/// <summary>Completes a task when the watched actor terminates.</summary>
internal sealed class WatcherActor : ReceiveActor
{
    private WatcherActor(IActorRef subject, TaskCompletionSource terminated)
    {
        Context.Watch(subject);
        Receive<Terminated>(_ => terminated.TrySetResult());
    }

    public static Props Props(IActorRef subject, TaskCompletionSource terminated) =>
        Kernel.Props.Create(() => new WatcherActor(subject, terminated));
}
