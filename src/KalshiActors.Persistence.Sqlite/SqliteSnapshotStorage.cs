using KalshiActors.Persistence.Snapshots;
using Microsoft.Data.Sqlite;

namespace KalshiActors.Persistence.Sqlite;

/// <summary>Snapshots in the same SQLite file as the journal (table `snapshot`).</summary>
public sealed class SqliteSnapshotStorage : ISnapshotStorage
{
    private readonly SqliteDatabase _database;

    private SqliteSnapshotStorage(SqliteDatabase database) => _database = database;

    /// <summary>Opens (creating and migrating when needed) the file at <paramref name="path"/>.</summary>
    public static SqliteSnapshotStorage Open(string path, PersistenceSettings settings) => new(SqliteDatabase.Open(path, settings, checkIntegrity: true));

    /// <inheritdoc />
    public Task SaveAsync(SnapshotRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Execute(
            $"saving the snapshot of '{row.Metadata.PersistenceId}' at {row.Metadata.SequenceNr}",
            "INSERT OR REPLACE INTO snapshot (persistence_id, sequence_nr, timestamp, manifest, payload) VALUES ($id, $seq, $ts, $manifest, $payload)",
            c =>
            {
                c.Parameters.AddWithValue("$id", row.Metadata.PersistenceId);
                c.Parameters.AddWithValue("$seq", row.Metadata.SequenceNr);
                c.Parameters.AddWithValue("$ts", row.Metadata.Timestamp);
                c.Parameters.AddWithValue("$manifest", row.Manifest);
                c.Parameters.AddWithValue("$payload", row.Payload.ToArray());
            });
    }

    /// <inheritdoc />
    public Task<SnapshotRow?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        try
        {
            using var connection = _database.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText =
                "SELECT sequence_nr, timestamp, manifest, payload FROM snapshot WHERE persistence_id = $id " +
                "AND sequence_nr BETWEEN $minSeq AND $maxSeq AND timestamp BETWEEN $minTs AND $maxTs ORDER BY sequence_nr DESC LIMIT 1";
            Bind(command, persistenceId, criteria);
            using var reader = command.ExecuteReader();
            return Task.FromResult(reader.Read()
                ? new SnapshotRow(new SnapshotMetadata(persistenceId, reader.GetInt64(0), reader.GetInt64(1)), reader.GetString(2), reader.GetFieldValue<byte[]>(3))
                : null);
        }
        catch (SqliteException ex)
        {
            throw _database.Fail($"loading a snapshot of '{persistenceId}'", ex);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, long sequenceNr, CancellationToken cancellationToken) =>
        Execute(
            $"deleting the snapshot of '{persistenceId}' at {sequenceNr}",
            "DELETE FROM snapshot WHERE persistence_id = $id AND sequence_nr = $seq",
            c =>
            {
                c.Parameters.AddWithValue("$id", persistenceId);
                c.Parameters.AddWithValue("$seq", sequenceNr);
            });

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        return Execute(
            $"deleting snapshots of '{persistenceId}'",
            "DELETE FROM snapshot WHERE persistence_id = $id AND sequence_nr BETWEEN $minSeq AND $maxSeq AND timestamp BETWEEN $minTs AND $maxTs",
            c => Bind(c, persistenceId, criteria));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static void Bind(SqliteCommand command, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        command.Parameters.AddWithValue("$id", persistenceId);
        command.Parameters.AddWithValue("$minSeq", criteria.MinSequenceNr);
        command.Parameters.AddWithValue("$maxSeq", criteria.MaxSequenceNr);
        command.Parameters.AddWithValue("$minTs", criteria.MinTimestamp);
        command.Parameters.AddWithValue("$maxTs", criteria.MaxTimestamp);
    }

    private Task Execute(string operation, string sql, Action<SqliteCommand> bind)
    {
        try
        {
            using var connection = _database.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            bind(command);
            command.ExecuteNonQuery();
            return Task.CompletedTask;
        }
        catch (SqliteException ex)
        {
            throw _database.Fail(operation, ex);
        }
    }
}
