using System.Runtime.CompilerServices;

namespace KalshiActors.Persistence.Journal;

/// <summary>A journal held in process memory: for tests, backtests and `memory:` URIs; lost when the process ends.</summary>
public sealed class InMemoryJournalStorage : IJournalStorage
{
    private readonly Lock _gate = new();

    // Rows in ordering order; deletion removes rows, so positions are found by binary search on Ordering.
    private readonly List<JournalRow> _all = [];

    // Per persistence id: its rows by sequence number (guards the uniqueness the databases enforce with a key).
    private readonly Dictionary<string, SortedList<long, JournalRow>> _byPersistenceId = new(StringComparer.Ordinal);

    // Highest sequence number ever written per id; survives deletion like the databases' kept rows.
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);

    // Per persistence id: the sequence number deletion reached; those numbers stay taken.
    private readonly Dictionary<string, long> _deletedTo = new(StringComparer.Ordinal);

    private long _ordering;

    /// <inheritdoc />
    public string Description => "memory:";

    /// <inheritdoc />
    public Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        lock (_gate)
        {
            var pending = new HashSet<(string, long)>();
            foreach (var row in rows)
            {
                var taken = (_byPersistenceId.TryGetValue(row.PersistenceId, out var existing) && existing.ContainsKey(row.SequenceNr)) ||
                            row.SequenceNr <= _deletedTo.GetValueOrDefault(row.PersistenceId);
                if (taken || !pending.Add((row.PersistenceId, row.SequenceNr)))
                {
                    throw new JournalConcurrencyException(row.PersistenceId, row.SequenceNr);
                }
            }

            foreach (var row in rows)
            {
                var stored = row with { Ordering = ++_ordering, Payload = row.Payload.ToArray() };
                _all.Add(stored);
                if (!_byPersistenceId.TryGetValue(row.PersistenceId, out var events))
                {
                    events = [];
                    _byPersistenceId[row.PersistenceId] = events;
                }

                events.Add(row.SequenceNr, stored);
                _highest[row.PersistenceId] = Math.Max(_highest.GetValueOrDefault(row.PersistenceId), row.SequenceNr);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<JournalRow> ReadEventsAsync(
        string persistenceId, long fromSequenceNr, long toSequenceNr, long max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<JournalRow> snapshot;
        lock (_gate)
        {
            snapshot = _byPersistenceId.TryGetValue(persistenceId, out var events)
                ? events.Values.Where(r => r.SequenceNr >= fromSequenceNr && r.SequenceNr <= toSequenceNr).Take((int)Math.Min(max, int.MaxValue)).ToList()
                : [];
        }

        foreach (var row in snapshot)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        ReadOrdered(afterOrdering, max, r => r.Tags.Contains(tag, StringComparer.Ordinal), cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken) =>
        ReadOrdered(afterOrdering, max, static _ => true, cancellationToken);

    /// <inheritdoc />
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_highest.GetValueOrDefault(persistenceId));
        }
    }

    /// <inheritdoc />
    public Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_byPersistenceId.TryGetValue(persistenceId, out var events))
            {
                _deletedTo[persistenceId] = Math.Max(_deletedTo.GetValueOrDefault(persistenceId), Math.Min(toSequenceNr, _highest.GetValueOrDefault(persistenceId)));
                var doomed = events.Keys.Where(k => k <= toSequenceNr).ToList();
                foreach (var sequenceNr in doomed)
                {
                    var row = events[sequenceNr];
                    events.Remove(sequenceNr);
                    _all.RemoveAt(IndexOfOrdering(row.Ordering));
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var byTag = _all.SelectMany(r => r.Tags).GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            var byManifest = _all.GroupBy(r => r.Manifest, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
            var byId = _byPersistenceId.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => (long)p.Value.Count, StringComparer.Ordinal);
            var size = _all.Sum(r => (long)r.Payload.Length);
            return Task.FromResult(new JournalStatistics(_all.Count, _ordering, size, byId, byTag, byManifest));
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async IAsyncEnumerable<JournalRow> ReadOrdered(
        long afterOrdering, int max, Func<JournalRow, bool> filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<JournalRow> page = [];
        lock (_gate)
        {
            var index = IndexOfOrdering(afterOrdering + 1);
            for (var i = index < 0 ? ~index : index; i < _all.Count && page.Count < max; i++)
            {
                if (filter(_all[i]))
                {
                    page.Add(_all[i]);
                }
            }
        }

        foreach (var row in page)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return row;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private int IndexOfOrdering(long ordering)
    {
        int low = 0, high = _all.Count - 1;
        while (low <= high)
        {
            var mid = low + ((high - low) / 2);
            var value = _all[mid].Ordering;
            if (value == ordering)
            {
                return mid;
            }

            if (value < ordering)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }
}
