using System.Runtime.CompilerServices;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Persistence.Journal;

/// <summary>
/// The journal as actors and queries use it: serializes events through the <see cref="EventRegistry"/>, writes batches of
/// <see cref="AtomicWrite"/>s to an <see cref="IJournalStorage"/> in one transaction, replays and answers persistence
/// queries (current and live) as <see cref="IAsyncEnumerable{T}"/> of <see cref="EventEnvelope"/>.
/// </summary>
public sealed class EventJournal : IAsyncDisposable
{
    private readonly IJournalStorage _storage;
    private readonly TimeProvider _timeProvider;
    private readonly int _queryPageSize;
    private readonly TimeSpan _refreshInterval;

    // Completed and replaced after every successful write so live queries in this process wake at once; queries still
    // poll every refresh interval for rows other processes write.
    private TaskCompletionSource _written = NewSignal();

    /// <summary>Creates the journal over a storage backend.</summary>
    /// <param name="storage">The backend; disposed with the journal.</param>
    /// <param name="registry">Manifests and JSON contracts of every event type.</param>
    /// <param name="timeProvider">Stamps events and paces live-query polling.</param>
    /// <param name="queryPageSize">Rows fetched per query round trip.</param>
    /// <param name="refreshInterval">How often live queries look for rows written by other processes.</param>
    public EventJournal(IJournalStorage storage, EventRegistry registry, TimeProvider timeProvider, int queryPageSize = 1000, TimeSpan? refreshInterval = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryPageSize, 1);
        _storage = storage;
        Registry = registry;
        _timeProvider = timeProvider;
        _queryPageSize = queryPageSize;
        _refreshInterval = refreshInterval ?? TimeSpan.FromSeconds(1);
    }

    /// <summary>The registry events are serialized with.</summary>
    public EventRegistry Registry { get; }

    /// <summary>The backend description (for logs; never holds a password).</summary>
    public string Description => _storage.Description;

    /// <summary>
    /// Writes the batch in one transaction. Returns one entry per write: null when stored, or the reason it was refused
    /// (<see cref="EventSerializationException"/> = rejected, nothing stored; <see cref="JournalConcurrencyException"/> =
    /// another writer owns those sequence numbers). Throws when the storage itself failed: then nobody knows what was
    /// stored, and the writers must stop and recover.
    /// </summary>
    public async Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var results = new Exception?[writes.Count];
        var serialized = new List<(int Index, JournalRow[] Rows)>(writes.Count);
        var now = _timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        for (var i = 0; i < writes.Count; i++)
        {
            if (writes[i].RequiresEarlierWritesStored && FirstNotStored(results, i) is { } earlier)
            {
                results[i] = RefusedAfter(writes[earlier]);
                continue;
            }

            try
            {
                serialized.Add((i, Serialize(writes[i], now)));
            }
            catch (EventSerializationException ex)
            {
                results[i] = ex;
            }
        }

        if (serialized.Count == 0)
        {
            return results;
        }

        try
        {
            await _storage.WriteAsync(Flatten(serialized), cancellationToken).ConfigureAwait(false);
        }
        catch (JournalConcurrencyException) when (serialized.Count > 1)
        {
            // One writer's conflict must not fail the others batched with it: write each on its own to find the loser.
            foreach (var (index, rows) in serialized)
            {
                if (writes[index].RequiresEarlierWritesStored && FirstNotStored(results, index) is { } earlier)
                {
                    results[index] = RefusedAfter(writes[earlier]);
                    continue;
                }

                try
                {
                    await _storage.WriteAsync(rows, cancellationToken).ConfigureAwait(false);
                }
                catch (JournalConcurrencyException ex)
                {
                    results[index] = ex;
                }
            }
        }
        catch (JournalConcurrencyException ex)
        {
            results[serialized[0].Index] = ex;
        }

        SignalWritten();
        return results;
    }

    private static int? FirstNotStored(Exception?[] results, int before)
    {
        for (var i = 0; i < before; i++)
        {
            if (results[i] is not null)
            {
                return i;
            }
        }

        return null;
    }

    private static JournalStorageException RefusedAfter(AtomicWrite earlier) => new(
        $"Not attempted: '{earlier.PersistenceId}' #{earlier.LowestSequenceNr}, written ahead of it in the same transaction, " +
        "was not stored, and this write was made on condition that the writes before it were (an order after its decision)");

    /// <summary>Replays one persistence id's events (upcast, deserialized) with from &lt;= sequence nr &lt;= to.</summary>
    public async IAsyncEnumerable<PersistentRepr> ReplayAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max = long.MaxValue,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var row in _storage.ReadEventsAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken).ConfigureAwait(false))
        {
            var payload = row.Event ?? Registry.Deserialize(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span);
            yield return new PersistentRepr(row.PersistenceId, row.SequenceNr, payload, row.Tags, row.WriterId, row.Timestamp);
        }
    }

    /// <summary>
    /// As <see cref="ReplayAsync"/>, a page of events at a time: a recovery applies each page in one go, without an envelope
    /// per event, and from a storage that holds its rows in memory without an await per event. The page's memory is reused:
    /// it is valid until the next page is asked for. A row that cannot be read ends the pages with its error, after a page
    /// with the events read before it.
    /// </summary>
    internal async IAsyncEnumerable<ReadOnlyMemory<ReplayedEvent>> ReplayPagesAsync(
        string persistenceId,
        long fromSequenceNr,
        long toSequenceNr,
        long max,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int PageSize = 4096;
        var rows = new JournalRow[(int)Math.Clamp(max, 0, PageSize)];
        var page = new ReplayedEvent[rows.Length];
        var count = 0;
        Exception? failure = null;

        // A storage whose rows are not in memory streams them in one read, as ReplayAsync does; paging is for loaded rows.
        // (Asked for no rows, a storage answers only whether it holds them in memory.)
        var loaded = rows.Length > 0 && _storage.ReadLoadedEvents(persistenceId, fromSequenceNr, toSequenceNr, rows.AsSpan(0, 0)) >= 0;
        if (!loaded)
        {
            var stream = ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using var _ = stream.ConfigureAwait(false);
            while (true)
            {
                try
                {
                    if (!await stream.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }
                }
#pragma warning disable CA1031 // Thrown again once the events read before it are handed over.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex;
                    break;
                }

                page[count++] = new ReplayedEvent(stream.Current.SequenceNr, stream.Current.Payload);
                if (count == page.Length)
                {
                    yield return page;
                    count = 0;
                }
            }

            if (count > 0)
            {
                yield return page.AsMemory(0, count);
            }

            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            yield break;
        }

        var next = fromSequenceNr;
        var returned = 0L;
        while (returned < max && next <= toSequenceNr)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = _storage.ReadLoadedEvents(persistenceId, next, toSequenceNr, rows.AsSpan(0, (int)Math.Min(rows.Length, max - returned)));
            count = DecodePage(rows, read, null, page, out failure);
            if (count > 0)
            {
                yield return page.AsMemory(0, count);
            }

            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            if (read < rows.Length)
            {
                yield break;
            }

            returned += read;
            next = rows[read - 1].SequenceNr + 1;
        }
    }

    // The paged reads' loop over a page, outside their iterators and compiled optimized from the first call: a replay runs
    // them hot for under a second, before tiered compilation would have replaced the iterators' unoptimized code (perf showed
    // the iterator's first-tier code among the recovery's top samples). It decodes into events (a tag read's page) or, paired
    // with each sequence number, into page (a recovery's page), whichever is given; returns how many rows it decoded; a row
    // that cannot be decoded stops it, with the error in failure.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int DecodePage(JournalRow[] rows, int read, object[]? events, ReplayedEvent[]? page, out Exception? failure)
    {
        failure = null;
        var count = 0;
        try
        {
            for (; count < read; count++)
            {
                var row = rows[count];
                var payload = row.Event ?? Registry.Deserialize(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span);
                if (events is not null)
                {
                    events[count] = payload;
                }

                if (page is not null)
                {
                    page[count] = new ReplayedEvent(row.SequenceNr, payload);
                }
            }
        }
#pragma warning disable CA1031 // Thrown again once the events read before it are handed over.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex;
        }

        return count;
    }

    /// <summary>The highest sequence number ever written for the id, 0 when none.</summary>
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken = default) =>
        _storage.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    /// <summary>Deletes events up to and including <paramref name="toSequenceNr"/>; the highest sequence number stays known.</summary>
    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        _storage.DeleteToAsync(persistenceId, toSequenceNr, cancellationToken);

    /// <summary>Counts per persistence id, tag and manifest, size and highest ordering.</summary>
    public Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken = default) =>
        _storage.ReadStatisticsAsync(cancellationToken);

    /// <summary>The id's events stored now, then completes.</summary>
    public IAsyncEnumerable<EventEnvelope> CurrentEventsByPersistenceId(
        string persistenceId, long fromSequenceNr = 0, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
        EventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, live: false, cancellationToken);

    /// <summary>The id's events, then new ones as they are written, until <paramref name="toSequenceNr"/> or cancellation.</summary>
    public IAsyncEnumerable<EventEnvelope> EventsByPersistenceId(
        string persistenceId, long fromSequenceNr = 0, long toSequenceNr = long.MaxValue, CancellationToken cancellationToken = default) =>
        EventsByPersistenceId(persistenceId, fromSequenceNr, toSequenceNr, live: true, cancellationToken);

    /// <summary>Tagged events with ordering &gt; <paramref name="offset"/> stored now, then completes; resume with the last envelope's offset.</summary>
    public IAsyncEnumerable<EventEnvelope> CurrentEventsByTag(string tag, long offset = 0, CancellationToken cancellationToken = default) =>
        ByOrdering((after, max, ct) => _storage.ReadTaggedAsync(tag, after, max, ct), offset, live: false, cancellationToken);

    /// <summary>
    /// The events of <see cref="CurrentEventsByTag"/>, a page at a time in journal order, then completes: for catch-ups that
    /// fold a whole tag and need no envelope per event; a storage that holds its rows in memory hands each page over
    /// without an await per event. Each page is a new array. A row that cannot be read ends the pages with its error,
    /// after a page with the events read before it.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<object>> CurrentEventPagesByTag(
        string tag, long offset = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var rows = new JournalRow[_queryPageSize];
        var after = offset;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Exception? failure = null;
            var read = _storage.ReadLoadedTagged(tag, after, rows);
            if (read < 0)
            {
                read = 0;
                try
                {
                    await foreach (var row in _storage.ReadTaggedAsync(tag, after, rows.Length, cancellationToken).ConfigureAwait(false))
                    {
                        rows[read++] = row;
                    }
                }
#pragma warning disable CA1031 // Thrown again once the events read before it are handed over.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failure = ex;
                }
            }

            var events = new object[read];
            // A row that cannot be decoded comes before any row the storage failed to read.
            var count = DecodePage(rows, read, events, null, out var decodeFailure);
            failure = decodeFailure ?? failure;

            if (count > 0)
            {
                yield return events.AsMemory(0, count);
            }

            if (failure is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            if (read < rows.Length)
            {
                yield break;
            }

            after = rows[read - 1].Ordering;
        }
    }

    /// <summary>Tagged events with ordering &gt; <paramref name="offset"/>, then new ones as they are written, until cancellation.</summary>
    public IAsyncEnumerable<EventEnvelope> EventsByTag(string tag, long offset = 0, CancellationToken cancellationToken = default) =>
        ByOrdering((after, max, ct) => _storage.ReadTaggedAsync(tag, after, max, ct), offset, live: true, cancellationToken);

    /// <summary>Every event with ordering &gt; <paramref name="offset"/> stored now, then completes.</summary>
    public IAsyncEnumerable<EventEnvelope> CurrentAllEvents(long offset = 0, CancellationToken cancellationToken = default) =>
        ByOrdering(_storage.ReadAllAsync, offset, live: false, cancellationToken);

    /// <summary>Every event with ordering &gt; <paramref name="offset"/>, then new ones as they are written, until cancellation.</summary>
    public IAsyncEnumerable<EventEnvelope> AllEvents(long offset = 0, CancellationToken cancellationToken = default) =>
        ByOrdering(_storage.ReadAllAsync, offset, live: true, cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _storage.DisposeAsync();

    private JournalRow[] Serialize(AtomicWrite write, long now)
    {
        var rows = new JournalRow[write.Events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var repr = write.Events[i];
            var serialized = Registry.Serialize(repr.Payload);
            rows[i] = new JournalRow(
                0, repr.PersistenceId, repr.SequenceNr, serialized.Manifest, serialized.Payload, repr.Tags,
                repr.Timestamp != 0 ? repr.Timestamp : now, repr.WriterId);
        }

        return rows;
    }

    private static JournalRow[] Flatten(List<(int Index, JournalRow[] Rows)> serialized)
    {
        if (serialized.Count == 1)
        {
            return serialized[0].Rows;
        }

        var all = new List<JournalRow>();
        foreach (var (_, rows) in serialized)
        {
            all.AddRange(rows);
        }

        return [.. all];
    }

    private EventEnvelope ToEnvelope(JournalRow row) =>
        new(row.Ordering, row.PersistenceId, row.SequenceNr,
            row.Event ?? Registry.Deserialize(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span),
            row.Manifest, row.Timestamp, row.Tags);

    private async IAsyncEnumerable<EventEnvelope> EventsByPersistenceId(
        string persistenceId, long fromSequenceNr, long toSequenceNr, bool live, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = Math.Max(fromSequenceNr, 1);
        while (next <= toSequenceNr)
        {
            var signal = _written.Task;
            var count = 0;
            await foreach (var row in _storage.ReadEventsAsync(persistenceId, next, toSequenceNr, _queryPageSize, cancellationToken).ConfigureAwait(false))
            {
                count++;
                next = row.SequenceNr + 1;
                yield return ToEnvelope(row);
            }

            if (count < _queryPageSize)
            {
                if (!live)
                {
                    yield break;
                }

                await WaitForWritesAsync(signal, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async IAsyncEnumerable<EventEnvelope> ByOrdering(
        Func<long, int, CancellationToken, IAsyncEnumerable<JournalRow>> read, long offset, bool live, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = offset;
        while (true)
        {
            var signal = _written.Task;
            var count = 0;
            await foreach (var row in read(after, _queryPageSize, cancellationToken).ConfigureAwait(false))
            {
                count++;
                after = row.Ordering;
                yield return ToEnvelope(row);
            }

            if (count < _queryPageSize)
            {
                if (!live)
                {
                    yield break;
                }

                await WaitForWritesAsync(signal, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitForWritesAsync(Task signal, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poll = Task.Delay(_refreshInterval, _timeProvider, linked.Token);
        await Task.WhenAny(signal, poll).ConfigureAwait(false);
        await linked.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private void SignalWritten() => Interlocked.Exchange(ref _written, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
