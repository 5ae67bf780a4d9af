using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.PostgreSql;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Sqlite;

namespace KalshiActors.Hosting.Persistence;

/// <summary>Opens the journal and snapshot backends a journal URI names (`sqlite:PATH`, `postgres:CONNECTION-STRING`, `memory:`).</summary>
public static class JournalStorages
{
    /// <summary>Opens (creating and migrating when needed) the journal storage at <paramref name="uri"/>.</summary>
    public static async Task<IJournalStorage> OpenJournalAsync(string uri, PersistenceSettings settings, CancellationToken cancellationToken = default)
    {
        var parsed = JournalUri.Parse(uri);
        return parsed.Kind switch
        {
            JournalKind.Memory => new InMemoryJournalStorage(),
            JournalKind.Sqlite => SqliteJournalStorage.Open(parsed.Target, settings),
            _ => await PostgreSqlJournalStorage.OpenAsync(parsed.Target, settings, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Opens the snapshot storage beside the journal at <paramref name="uri"/> (same file or schema).</summary>
    public static async Task<ISnapshotStorage> OpenSnapshotsAsync(string uri, PersistenceSettings settings, CancellationToken cancellationToken = default)
    {
        var parsed = JournalUri.Parse(uri);
        return parsed.Kind switch
        {
            JournalKind.Memory => new InMemorySnapshotStorage(),
            JournalKind.Sqlite => SqliteSnapshotStorage.Open(parsed.Target, settings),
            _ => await PostgreSqlSnapshotStorage.OpenAsync(parsed.Target, settings, cancellationToken).ConfigureAwait(false),
        };
    }
}
