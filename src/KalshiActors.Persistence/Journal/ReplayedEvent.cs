namespace KalshiActors.Persistence.Journal;

/// <summary>One event of a recovery page (<see cref="EventJournal.ReplayPagesAsync"/>): its sequence number and the event.</summary>
internal readonly record struct ReplayedEvent(long SequenceNr, object Payload);
