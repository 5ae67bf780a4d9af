using System.Runtime.CompilerServices;

namespace KalshiActors.Persistence.Journal;

/// <summary>
/// A journal as it stood at one global ordering: every read (recovery by persistence id, tag and all-events queries, the
/// highest sequence number) sees only rows with ordering &lt;= <see cref="UpToOrdering"/>, and writes go to an in-memory
/// overlay numbered after it, never to the source. Replays and post-mortems recover the production persistent actors from
/// it, so recovery stops exactly at the bound and the journal they read stays untouched.
/// </summary>
public sealed class JournalAsOfStorage : IJournalStorage
{
    private readonly IJournalStorage _source;
    private readonly bool _ownsSource;
    private readonly Lock _gate = new();

    // Rows written since the view opened (ordering order, orderings after the bound); they exist only in this process.
    private readonly List<JournalRow> _overlay = [];

    // Highest sequence number per persistence id in the overlay (new writes must continue after it).
    private readonly Dictionary<string, long> _overlayHighest = new(StringComparer.Ordinal);

    // Highest sequence number per persistence id at the bound, once looked up (the source below the bound never changes).
    private readonly Dictionary<string, long> _sourceHighest = new(StringComparer.Ordinal);

    /// <summary>Creates the view of <paramref name="source"/> up to and including <paramref name="upToOrdering"/>.</summary>
    /// <param name="source">The journal read; never written.</param>
    /// <param name="upToOrdering">The last global ordering visible (0 = an empty journal).</param>
    /// <param name="ownsSource">Whether disposing the view disposes <paramref name="source"/>.</param>
    public JournalAsOfStorage(IJournalStorage source, long upToOrdering, bool ownsSource = true)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(upToOrdering);
        _source = source;
        UpToOrdering = upToOrdering;
        _ownsSource = ownsSource;
    }

    /// <summary>The last global ordering of the source that reads see.</summary>
    public long UpToOrdering { get; }

    /// <summary>Rows written to the overlay (events the recovered actors persisted while the view was open).</summary>
    public IReadOnlyList<JournalRow> OverlayRows
    {
        get
        {
            lock (_gate)
            {
                return [.. _overlay];
            }
        }
    }

    /// <inheritdoc />
    public string Description => $"{_source.Description} as of ordering {UpToOrdering}";

    /// <summary>
    /// The last ordering whose row was written at or before <paramref name="time"/> (0 when none): rows are read in ordering
    /// order up to the first written later.
    /// </summary>
    public static async Task<long> FindOrderingAtAsync(IJournalStorage storage, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        const int Page = 4096;
        var limit = time.ToUnixTimeMilliseconds();
        var last = 0L;
        while (true)
        {
            var count = 0;
            await foreach (var row in storage.ReadAllAsync(last, Page, cancellationToken).ConfigureAwait(false))
            {
                if (row.Timestamp > limit)
                {
                    return last;
                }

                count++;
                last = row.Ordering;
            }

            if (count < Page)
            {
                return last;
            }
        }
    }

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var highest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var id in rows.Select(r => r.PersistenceId).Distinct(StringComparer.Ordinal))
        {
            highest[id] = await ReadHighestSequenceNrAsync(id, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            foreach (var row in rows)
            {
                // Same rule as the stores' unique key: a sequence number is taken once, and writers only append.
                var current = Math.Max(highest[row.PersistenceId], _overlayHighest.GetValueOrDefault(row.PersistenceId));
                if (row.SequenceNr <= current)
                {
                    throw new JournalConcurrencyException(row.PersistenceId, row.SequenceNr);
                }

                highest[row.PersistenceId] = row.SequenceNr;
            }

            foreach (var row in rows)
            {
                var stored = row with { Ordering = UpToOrdering + _overlay.Count + 1, Payload = row.Payload.ToArray() };
                _overlay.Add(stored);
                _overlayHighest[row.PersistenceId] = row.SequenceNr;
            }
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalRow> ReadEventsAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var returned = 0L;
        if (max <= 0)
        {
            yield break;
        }

        await foreach (var row in _source.ReadEventsAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken).ConfigureAwait(false))
        {
            // Within one id orderings grow with sequence numbers: the first row past the bound ends the view's part.
            if (row.Ordering > UpToOrdering)
            {
                break;
            }

            returned++;
            yield return row;
        }

        foreach (var row in OverlayOf(persistenceId, fromSequenceNr, toSequenceNr))
        {
            if (returned++ >= max)
            {
                yield break;
            }

            yield return row;
        }
    }

    /// <inheritdoc />
    public int ReadLoadedEvents(string persistenceId, long fromSequenceNr, long toSequenceNr, Span<JournalRow> into) =>
        AppendOverlay(
            into,
            _source.ReadLoadedEvents(persistenceId, fromSequenceNr, toSequenceNr, into),
            r => r.PersistenceId == persistenceId && r.SequenceNr >= fromSequenceNr && r.SequenceNr <= toSequenceNr);

    /// <inheritdoc />
    public int ReadLoadedTagged(string tag, long afterOrdering, Span<JournalRow> into) =>
        AppendOverlay(into, _source.ReadLoadedTagged(tag, afterOrdering, into), r => r.Ordering > afterOrdering && r.Tags.Contains(tag, StringComparer.Ordinal));

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        ReadOrdered(_source.ReadTaggedAsync(tag, afterOrdering, max, cancellationToken), afterOrdering, max, r => r.Tags.Contains(tag, StringComparer.Ordinal));

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken) =>
        ReadOrdered(_source.ReadAllAsync(afterOrdering, max, cancellationToken), afterOrdering, max, static _ => true);

    /// <inheritdoc />
    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        long atBound;
        bool cached;
        lock (_gate)
        {
            cached = _sourceHighest.TryGetValue(persistenceId, out atBound);
        }

        if (!cached)
        {
            atBound = await SourceHighestAtBoundAsync(persistenceId, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                _sourceHighest[persistenceId] = atBound;
            }
        }

        lock (_gate)
        {
            return Math.Max(atBound, _overlayHighest.GetValueOrDefault(persistenceId));
        }
    }

    /// <summary>A view never deletes: the journal it reads is the record being examined.</summary>
    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{Description} is read-only: a replay does not delete events ('{persistenceId}' to #{toSequenceNr}).");

    /// <inheritdoc />
    public async Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken)
    {
        var byId = new Dictionary<string, long>(StringComparer.Ordinal);
        var byTag = new Dictionary<string, long>(StringComparer.Ordinal);
        var byManifest = new Dictionary<string, long>(StringComparer.Ordinal);
        long count = 0, size = 0, highest = 0;
        var after = 0L;
        while (true)
        {
            var page = 0;
            await foreach (var row in ReadAllAsync(after, 4096, cancellationToken).ConfigureAwait(false))
            {
                page++;
                count++;
                size += row.Payload.Length;
                highest = after = row.Ordering;
                byId[row.PersistenceId] = byId.GetValueOrDefault(row.PersistenceId) + 1;
                byManifest[row.Manifest] = byManifest.GetValueOrDefault(row.Manifest) + 1;
                foreach (var tag in row.Tags)
                {
                    byTag[tag] = byTag.GetValueOrDefault(tag) + 1;
                }
            }

            if (page < 4096)
            {
                break;
            }
        }

        return new JournalStatistics(count, highest, size, byId, byTag, byManifest);
    }

    /// <inheritdoc />
    public async Task<long> ReadHighestOrderingAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_overlay.Count > 0)
            {
                return _overlay[^1].Ordering;
            }
        }

        return Math.Min(UpToOrdering, await _source.ReadHighestOrderingAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ownsSource ? _source.DisposeAsync() : ValueTask.CompletedTask;

    private List<JournalRow> OverlayOf(string persistenceId, long fromSequenceNr, long toSequenceNr)
    {
        lock (_gate)
        {
            return [.. _overlay.Where(r => r.PersistenceId == persistenceId && r.SequenceNr >= fromSequenceNr && r.SequenceNr <= toSequenceNr)];
        }
    }

    // The loaded counterpart of the async reads: the source's rows up to the bound, then (when they do not fill the page) the
    // overlay's rows that match, as the async reads return them. -1 when the source does not hold its rows in memory.
    private int AppendOverlay(Span<JournalRow> into, int read, Func<JournalRow, bool> matches)
    {
        if (read < 0)
        {
            return -1;
        }

        // Rows come in ordering order (within one id too): the first past the bound ends the source's part. Nearly always the
        // last row is within the bound, and no row needs looking at.
        var kept = read;
        if (kept > 0 && into[kept - 1].Ordering > UpToOrdering)
        {
            int low = 0, high = kept - 1;
            while (low < high)
            {
                var middle = (low + high) >>> 1;
                if (into[middle].Ordering <= UpToOrdering)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            kept = low;
        }

        // A full page below the bound: the caller asks again from its last row before the overlay comes.
        if (kept == into.Length)
        {
            return kept;
        }

        lock (_gate)
        {
            foreach (var row in _overlay)
            {
                if (kept == into.Length)
                {
                    break;
                }

                if (matches(row))
                {
                    into[kept++] = row;
                }
            }
        }

        return kept;
    }

    private async IAsyncEnumerable<JournalRow> ReadOrdered(IAsyncEnumerable<JournalRow> source, long afterOrdering, int max, Func<JournalRow, bool> filter)
    {
        var returned = 0;
        if (afterOrdering < UpToOrdering)
        {
            var pastBound = false;
            await foreach (var row in source.ConfigureAwait(false))
            {
                if (row.Ordering > UpToOrdering)
                {
                    pastBound = true;
                    break;
                }

                returned++;
                yield return row;
            }

            // A full page below the bound: the caller asks again from its last row before the overlay comes.
            if (!pastBound && returned >= max)
            {
                yield break;
            }
        }

        List<JournalRow> overlay;
        lock (_gate)
        {
            overlay = [.. _overlay.Where(r => r.Ordering > afterOrdering && filter(r))];
        }

        foreach (var row in overlay)
        {
            if (returned++ >= max)
            {
                yield break;
            }

            yield return row;
        }
    }

    private async Task<long> SourceHighestAtBoundAsync(string persistenceId, CancellationToken cancellationToken)
    {
        var highest = await _source.ReadHighestSequenceNrAsync(persistenceId, cancellationToken).ConfigureAwait(false);
        if (highest == 0 || await OrderingOfAsync(persistenceId, highest, cancellationToken).ConfigureAwait(false) is { } top && top <= UpToOrdering)
        {
            return highest;
        }

        // Past the bound: the last sequence number at or below it, read in pages (ids are short streams next to the journal).
        var last = 0L;
        var from = 1L;
        const int Page = 4096;
        while (true)
        {
            var count = 0;
            await foreach (var row in _source.ReadEventsAsync(persistenceId, from, long.MaxValue, Page, cancellationToken).ConfigureAwait(false))
            {
                if (row.Ordering > UpToOrdering)
                {
                    return last;
                }

                count++;
                last = row.SequenceNr;
                from = row.SequenceNr + 1;
            }

            if (count < Page)
            {
                return last;
            }
        }
    }

    private async Task<long?> OrderingOfAsync(string persistenceId, long sequenceNr, CancellationToken cancellationToken)
    {
        await foreach (var row in _source.ReadEventsAsync(persistenceId, sequenceNr, sequenceNr, 1, cancellationToken).ConfigureAwait(false))
        {
            return row.Ordering;
        }

        return null;
    }
}
