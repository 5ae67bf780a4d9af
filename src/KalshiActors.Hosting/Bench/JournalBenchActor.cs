using System.Text.Json.Serialization;
using KalshiActors.Kernel;
using KalshiActors.Persistence;

namespace KalshiActors.Hosting.Bench;

/// <summary>The event the journal benchmark persists (manifest `BenchEvent.v1`).</summary>
/// <param name="Number">A running number.</param>
internal sealed record BenchEvent(long Number);

/// <summary>Source-generated contract of <see cref="BenchEvent"/>.</summary>
[JsonSerializable(typeof(BenchEvent))]
internal sealed partial class BenchJsonContext : JsonSerializerContext
{
}

/// <summary>A persistent actor that persists a requested number of events one after another (or in PersistAll batches) and says when it is done.</summary>
internal sealed class JournalBenchActor : ReceivePersistentActor
{
    private readonly string _persistenceId;

    // Events seen in recovery plus events persisted since; the recovery figure checks it.
    private long _count;

    private JournalBenchActor(string persistenceId, bool tagged)
    {
        _persistenceId = persistenceId;
        Tagged = tagged;
        Recover<BenchEvent>(_ => _count++);
        Command<PersistMany>(request => PersistNext(request, request.Events, Sender));
        Command<CountEvents>(_ => Sender.Tell(_count));
    }

    public override string PersistenceId => _persistenceId;

    private bool Tagged { get; }

    public static Props Props(string persistenceId, bool tagged = false) => Kernel.Props.Create(() => new JournalBenchActor(persistenceId, tagged));

    protected override IReadOnlyList<string> TagsFor(object @event) => Tagged ? ["bench"] : [];

    private void PersistNext(PersistMany request, long remaining, IActorRef requester)
    {
        if (remaining <= 0)
        {
            requester.Tell(new PersistManyDone(_count));
            return;
        }

        if (request.BatchSize <= 1)
        {
            Persist(new BenchEvent(_count + 1), _ =>
            {
                _count++;
                PersistNext(request, remaining - 1, requester);
            });
            return;
        }

        var size = (int)Math.Min(request.BatchSize, remaining);
        var handled = 0;
        PersistAll(Enumerable.Range(1, size).Select(i => new BenchEvent(_count + i)), _ =>
        {
            _count++;
            if (++handled == size)
            {
                PersistNext(request, remaining - size, requester);
            }
        });
    }

    /// <summary>Persist this many events, one write at a time (BatchSize 1) or PersistAll batches of BatchSize.</summary>
    internal sealed record PersistMany(long Events, int BatchSize);

    /// <summary>Reply to <see cref="PersistMany"/>.</summary>
    internal sealed record PersistManyDone(long Count);

    /// <summary>Asks for the number of events recovered and persisted.</summary>
    internal sealed record CountEvents;
}
