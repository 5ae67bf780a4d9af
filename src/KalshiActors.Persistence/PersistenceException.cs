namespace KalshiActors.Persistence;

/// <summary>Base of every error the persistence layer raises; database driver exceptions are translated into these.</summary>
public class PersistenceException : Exception
{
    /// <summary>Creates the exception with a message that says what failed and what to do.</summary>
    public PersistenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping a cause that is not a driver exception.</summary>
    public PersistenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Another writer already stored an event at a sequence number this writer tried to use; nothing of the write was stored.</summary>
public sealed class JournalConcurrencyException : PersistenceException
{
    /// <summary>Creates the exception for the write that lost the race.</summary>
    public JournalConcurrencyException(string persistenceId, long expectedSequenceNr)
        : base($"Persistence id '{persistenceId}' already has an event at sequence number {expectedSequenceNr}: " +
               "another writer persisted for the same id concurrently. Nothing of this write was stored; " +
               "make sure only one actor per persistence id runs, then restart it so it recovers the journal.")
    {
        PersistenceId = persistenceId;
        ExpectedSequenceNr = expectedSequenceNr;
    }

    /// <summary>The persistence id both writers wrote to.</summary>
    public string PersistenceId { get; }

    /// <summary>The first sequence number this writer expected to be free.</summary>
    public long ExpectedSequenceNr { get; }
}

/// <summary>A stored event or snapshot carries a manifest that no registered type or upcaster knows.</summary>
public sealed class UnknownManifestException : PersistenceException
{
    /// <summary>Creates the exception naming the exact stored row.</summary>
    public UnknownManifestException(string persistenceId, long sequenceNr, string manifest)
        : base($"Event {sequenceNr} of persistence id '{persistenceId}' has manifest '{manifest}', which no registered " +
               $"event type or upcaster knows. Register the type with EventRegistry.Register<T>(\"{manifest}\", ...) " +
               $"or add an upcaster from '{manifest}' to a current manifest.")
    {
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
        Manifest = manifest;
    }

    /// <summary>The persistence id of the unreadable row.</summary>
    public string PersistenceId { get; }

    /// <summary>The sequence number of the unreadable row.</summary>
    public long SequenceNr { get; }

    /// <summary>The manifest nobody knows.</summary>
    public string Manifest { get; }
}

/// <summary>A stored event has a known manifest but its payload could not be read (corrupt or incompatible JSON).</summary>
public sealed class EventDeserializationException : PersistenceException
{
    /// <summary>Creates the exception naming the exact stored row and the reader's complaint.</summary>
    public EventDeserializationException(string persistenceId, long sequenceNr, string manifest, Exception cause)
        : base($"Event {sequenceNr} of persistence id '{persistenceId}' (manifest '{manifest}') could not be read: " +
               $"{cause.Message} If the event's shape changed, bump its manifest version and add an upcaster from '{manifest}'.",
               cause)
    {
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
        Manifest = manifest;
    }

    /// <summary>The persistence id of the unreadable row.</summary>
    public string PersistenceId { get; }

    /// <summary>The sequence number of the unreadable row.</summary>
    public long SequenceNr { get; }

    /// <summary>The manifest of the unreadable row.</summary>
    public string Manifest { get; }
}

/// <summary>An event could not be serialized for writing (its type is not registered); the write is rejected, nothing is stored.</summary>
public sealed class EventSerializationException : PersistenceException
{
    /// <summary>Creates the exception naming the type that has no manifest.</summary>
    public EventSerializationException(string message)
        : base(message)
    {
    }
}

/// <summary>Recovery found the journal inconsistent (a missing sequence number); the actor must not start on partial state.</summary>
public sealed class RecoveryException : PersistenceException
{
    /// <summary>Creates the exception naming the persistence id and where the journal broke.</summary>
    public RecoveryException(string persistenceId, long sequenceNr, string message)
        : base(message)
    {
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
    }

    /// <summary>The persistence id being recovered.</summary>
    public string PersistenceId { get; }

    /// <summary>The sequence number at which recovery stopped.</summary>
    public long SequenceNr { get; }
}

/// <summary>The journal or snapshot database failed (I/O, connection, corruption); carries the driver's message, never its exception type.</summary>
public sealed class JournalStorageException : PersistenceException
{
    /// <summary>Creates the exception with what was being done, on which store, and the driver's own words.</summary>
    public JournalStorageException(string message)
        : base(message)
    {
    }
}
