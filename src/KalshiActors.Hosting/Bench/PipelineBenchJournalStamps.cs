using System.Diagnostics;
using KalshiActors.Persistence.Journal;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench pipeline`'s journal storage: passes every write through and reports each batch with the moment the storage was
/// asked to write it and the moment it was committed (Stopwatch timestamps), so the bench can split tick-to-order into
/// the time before the order's batch starts, the commit itself and what follows it.
/// </summary>
internal sealed class PipelineBenchJournalStamps(IJournalStorage inner, Action<IReadOnlyList<JournalRow>, long, long> onCommitted)
    : ForwardingJournalStorage(inner)
{
    /// <inheritdoc />
    public override async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await Inner.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
        onCommitted(rows, started, Stopwatch.GetTimestamp());
    }
}
