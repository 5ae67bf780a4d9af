using System.Runtime.CompilerServices;
using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;

namespace KalshiActors.Persistence;

/// <summary>
/// The persistence of one actor system: its journal, snapshot store, settings and the journal actor that batches every
/// persistent actor's writes. Start it once at startup; persistent actors find it through their system.
/// </summary>
public sealed class PersistenceExtension
{
    private static readonly ConditionalWeakTable<ActorSystem, PersistenceExtension> BySystem = new();

    private PersistenceExtension(EventJournal journal, SnapshotStore snapshots, PersistenceSettings settings, JournalWriteFailures writeFailures, IActorRef journalActor)
    {
        WriteFailures = writeFailures;
        Journal = journal;
        Snapshots = snapshots;
        Settings = settings;
        JournalActor = journalActor;
    }

    /// <summary>The journal (replay and queries).</summary>
    public EventJournal Journal { get; }

    /// <summary>The snapshot store.</summary>
    public SnapshotStore Snapshots { get; }

    /// <summary>The settings in force.</summary>
    public PersistenceSettings Settings { get; }

    /// <summary>The actor every persistent actor sends its writes to.</summary>
    public IActorRef JournalActor { get; }

    /// <summary>
    /// Completes once the journal has answered every write handed to it before this call, stored or failed. An actor that
    /// stores with PersistAsync acts on an event before it is committed: a reader of the journal who saw the act waits
    /// for this before reading.
    /// </summary>
    public Task WhenWrittenAsync(TimeSpan timeout) => JournalActor.Ask<JournalProtocol.WriteMessagesResult>(JournalProtocol.AwaitWritten.Instance, timeout);

    /// <summary>The journal actor's count of writes not stored, the mark of SendWritesNow.</summary>
    internal JournalWriteFailures WriteFailures { get; }

    /// <summary>Starts persistence for <paramref name="system"/>; call once, before the first persistent actor starts.</summary>
    public static PersistenceExtension Start(ActorSystem system, EventJournal journal, SnapshotStore snapshots, PersistenceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(snapshots);
        ArgumentNullException.ThrowIfNull(settings);
        lock (BySystem)
        {
            if (BySystem.TryGetValue(system, out _))
            {
                throw new InvalidOperationException($"Persistence is already started for actor system '{system.Name}'.");
            }

            var failures = new JournalWriteFailures();
            var persistence = new PersistenceExtension(
                journal, snapshots, settings, failures, system.SystemActorOf(KalshiActors.Persistence.Journal.JournalActor.Props(journal, settings, failures), "persistence-journal"));
            BySystem.Add(system, persistence);
            return persistence;
        }
    }

    /// <summary>The persistence started for <paramref name="system"/>.</summary>
    public static PersistenceExtension Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return BySystem.TryGetValue(system, out var persistence)
            ? persistence
            : throw new InvalidOperationException(
                $"Persistence is not started for actor system '{system.Name}'; call PersistenceExtension.Start(system, journal, snapshots, settings) before creating persistent actors.");
    }
}
