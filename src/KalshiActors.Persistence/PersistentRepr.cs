namespace KalshiActors.Persistence;

/// <summary>One event as the journal stores it for a persistence id: payload, position and tags.</summary>
/// <param name="PersistenceId">The stream the event belongs to.</param>
/// <param name="SequenceNr">Position in the stream, starting at 1, contiguous.</param>
/// <param name="Payload">The event object (a registered event type).</param>
/// <param name="Tags">Tags for tag queries; empty when none.</param>
/// <param name="WriterId">Identifies the writing actor incarnation (diagnostics for concurrent writers).</param>
/// <param name="Timestamp">Unix milliseconds when written, from the system's TimeProvider; 0 before the journal stamps it.</param>
public sealed record PersistentRepr(
    string PersistenceId,
    long SequenceNr,
    object Payload,
    IReadOnlyList<string> Tags,
    string WriterId = "",
    long Timestamp = 0);

/// <summary>Events of one persistence id that are stored all together or not at all.</summary>
public sealed record AtomicWrite
{
    /// <summary>Creates the write; the events must share a persistence id and have contiguous sequence numbers.</summary>
    public AtomicWrite(IReadOnlyList<PersistentRepr> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new ArgumentException("An AtomicWrite needs at least one event.", nameof(events));
        }

        for (var i = 1; i < events.Count; i++)
        {
            if (events[i].PersistenceId != events[0].PersistenceId || events[i].SequenceNr != events[0].SequenceNr + i)
            {
                throw new ArgumentException(
                    $"An AtomicWrite holds contiguous events of one persistence id; event {i} is " +
                    $"'{events[i].PersistenceId}' #{events[i].SequenceNr} after '{events[0].PersistenceId}' #{events[0].SequenceNr}.",
                    nameof(events));
            }
        }

        Events = events;
    }

    /// <summary>The events, in sequence-number order.</summary>
    public IReadOnlyList<PersistentRepr> Events { get; }

    /// <summary>The persistence id every event belongs to.</summary>
    public string PersistenceId => Events[0].PersistenceId;

    /// <summary>
    /// Set for a write made under RequireNoWriteFailureSince: when it shares a transaction, the journal refuses it if a write
    /// ahead of it in that transaction was not stored (one it may depend on), instead of storing an effect without its cause.
    /// </summary>
    internal bool RequiresEarlierWritesStored { get; init; }

    /// <summary>The first sequence number written.</summary>
    public long LowestSequenceNr => Events[0].SequenceNr;

    /// <summary>The last sequence number written.</summary>
    public long HighestSequenceNr => Events[^1].SequenceNr;
}

/// <summary>One event as a persistence query delivers it.</summary>
/// <param name="Offset">The event's global ordering; pass it back as the offset to resume after this event.</param>
/// <param name="PersistenceId">The stream the event belongs to.</param>
/// <param name="SequenceNr">Position in that stream.</param>
/// <param name="Event">The event, upcast to its current type.</param>
/// <param name="Manifest">The manifest as stored (before upcasting).</param>
/// <param name="Timestamp">Unix milliseconds when written.</param>
/// <param name="Tags">The event's tags.</param>
public sealed record EventEnvelope(
    long Offset,
    string PersistenceId,
    long SequenceNr,
    object Event,
    string Manifest,
    long Timestamp,
    IReadOnlyList<string> Tags);
