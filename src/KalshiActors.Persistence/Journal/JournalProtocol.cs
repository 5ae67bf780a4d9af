using KalshiActors.Kernel;

namespace KalshiActors.Persistence.Journal;

/// <summary>Messages between persistent actors and the journal actor (the journal actor replies with the command's sender as sender).</summary>
internal static class JournalProtocol
{
    /// <summary>A persistent actor's writes from one message handling.</summary>
    public sealed record WriteMessages(IReadOnlyList<AtomicWrite> Writes, IActorRef PersistentActor, int ActorInstanceId, IActorRef? Sender)
    {
        public int EventCount { get; } = Writes.Sum(w => w.Events.Count);

        /// <summary>
        /// A <see cref="JournalWriteFailures"/> count (RequireNoWriteFailureSince): these writes are refused, not stored, if
        /// the journal has failed or refused any write since; null = no such condition.
        /// </summary>
        public long? NoFailureSince { get; init; }
    }

    /// <summary>The outcome of a <see cref="WriteMessages"/>: one entry per write (null = stored), or a failure of the whole batch.</summary>
    public sealed record WriteMessagesResult(int ActorInstanceId, IReadOnlyList<AtomicWrite> Writes, IReadOnlyList<Exception?> Results, Exception? BatchFailure);

    /// <summary>The journal actor's own: a batch came back from storage.</summary>
    public sealed record BatchWritten(IReadOnlyList<WriteMessages> Batch, IReadOnlyList<Exception?>? Results, Exception? Failure);

    /// <summary>The journal actor's own: its writer loop found nothing more to write and ended.</summary>
    public sealed class WriterLoopEnded
    {
        public static WriterLoopEnded Instance { get; } = new();
    }

    /// <summary>
    /// Asks the journal to answer (a <see cref="WriteMessagesResult"/> with no writes, to the sender) once every write it
    /// received before this is stored or failed: a write with nothing in it, queued behind them.
    /// </summary>
    public sealed class AwaitWritten
    {
        public static AwaitWritten Instance { get; } = new();
    }

    /// <summary>The journal actor's own: the linger time is over, write what is pending.</summary>
    public sealed class Flush
    {
        public static Flush Instance { get; } = new();
    }
}
