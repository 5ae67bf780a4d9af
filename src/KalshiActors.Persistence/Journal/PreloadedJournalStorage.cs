using System.Runtime.CompilerServices;
using System.Threading.Channels;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Persistence.Journal;

/// <summary>
/// A read-only copy of a journal up to one global ordering, held in memory with every event deserialized once. A replay
/// reads the same rows many times over (each actor's recovery by persistence id, the guardian's and the execution
/// supervisor's scans of the "order" tag, the portfolio's of the "fill" tag, the audit summary): loading them once in one
/// sequential scan, with the JSON decoded on every core while the scan goes on, replaces those reads and decodes.
/// </summary>
/// <remarks>
/// Rows carry their <see cref="JournalRow.Event"/> and an empty <see cref="JournalRow.Payload"/>: they are read through an
/// <see cref="EventJournal"/> with the same registrations, which takes the event as it is. A row whose payload cannot be
/// decoded keeps its payload and no event, and fails where it is read, as it would from the source. The highest sequence
/// number of an id is asked of the source (deletion keeps it there, and deleted rows are not loaded).
/// </remarks>
public sealed class PreloadedJournalStorage : IJournalStorage
{
    private const int Page = 4096;

    private readonly IJournalStorage _source;
    private readonly JournalRow[] _rows;
    private readonly long[] _orderings;
    private readonly Dictionary<string, int[]> _byPersistenceId;
    private readonly Dictionary<string, int[]> _byTag;
    private readonly long _payloadBytes;

    private PreloadedJournalStorage(IJournalStorage source, long upToOrdering, JournalRow[] rows, long payloadBytes)
    {
        _source = source;
        _payloadBytes = payloadBytes;
        UpToOrdering = upToOrdering;
        _rows = rows;
        _orderings = new long[rows.Length];
        var byId = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var byTag = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Length; i++)
        {
            var row = rows[i];
            _orderings[i] = row.Ordering;
            Add(byId, row.PersistenceId, i);
            foreach (var tag in row.Tags)
            {
                Add(byTag, tag, i);
            }
        }

        _byPersistenceId = byId.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _byTag = byTag.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);

        static void Add(Dictionary<string, List<int>> index, string key, int position)
        {
            if (!index.TryGetValue(key, out var positions))
            {
                index[key] = positions = [];
            }

            // A row tagged twice with the same tag is still one row of that tag.
            if (positions.Count == 0 || positions[^1] != position)
            {
                positions.Add(position);
            }
        }
    }

    /// <summary>The last global ordering loaded.</summary>
    public long UpToOrdering { get; }

    /// <summary>How many rows were loaded.</summary>
    public int Count => _rows.Length;

    /// <inheritdoc />
    public string Description => $"{_source.Description} (loaded to ordering {UpToOrdering})";

    /// <summary>
    /// Reads <paramref name="source"/>'s rows with ordering &lt;= <paramref name="upToOrdering"/> and deserializes them with
    /// <paramref name="registry"/> (which must be the registry of the journal that reads this storage).
    /// </summary>
    /// <param name="source">The journal read; owned (disposed) by the returned storage, left to the caller when loading fails.</param>
    /// <param name="upToOrdering">The last global ordering to load.</param>
    /// <param name="registry">Decodes the payloads.</param>
    /// <param name="cancellationToken">Stops the load.</param>
    public static async Task<PreloadedJournalStorage> LoadAsync(
        IJournalStorage source, long upToOrdering, EventRegistry registry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(registry);
        var (rows, payloadBytes) = await LoadRowsAsync(source, upToOrdering, registry, cancellationToken).ConfigureAwait(false);
        return new PreloadedJournalStorage(source, upToOrdering, rows, payloadBytes);
    }

    /// <summary>A loaded copy is never written: wrap it in a <see cref="JournalAsOfStorage"/> to let recovered actors persist.</summary>
    public Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{Description} is read-only.");

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalRow> ReadEventsAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!_byPersistenceId.TryGetValue(persistenceId, out var positions))
        {
            yield break;
        }

        // Within one id sequence numbers grow with the ordering, so the id's positions are in sequence-number order.
        var first = LowerBound(positions, fromSequenceNr);
        var returned = 0L;
        for (var i = first; i < positions.Length && returned < max; i++)
        {
            var row = _rows[positions[i]];
            if (row.SequenceNr > toSequenceNr)
            {
                yield break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            returned++;
            yield return row;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        ReadPositions(_byTag.TryGetValue(tag, out var positions) ? positions : [], afterOrdering, max, cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken) =>
        ReadPositions(null, afterOrdering, max, cancellationToken);

    /// <inheritdoc />
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken) =>
        _source.ReadHighestSequenceNrAsync(persistenceId, cancellationToken);

    /// <inheritdoc />
    public Task<long> ReadHighestOrderingAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_rows.Length == 0 ? 0 : _rows[^1].Ordering);

    /// <summary>A loaded copy never deletes.</summary>
    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{Description} is read-only ('{persistenceId}' to #{toSequenceNr}).");

    /// <inheritdoc />
    public Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken)
    {
        var byId = _byPersistenceId.ToDictionary(p => p.Key, p => (long)p.Value.Length, StringComparer.Ordinal);
        var byTag = _byTag.ToDictionary(p => p.Key, p => (long)p.Value.Length, StringComparer.Ordinal);
        var byManifest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var row in _rows)
        {
            byManifest[row.Manifest] = byManifest.GetValueOrDefault(row.Manifest) + 1;
        }

        return Task.FromResult(new JournalStatistics(_rows.Length, _rows.Length == 0 ? 0 : _rows[^1].Ordering, _payloadBytes, byId, byTag, byManifest));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _source.DisposeAsync();

    // The first position whose row has a sequence number >= sequenceNr.
    private int LowerBound(int[] positions, long sequenceNr)
    {
        int low = 0, high = positions.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_rows[positions[middle]].SequenceNr < sequenceNr)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    // The rows (all, or at the given positions) with ordering > afterOrdering, at most max.
    private async IAsyncEnumerable<JournalRow> ReadPositions(
        int[]? positions, long afterOrdering, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = positions?.Length ?? _rows.Length;
        int low = 0, high = count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_orderings[positions is null ? middle : positions[middle]] <= afterOrdering)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var end = (int)Math.Min(count, (long)low + Math.Max(max, 0));
        for (var i = low; i < end; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return _rows[positions is null ? i : positions[i]];
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // One task reads pages in ordering order while workers (one per core) decode them; pages are put back in order.
    private static async Task<(JournalRow[] Rows, long PayloadBytes)> LoadRowsAsync(IJournalStorage source, long upToOrdering, EventRegistry registry, CancellationToken cancellationToken)
    {
        var pages = Channel.CreateBounded<List<JournalRow>>(new BoundedChannelOptions(8) { SingleWriter = true });
        var decoded = new List<List<JournalRow>>();
        var payloadBytes = 0L;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount))
            .Select(_ => Task.Run(
                async () =>
                {
                    try
                    {
                        await DecodeAsync(pages.Reader, registry, stop.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        // The scan must not wait on a channel nobody empties any more.
                        await stop.CancelAsync().ConfigureAwait(false);
                        throw;
                    }
                },
                stop.Token))
            .ToArray();
        try
        {
            var after = 0L;
            var done = upToOrdering <= 0;
            while (!done)
            {
                var page = new List<JournalRow>(Page);
                await foreach (var row in source.ReadAllAsync(after, Page, stop.Token).ConfigureAwait(false))
                {
                    if (row.Ordering > upToOrdering)
                    {
                        done = true;
                        break;
                    }

                    page.Add(row);
                    after = row.Ordering;
                    payloadBytes += row.Payload.Length;
                }

                done |= page.Count < Page || after >= upToOrdering;
                if (page.Count > 0)
                {
                    // Workers decode the page in place; the list keeps the pages in ordering order.
                    decoded.Add(page);
                    await pages.Writer.WriteAsync(page, stop.Token).ConfigureAwait(false);
                }
            }

            pages.Writer.Complete();
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch
        {
            pages.Writer.TryComplete();
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(workers).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            if (!cancellationToken.IsCancellationRequested && workers.FirstOrDefault(w => w.IsFaulted)?.Exception?.InnerException is { } failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }

        var rows = new JournalRow[decoded.Sum(p => p.Count)];
        var at = 0;
        foreach (var page in decoded)
        {
            page.CopyTo(rows, at);
            at += page.Count;
        }

        return (rows, payloadBytes);
    }

    private static async Task DecodeAsync(ChannelReader<List<JournalRow>> pages, EventRegistry registry, CancellationToken cancellationToken)
    {
        await foreach (var rows in pages.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                try
                {
                    // The JSON is not kept once decoded: it would double what the replay holds, and the garbage collector
                    // copies every byte held for the whole replay.
                    rows[i] = row with { Event = registry.Deserialize(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span), Payload = ReadOnlyMemory<byte>.Empty };
                }
#pragma warning disable CA1031 // Whatever decoding throws (a bad manifest, bad JSON, a value a domain type refuses) is thrown again when the row is read.
                catch (Exception)
#pragma warning restore CA1031
                {
                    // Left for the reader: it fails on this row exactly where it would have failed reading the source. A
                    // worker that stopped here would also leave the scan waiting on a full channel.
                }
            }
        }
    }
}
