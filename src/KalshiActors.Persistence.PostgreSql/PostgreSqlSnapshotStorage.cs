using KalshiActors.Persistence.Snapshots;
using Npgsql;

namespace KalshiActors.Persistence.PostgreSql;

/// <summary>Snapshots in the journal's PostgreSQL schema (table `snapshot`).</summary>
public sealed class PostgreSqlSnapshotStorage : ISnapshotStorage
{
    private readonly PostgreSqlDatabase _database;

    private PostgreSqlSnapshotStorage(PostgreSqlDatabase database) => _database = database;

    /// <summary>Connects to the database, creating and migrating the schema when needed.</summary>
    public static async Task<PostgreSqlSnapshotStorage> OpenAsync(string connectionString, PersistenceSettings settings, CancellationToken cancellationToken = default) =>
        new(await PostgreSqlDatabase.OpenAsync(connectionString, settings, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task SaveAsync(SnapshotRow row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Execute(
            $"saving the snapshot of '{row.Metadata.PersistenceId}' at {row.Metadata.SequenceNr}",
            $"INSERT INTO {_database.Schema}.snapshot (persistence_id, sequence_nr, timestamp, manifest, payload) VALUES (@id, @seq, @ts, @manifest, @payload) " +
            "ON CONFLICT (persistence_id, sequence_nr) DO UPDATE SET timestamp = EXCLUDED.timestamp, manifest = EXCLUDED.manifest, payload = EXCLUDED.payload",
            c =>
            {
                c.Parameters.AddWithValue("id", row.Metadata.PersistenceId);
                c.Parameters.AddWithValue("seq", row.Metadata.SequenceNr);
                c.Parameters.AddWithValue("ts", row.Metadata.Timestamp);
                c.Parameters.AddWithValue("manifest", row.Manifest);
                c.Parameters.AddWithValue("payload", row.Payload.ToArray());
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async Task<SnapshotRow?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        try
        {
            await using var command = _database.DataSource.CreateCommand(
                $"SELECT sequence_nr, timestamp, manifest, payload FROM {_database.Schema}.snapshot WHERE persistence_id = @id " +
                "AND sequence_nr BETWEEN @minSeq AND @maxSeq AND timestamp BETWEEN @minTs AND @maxTs ORDER BY sequence_nr DESC LIMIT 1");
            Bind(command, persistenceId, criteria);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new SnapshotRow(new SnapshotMetadata(persistenceId, reader.GetInt64(0), reader.GetInt64(1)), reader.GetString(2), reader.GetFieldValue<byte[]>(3))
                : null;
        }
        catch (NpgsqlException ex)
        {
            throw _database.Fail($"loading a snapshot of '{persistenceId}'", ex);
        }
    }

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, long sequenceNr, CancellationToken cancellationToken) =>
        Execute(
            $"deleting the snapshot of '{persistenceId}' at {sequenceNr}",
            $"DELETE FROM {_database.Schema}.snapshot WHERE persistence_id = @id AND sequence_nr = @seq",
            c =>
            {
                c.Parameters.AddWithValue("id", persistenceId);
                c.Parameters.AddWithValue("seq", sequenceNr);
            },
            cancellationToken);

    /// <inheritdoc />
    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        return Execute(
            $"deleting snapshots of '{persistenceId}'",
            $"DELETE FROM {_database.Schema}.snapshot WHERE persistence_id = @id AND sequence_nr BETWEEN @minSeq AND @maxSeq AND timestamp BETWEEN @minTs AND @maxTs",
            c => Bind(c, persistenceId, criteria),
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private static void Bind(NpgsqlCommand command, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        command.Parameters.AddWithValue("id", persistenceId);
        command.Parameters.AddWithValue("minSeq", criteria.MinSequenceNr);
        command.Parameters.AddWithValue("maxSeq", criteria.MaxSequenceNr);
        command.Parameters.AddWithValue("minTs", criteria.MinTimestamp);
        command.Parameters.AddWithValue("maxTs", criteria.MaxTimestamp);
    }

    private async Task Execute(string operation, string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _database.DataSource.CreateCommand(sql);
            bind(command);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw _database.Fail(operation, ex);
        }
    }
}
