using System.Text;
using System.Text.Json.Serialization;
using KalshiActors.Kernel;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Persistence.CrashWriter;

/// <summary>The event the crash writer persists.</summary>
/// <param name="Number">Counts up from 1; equals the sequence number when nothing is lost.</param>
public sealed record Counted(long Number);

/// <summary>Source-generated contract of <see cref="Counted"/>.</summary>
[JsonSerializable(typeof(Counted))]
public sealed partial class CrashJsonContext : JsonSerializerContext
{
}

/// <summary>The crash writer's registry (the test reads the journal with the same one).</summary>
public static class CrashEvents
{
    /// <summary>A registry knowing <see cref="Counted"/> as `Counted.v1` and the decision/order pair as `Decided.v1`, `Ordered.v1`.</summary>
    public static EventRegistry CreateRegistry() => new EventRegistry()
        .Register("Counted.v1", CrashJsonContext.Default.Counted)
        .Register("Decided.v1", DecisionPairJsonContext.Default.Decided)
        .Register("Ordered.v1", DecisionPairJsonContext.Default.Ordered);
}

/// <summary>Writes ack lines to stdout unbuffered, so a line printed is a line the parent sees even after SIGKILL.</summary>
internal sealed class AckWriter(Stream stdout)
{
    private readonly Lock _gate = new();

    public void Ack(string persistenceId, long sequenceNr)
    {
        var line = Encoding.ASCII.GetBytes($"ack {persistenceId} {sequenceNr}\n");
        lock (_gate)
        {
            stdout.Write(line);
            stdout.Flush();
        }
    }
}

/// <summary>Persists Counted events one after another; acknowledges each once its handler ran (it is stored).</summary>
internal sealed class CountingActor : ReceivePersistentActor
{
    private readonly string _persistenceId;

    private CountingActor(string persistenceId, AckWriter acks)
    {
        _persistenceId = persistenceId;
        Recover<RecoveryCompleted>(_ => Self.Tell(Next.Instance));
        Recover<Counted>(_ => { });
        Command<Next>(_ => Persist(new Counted(LastSequenceNr + 1), e =>
        {
            acks.Ack(PersistenceId, LastSequenceNr);
            Self.Tell(Next.Instance);
        }));
    }

    public override string PersistenceId => _persistenceId;

    public static Props Props(string persistenceId, AckWriter acks) => Kernel.Props.Create(() => new CountingActor(persistenceId, acks));

    private sealed class Next
    {
        public static Next Instance { get; } = new();
    }
}
