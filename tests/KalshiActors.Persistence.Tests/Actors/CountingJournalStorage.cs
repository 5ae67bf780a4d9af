using KalshiActors.Persistence.Journal;

namespace KalshiActors.Persistence.Tests.Actors;

/// <summary>Counts transactions and rows written through it.</summary>
internal sealed class CountingJournalStorage(IJournalStorage inner) : ForwardingJournalStorage(inner)
{
    private int _writes;
    private int _rows;

    public int Writes => Volatile.Read(ref _writes);

    public int Rows => Volatile.Read(ref _rows);

    public override async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        await Inner.WriteAsync(rows, cancellationToken);
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _rows, rows.Count);
    }

}
