namespace KalshiActors.Persistence.Journal;

/// <summary>
/// The journal SPI a backend implements (in-memory, SQLite, PostgreSQL). It stores serialized rows; serialization,
/// upcasting, failure isolation and live queries live once in <see cref="EventJournal"/>.
/// </summary>
public interface IJournalStorage : IAsyncDisposable
{
    /// <summary>A short description for logs and errors (never contains a password).</summary>
    string Description { get; }

    /// <summary>
    /// Stores all rows in one transaction, assigning each a global ordering in list order. If any (persistence id,
    /// sequence nr) already exists nothing is stored and <see cref="JournalConcurrencyException"/> is thrown.
    /// </summary>
    Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken);

    /// <summary>Rows of one persistence id with from &lt;= sequence nr &lt;= to, ascending, at most <paramref name="max"/>.</summary>
    IAsyncEnumerable<JournalRow> ReadEventsAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken);

    /// <summary>Rows carrying <paramref name="tag"/> with ordering &gt; <paramref name="afterOrdering"/>, ascending, at most <paramref name="max"/>.</summary>
    IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken);

    /// <summary>All rows with ordering &gt; <paramref name="afterOrdering"/>, ascending, at most <paramref name="max"/>.</summary>
    IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken);

    /// <summary>The highest sequence number ever written for the id (deletion keeps it), 0 when none.</summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken);

    /// <summary>Deletes the id's events up to and including <paramref name="toSequenceNr"/>; the highest sequence number is kept.</summary>
    Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken);

    /// <summary>Counts for `journal stats`.</summary>
    Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken);

    /// <summary>The highest global ordering assigned, 0 when none; backends override the full statistics scan with a key lookup.</summary>
    async Task<long> ReadHighestOrderingAsync(CancellationToken cancellationToken) =>
        (await ReadStatisticsAsync(cancellationToken).ConfigureAwait(false)).HighestOrdering;

    /// <summary>
    /// When the storage holds its rows in memory: copies the first rows <see cref="ReadEventsAsync"/> would return (at most
    /// <paramref name="into"/>'s length) into <paramref name="into"/> and returns how many, with nothing to wait for. -1 when it
    /// reads them from elsewhere (the default): callers then read with <see cref="ReadEventsAsync"/>. Recoveries and catch-ups
    /// that read hundreds of thousands of loaded rows skip an await (and an enumerator per storage layer) per row.
    /// </summary>
    int ReadLoadedEvents(string persistenceId, long fromSequenceNr, long toSequenceNr, Span<JournalRow> into) => -1;

    /// <summary>As <see cref="ReadLoadedEvents"/>, for the rows <see cref="ReadTaggedAsync"/> would return; -1 when not in memory.</summary>
    int ReadLoadedTagged(string tag, long afterOrdering, Span<JournalRow> into) => -1;

    /// <summary>
    /// All rows with <paramref name="afterOrdering"/> &lt; ordering &lt;= <paramref name="upToOrdering"/>, ascending, each
    /// payload handed to <paramref name="decode"/> as it is read: a row it decodes carries the <see cref="JournalRow.Event"/>
    /// and an empty payload, a row it returns null for keeps its payload. Backends that can lend the stored bytes override
    /// this to decode them in place, without copying each payload into an array first.
    /// </summary>
    async IAsyncEnumerable<JournalRow> ReadAllDecodedAsync(
        long afterOrdering, long upToOrdering, JournalPayloadDecoder decode, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decode);
        const int page = 4096;
        var after = afterOrdering;
        while (after < upToOrdering)
        {
            var read = 0;
            await foreach (var row in ReadAllAsync(after, page, cancellationToken).ConfigureAwait(false))
            {
                if (row.Ordering > upToOrdering)
                {
                    yield break;
                }

                read++;
                after = row.Ordering;
                yield return decode(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span) is { } decoded
                    ? row with { Event = decoded, Payload = ReadOnlyMemory<byte>.Empty }
                    : row;
            }

            if (read < page)
            {
                yield break;
            }
        }
    }
}

/// <summary>
/// Decodes one stored payload as <see cref="IJournalStorage.ReadAllDecodedAsync"/> reads it; null when it cannot (the row
/// then keeps its payload, to fail where it is read).
/// </summary>
/// <param name="persistenceId">The row's stream.</param>
/// <param name="sequenceNr">The row's position in the stream.</param>
/// <param name="manifest">The payload's manifest as written.</param>
/// <param name="payload">The stored UTF-8 JSON, valid only during the call.</param>
public delegate object? JournalPayloadDecoder(string persistenceId, long sequenceNr, string manifest, ReadOnlySpan<byte> payload);

/// <summary>One stored event in serialized form.</summary>
/// <param name="Ordering">Global position assigned by the store (0 before writing).</param>
/// <param name="PersistenceId">The stream.</param>
/// <param name="SequenceNr">Position in the stream.</param>
/// <param name="Manifest">The payload's manifest as written.</param>
/// <param name="Payload">UTF-8 JSON.</param>
/// <param name="Tags">Tags (empty when none).</param>
/// <param name="Timestamp">Unix milliseconds when written.</param>
/// <param name="WriterId">The writing actor incarnation.</param>
public sealed record JournalRow(
    long Ordering,
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    ReadOnlyMemory<byte> Payload,
    IReadOnlyList<string> Tags,
    long Timestamp,
    string WriterId)
{
    /// <summary>
    /// The payload already deserialized (upcast, current type) by a storage that holds its rows in memory, so queries and
    /// recoveries that read the row again skip the JSON; null when the journal must deserialize <see cref="Payload"/>.
    /// </summary>
    public object? Event { get; init; }
}

/// <summary>What `journal stats` prints: counts per persistence id, tag and manifest, size and highest ordering.</summary>
/// <param name="EventCount">Stored events.</param>
/// <param name="HighestOrdering">The highest global ordering assigned.</param>
/// <param name="SizeBytes">Storage size in bytes (database file or relation sizes), or -1 when unknown.</param>
/// <param name="ByPersistenceId">Events per persistence id.</param>
/// <param name="ByTag">Events per tag.</param>
/// <param name="ByManifest">Events per stored manifest.</param>
public sealed record JournalStatistics(
    long EventCount,
    long HighestOrdering,
    long SizeBytes,
    IReadOnlyDictionary<string, long> ByPersistenceId,
    IReadOnlyDictionary<string, long> ByTag,
    IReadOnlyDictionary<string, long> ByManifest);
