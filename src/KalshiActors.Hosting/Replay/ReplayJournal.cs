using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Persistence.Sqlite;

namespace KalshiActors.Hosting.Replay;

/// <summary>The journal a replay, audit or explanation reads: opened for reading only, with every module's manifests.</summary>
public static class ReplayJournal
{
    /// <summary>A registry of every manifest the node writes (all modules and Hosting).</summary>
    public static EventRegistry CreateRegistry()
    {
        var registry = new EventRegistry();
        NodeModules.RegisterEvents(registry);
        return registry;
    }

    /// <summary>Opens the journal at <paramref name="uri"/>; a SQLite file that does not exist is an error, never created.</summary>
    /// <exception cref="ReplayException">The URI is malformed or names no journal.</exception>
    public static async Task<IJournalStorage> OpenAsync(string uri, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        JournalUri parsed;
        try
        {
            parsed = JournalUri.Parse(uri);
        }
        catch (FormatException ex)
        {
            throw new ReplayException(ex.Message);
        }

        if (parsed.Kind == JournalKind.Sqlite && !File.Exists(parsed.Target))
        {
            throw new ReplayException($"{parsed.Target}: no journal file there; check --journal (sqlite:PATH)");
        }

        if (parsed.Kind == JournalKind.Memory)
        {
            throw new ReplayException("memory: journals live only inside the process that wrote them; replay a sqlite:PATH or postgres: journal");
        }

        return parsed.Kind == JournalKind.Sqlite
            ? SqliteJournalStorage.OpenForReading(parsed.Target, new PersistenceSettings())
            : await JournalStorages.OpenJournalAsync(uri, new PersistenceSettings(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Where a replay stops: <paramref name="untilOrdering"/> exactly, the last event written at or before
    /// <paramref name="untilTime"/>, or the journal's end; with the time of that event (the replay's virtual clock).
    /// </summary>
    /// <exception cref="ReplayException">The ordering is negative or past the journal's end.</exception>
    public static async Task<JournalBound> ResolveBoundAsync(IJournalStorage storage, long? untilOrdering, DateTimeOffset? untilTime, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        long ordering;
        if (untilOrdering is { } n)
        {
            if (n < 0)
            {
                throw new ReplayException($"--until-ordering {n}: orderings start at 1 (0 = before the first event)");
            }

            if (n > 0 && await RowAtOrAfterAsync(storage, n, cancellationToken).ConfigureAwait(false) is null)
            {
                var highest = await storage.ReadHighestOrderingAsync(cancellationToken).ConfigureAwait(false);
                throw new ReplayException($"--until-ordering {n} is past the end of the journal ({storage.Description} ends at ordering {highest})");
            }

            ordering = n;
        }
        else if (untilTime is { } time)
        {
            ordering = await JournalAsOfStorage.FindOrderingAtAsync(storage, time, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            ordering = await storage.ReadHighestOrderingAsync(cancellationToken).ConfigureAwait(false);
        }

        var at = ordering == 0
            ? untilTime
            : await RowAtOrBeforeTimestampAsync(storage, ordering, cancellationToken).ConfigureAwait(false);
        return new JournalBound(ordering, at);
    }

    private static async Task<JournalRow?> RowAtOrAfterAsync(IJournalStorage storage, long ordering, CancellationToken cancellationToken)
    {
        await foreach (var row in storage.ReadAllAsync(ordering - 1, 1, cancellationToken).ConfigureAwait(false))
        {
            return row;
        }

        return null;
    }

    // The timestamp of the row at the bound (the last one before it when that row was deleted).
    private static async Task<DateTimeOffset?> RowAtOrBeforeTimestampAsync(IJournalStorage storage, long ordering, CancellationToken cancellationToken)
    {
        var row = await RowAtOrAfterAsync(storage, ordering, cancellationToken).ConfigureAwait(false);
        return row is not null && row.Ordering == ordering ? DateTimeOffset.FromUnixTimeMilliseconds(row.Timestamp) : null;
    }
}

/// <summary>Where a replay stops.</summary>
/// <param name="Ordering">The last global ordering replayed (0 = none).</param>
/// <param name="At">When that event was written (the replay's clock), if known.</param>
public sealed record JournalBound(long Ordering, DateTimeOffset? At);
