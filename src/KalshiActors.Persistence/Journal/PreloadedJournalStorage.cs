using System.Runtime.CompilerServices;
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
    // Orderings per chunk a load worker reads at a time: large enough that a query's setup is noise, small enough that the
    // workers finish together.
    private const long ChunkOrderings = 65_536;

    private readonly IJournalStorage _source;
    private readonly JournalRow[] _rows;
    private readonly long[] _orderings;
    private readonly Dictionary<string, int[]> _byPersistenceId;
    private readonly Dictionary<string, int[]> _byTag;
    private readonly long _payloadBytes;

    private readonly Dictionary<string, long> _byManifest;

    private PreloadedJournalStorage(IJournalStorage source, long upToOrdering, LoadedChunk[] chunks)
    {
        _source = source;
        UpToOrdering = upToOrdering;
        _rows = new JournalRow[chunks.Sum(c => c.Rows.Count)];
        _orderings = new long[_rows.Length];

        // The chunks come in ordering order, each indexed by the worker that read it: the indexes join chunk after chunk.
        var at = 0;
        foreach (var chunk in chunks)
        {
            chunk.Rows.CopyTo(_rows, at);
            for (var i = 0; i < chunk.Rows.Count; i++)
            {
                _orderings[at + i] = chunk.Rows[i].Ordering;
            }

            chunk.Start = at;
            at += chunk.Rows.Count;
            _payloadBytes += chunk.PayloadBytes;
        }

        _byPersistenceId = Join(chunks, c => c.ById);
        _byTag = Join(chunks, c => c.ByTag);
        _byManifest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (manifest, count) in chunks.SelectMany(c => c.ByManifest))
        {
            _byManifest[manifest] = _byManifest.GetValueOrDefault(manifest) + count;
        }

        static Dictionary<string, int[]> Join(LoadedChunk[] chunks, Func<LoadedChunk, Dictionary<string, List<int>>> index)
        {
            var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (key, positions) in chunks.SelectMany(index))
            {
                sizes[key] = sizes.GetValueOrDefault(key) + positions.Count;
            }

            var joined = sizes.ToDictionary(p => p.Key, p => new int[p.Value], StringComparer.Ordinal);
            var filled = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var chunk in chunks)
            {
                foreach (var (key, positions) in index(chunk))
                {
                    var target = joined[key];
                    var offset = filled.GetValueOrDefault(key);
                    for (var i = 0; i < positions.Count; i++)
                    {
                        target[offset + i] = chunk.Start + positions[i];
                    }

                    filled[key] = offset + positions.Count;
                }
            }

            return joined;
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
    public static Task<PreloadedJournalStorage> LoadAsync(
        IJournalStorage source, long upToOrdering, EventRegistry registry, CancellationToken cancellationToken = default) =>
        LoadAsync(source, upToOrdering, registry, ChunkOrderings, cancellationToken);

    /// <summary>As the public overload, reading <paramref name="chunkOrderings"/> orderings at a time (tests cut small journals into chunks).</summary>
    internal static async Task<PreloadedJournalStorage> LoadAsync(
        IJournalStorage source, long upToOrdering, EventRegistry registry, long chunkOrderings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkOrderings);
        var chunks = await LoadChunksAsync(source, upToOrdering, registry, chunkOrderings, cancellationToken).ConfigureAwait(false);
        return new PreloadedJournalStorage(source, upToOrdering, chunks);
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
    public int ReadLoadedEvents(string persistenceId, long fromSequenceNr, long toSequenceNr, Span<JournalRow> into)
    {
        if (!_byPersistenceId.TryGetValue(persistenceId, out var positions))
        {
            return 0;
        }

        var count = 0;
        for (var i = LowerBound(positions, fromSequenceNr); i < positions.Length && count < into.Length; i++)
        {
            var row = _rows[positions[i]];
            if (row.SequenceNr > toSequenceNr)
            {
                break;
            }

            into[count++] = row;
        }

        return count;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        ReadPositions(_byTag.TryGetValue(tag, out var positions) ? positions : [], afterOrdering, max, cancellationToken);

    /// <inheritdoc />
    public int ReadLoadedTagged(string tag, long afterOrdering, Span<JournalRow> into)
    {
        var positions = _byTag.TryGetValue(tag, out var tagged) ? tagged : [];
        var first = FirstAfter(positions, afterOrdering);
        var count = Math.Min(into.Length, positions.Length - first);
        for (var i = 0; i < count; i++)
        {
            into[i] = _rows[positions[first + i]];
        }

        return count;
    }

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
        var byManifest = new Dictionary<string, long>(_byManifest, StringComparer.Ordinal);
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

    // The index (in positions, or in all rows when null) of the first row with ordering > afterOrdering.
    private int FirstAfter(int[]? positions, long afterOrdering)
    {
        int low = 0, high = positions?.Length ?? _rows.Length;
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

        return low;
    }

    // The rows (all, or at the given positions) with ordering > afterOrdering, at most max.
    private async IAsyncEnumerable<JournalRow> ReadPositions(
        int[]? positions, long afterOrdering, int max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var count = positions?.Length ?? _rows.Length;
        var low = FirstAfter(positions, afterOrdering);
        var end = (int)Math.Min(count, (long)low + Math.Max(max, 0));
        for (var i = low; i < end; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return _rows[positions is null ? i : positions[i]];
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // The range is cut into chunks of orderings; workers (one per core) each read a chunk at a time on their own
    // connection, decoding every payload straight from the store's buffer, and the chunks are put back in order.
    private static async Task<LoadedChunk[]> LoadChunksAsync(
        IJournalStorage source, long upToOrdering, EventRegistry registry, long chunkOrderings, CancellationToken cancellationToken)
    {
        if (upToOrdering <= 0)
        {
            return [];
        }

        var chunks = new LoadedChunk[(int)((upToOrdering + chunkOrderings - 1) / chunkOrderings)];
        var next = -1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, Math.Clamp(Environment.ProcessorCount, 1, chunks.Length))
            .Select(_ => Task.Run(
                async () =>
                {
                    try
                    {
                        int chunk;
                        while ((chunk = Interlocked.Increment(ref next)) < chunks.Length)
                        {
                            chunks[chunk] = await ReadChunkAsync(source, chunk * chunkOrderings, Math.Min(upToOrdering, (chunk + 1) * chunkOrderings), registry, stop.Token)
                                .ConfigureAwait(false);
                        }
                    }
                    catch
                    {
                        // The other workers need not read on for a load that has failed.
                        await stop.CancelAsync().ConfigureAwait(false);
                        throw;
                    }
                },
                stop.Token))
            .ToArray();
        try
        {
            await Task.WhenAll(workers).ConfigureAwait(false);
        }
        catch when (!cancellationToken.IsCancellationRequested && workers.FirstOrDefault(w => w.IsFaulted && w.Exception?.InnerException is not OperationCanceledException) is { } failed)
        {
            // The first real failure, not the cancellations it caused in the other workers.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.Exception!.InnerException!);
        }

        return chunks;
    }

    private static async Task<LoadedChunk> ReadChunkAsync(
        IJournalStorage source, long afterOrdering, long upToOrdering, EventRegistry registry, CancellationToken cancellationToken)
    {
        var rows = new List<JournalRow>((int)(upToOrdering - afterOrdering));
        var payloadBytes = 0L;
        object? Decode(string persistenceId, long sequenceNr, string manifest, ReadOnlySpan<byte> payload)
        {
            payloadBytes += payload.Length;
            try
            {
                return registry.Deserialize(persistenceId, sequenceNr, manifest, payload);
            }
#pragma warning disable CA1031 // Whatever decoding throws (a bad manifest, bad JSON, a value a domain type refuses) is thrown again when the row is read.
            catch (Exception)
#pragma warning restore CA1031
            {
                // Left for the reader: the row keeps its payload and fails exactly where it would have failed reading the source.
                return null;
            }
        }

        // The JSON of a decoded row is not kept: it would double what the replay holds, and the garbage collector copies
        // every byte held for the whole replay.
        await foreach (var row in source.ReadAllDecodedAsync(afterOrdering, upToOrdering, Decode, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return new LoadedChunk(rows, payloadBytes);
    }

    /// <summary>
    /// The rows of one chunk as a load worker read them, with their positions (within the chunk) per persistence id and per
    /// tag and their count per manifest: the worker indexes its chunk, so the indexing runs on every core beside the reads.
    /// </summary>
    private sealed class LoadedChunk
    {
        public LoadedChunk(List<JournalRow> rows, long payloadBytes)
        {
            Rows = rows;
            PayloadBytes = payloadBytes;

            // Rows share their id, manifest strings and tag arrays (the stores reuse them): each instance is looked up by
            // reference, and its text hashed only the first time that instance is met.
            var idsByInstance = new Dictionary<string, List<int>>(ReferenceEqualityComparer.Instance);
            var tagsByInstance = new Dictionary<IReadOnlyList<string>, List<int>[]>(ReferenceEqualityComparer.Instance);
            var manifestsByInstance = new Dictionary<string, long>(ReferenceEqualityComparer.Instance);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(manifestsByInstance, row.Manifest, out _)++;
                if (!idsByInstance.TryGetValue(row.PersistenceId, out var idPositions))
                {
                    idsByInstance[row.PersistenceId] = idPositions = Positions(ById, row.PersistenceId);
                }

                Add(idPositions, i);
                if (row.Tags.Count == 0)
                {
                    continue;
                }

                if (!tagsByInstance.TryGetValue(row.Tags, out var tagPositions))
                {
                    tagsByInstance[row.Tags] = tagPositions = [.. row.Tags.Select(tag => Positions(ByTag, tag))];
                }

                foreach (var positions in tagPositions)
                {
                    Add(positions, i);
                }
            }

            foreach (var (manifest, count) in manifestsByInstance)
            {
                ByManifest[manifest] = ByManifest.GetValueOrDefault(manifest) + count;
            }

            static List<int> Positions(Dictionary<string, List<int>> index, string key)
            {
                if (!index.TryGetValue(key, out var positions))
                {
                    index[key] = positions = [];
                }

                return positions;
            }

            static void Add(List<int> positions, int position)
            {
                // A row tagged twice with the same tag is still one row of that tag.
                if (positions.Count == 0 || positions[^1] != position)
                {
                    positions.Add(position);
                }
            }
        }

        public List<JournalRow> Rows { get; }

        public long PayloadBytes { get; }

        /// <summary>Positions within the chunk per persistence id, ascending.</summary>
        public Dictionary<string, List<int>> ById { get; } = new(StringComparer.Ordinal);

        /// <summary>Positions within the chunk per tag, ascending.</summary>
        public Dictionary<string, List<int>> ByTag { get; } = new(StringComparer.Ordinal);

        /// <summary>Rows per manifest.</summary>
        public Dictionary<string, long> ByManifest { get; } = new(StringComparer.Ordinal);

        /// <summary>The position of the chunk's first row among all loaded rows (set when the chunks are joined).</summary>
        public int Start { get; set; }
    }
}
