namespace KalshiActors.Persistence.Journal;

/// <summary>
/// A journal storage that hands every call to another one: the base of decorators (counting, draining, gating writes)
/// that change one or two members and must pass the rest through unchanged.
/// </summary>
public abstract class ForwardingJournalStorage(IJournalStorage inner) : IJournalStorage
{
    /// <summary>The storage the calls go to.</summary>
    protected IJournalStorage Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public virtual string Description => Inner.Description;

    /// <inheritdoc />
    public virtual Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken) => Inner.WriteAsync(rows, cancellationToken);

    /// <inheritdoc />
    public virtual IAsyncEnumerable<JournalRow> ReadEventsAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken) =>
        Inner.ReadEventsAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken);

    /// <inheritdoc />
    public virtual IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        Inner.ReadTaggedAsync(tag, afterOrdering, max, cancellationToken);

    /// <inheritdoc />
    public virtual IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken) =>
        Inner.ReadAllAsync(afterOrdering, max, cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        Inner.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    /// <inheritdoc />
    public virtual Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        Inner.DeleteToAsync(persistenceId, toSequenceNr, cancellationToken);

    /// <inheritdoc />
    public virtual Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken) => Inner.ReadStatisticsAsync(cancellationToken);

    /// <inheritdoc />
    public virtual Task<long> ReadHighestOrderingAsync(CancellationToken cancellationToken) => Inner.ReadHighestOrderingAsync(cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return Inner.DisposeAsync();
    }
}
