using System.Runtime.CompilerServices;
using KalshiActors.Persistence.Journal;
using Npgsql;
using NpgsqlTypes;

namespace KalshiActors.Persistence.PostgreSql;

/// <summary>The cluster journal on PostgreSQL: one multi-row insert per batch; (persistence_id, sequence_nr) unique by key.</summary>
public sealed class PostgreSqlJournalStorage : IJournalStorage
{
    private const string UniqueViolation = "23505";
    private const string TagSeparator = "\u001f";

    private readonly PostgreSqlDatabase _database;
    private readonly string _insertSql;
    private readonly string _columns = "ordering, persistence_id, sequence_nr, manifest, payload, tags, timestamp, writer_id";

    private PostgreSqlJournalStorage(PostgreSqlDatabase database)
    {
        _database = database;
        var s = database.Schema;

        // One statement stores the whole batch: rows from parallel arrays, then their tags from the returned orderings.
        _insertSql =
            $"WITH inserted AS (INSERT INTO {s}.event_journal (persistence_id, sequence_nr, manifest, payload, tags, timestamp, writer_id) " +
            "SELECT r.id, r.seq, r.manifest, r.payload, CASE WHEN r.tags = '' THEN '{}'::text[] ELSE string_to_array(r.tags, chr(31)) END, r.ts, r.writer " +
            "FROM unnest(@ids, @seqs, @manifests, @payloads, @tags, @timestamps, @writers) AS r(id, seq, manifest, payload, tags, ts, writer) " +
            "RETURNING ordering, tags) " +
            $"INSERT INTO {s}.event_tag (tag, ordering) SELECT DISTINCT t.tag, i.ordering FROM inserted i, unnest(i.tags) AS t(tag)";
    }

    /// <inheritdoc />
    public string Description => _database.Description;

    /// <summary>Connects to the database, creating and migrating the journal schema when needed.</summary>
    public static async Task<PostgreSqlJournalStorage> OpenAsync(string connectionString, PersistenceSettings settings, CancellationToken cancellationToken = default) =>
        new(await PostgreSqlDatabase.OpenAsync(connectionString, settings, cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        var ids = new string[rows.Count];
        var seqs = new long[rows.Count];
        var manifests = new string[rows.Count];
        var payloads = new byte[rows.Count][];
        var tags = new string[rows.Count];
        var timestamps = new long[rows.Count];
        var writers = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            ids[i] = row.PersistenceId;
            seqs[i] = row.SequenceNr;
            manifests[i] = row.Manifest;
            payloads[i] = AsArray(row.Payload);
            tags[i] = string.Join(TagSeparator, row.Tags);
            timestamps[i] = row.Timestamp;
            writers[i] = row.WriterId;
        }

        try
        {
            // No explicit BEGIN/COMMIT: a batch without a transaction runs as one implicit transaction (all or nothing),
            // which saves two round trips per journal write.
            await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var batch = new NpgsqlBatch(connection);
            var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(@key)");
            lockCommand.Parameters.AddWithValue("key", _database.WriteLockKey);
            var insert = new NpgsqlBatchCommand(_insertSql);
            insert.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
            insert.Parameters.AddWithValue("seqs", NpgsqlDbType.Array | NpgsqlDbType.Bigint, seqs);
            insert.Parameters.AddWithValue("manifests", NpgsqlDbType.Array | NpgsqlDbType.Text, manifests);
            insert.Parameters.AddWithValue("payloads", NpgsqlDbType.Array | NpgsqlDbType.Bytea, payloads);
            insert.Parameters.AddWithValue("tags", NpgsqlDbType.Array | NpgsqlDbType.Text, tags);
            insert.Parameters.AddWithValue("timestamps", NpgsqlDbType.Array | NpgsqlDbType.Bigint, timestamps);
            insert.Parameters.AddWithValue("writers", NpgsqlDbType.Array | NpgsqlDbType.Text, writers);
            batch.BatchCommands.Add(lockCommand);
            batch.BatchCommands.Add(insert);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == UniqueViolation)
        {
            throw new JournalConcurrencyException(rows[0].PersistenceId, rows[0].SequenceNr);
        }
        catch (NpgsqlException ex)
        {
            throw _database.Fail($"writing {rows.Count} events", ex);
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadEventsAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken) =>
        DriverExceptions.Guard(
            Query(
                $"SELECT {_columns} FROM {_database.Schema}.event_journal WHERE persistence_id = @id AND sequence_nr >= @from AND sequence_nr <= @to " +
                "AND NOT deleted ORDER BY sequence_nr LIMIT @max",
                c =>
                {
                    c.Parameters.AddWithValue("id", persistenceId);
                    c.Parameters.AddWithValue("from", fromSequenceNr);
                    c.Parameters.AddWithValue("to", toSequenceNr);
                    c.Parameters.AddWithValue("max", max);
                },
                cancellationToken),
            (NpgsqlException ex) => _database.Fail($"reading events of '{persistenceId}'", ex),
            cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        DriverExceptions.Guard(
            Query(
                $"SELECT e.ordering, e.persistence_id, e.sequence_nr, e.manifest, e.payload, e.tags, e.timestamp, e.writer_id FROM {_database.Schema}.event_tag t " +
                $"JOIN {_database.Schema}.event_journal e ON e.ordering = t.ordering WHERE t.tag = @tag AND t.ordering > @after AND NOT e.deleted " +
                "ORDER BY t.ordering LIMIT @max",
                c =>
                {
                    c.Parameters.AddWithValue("tag", tag);
                    c.Parameters.AddWithValue("after", afterOrdering);
                    c.Parameters.AddWithValue("max", (long)max);
                },
                cancellationToken),
            (NpgsqlException ex) => _database.Fail($"reading events tagged '{tag}'", ex),
            cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken) =>
        DriverExceptions.Guard(
            Query(
                $"SELECT {_columns} FROM {_database.Schema}.event_journal WHERE ordering > @after AND NOT deleted ORDER BY ordering LIMIT @max",
                c =>
                {
                    c.Parameters.AddWithValue("after", afterOrdering);
                    c.Parameters.AddWithValue("max", (long)max);
                },
                cancellationToken),
            (NpgsqlException ex) => _database.Fail("reading all events", ex),
            cancellationToken);

    /// <inheritdoc />
    public async Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        try
        {
            await using var command = _database.DataSource.CreateCommand(
                $"SELECT COALESCE(MAX(sequence_nr), 0) FROM {_database.Schema}.event_journal WHERE persistence_id = @id");
            command.Parameters.AddWithValue("id", persistenceId);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }
        catch (NpgsqlException ex)
        {
            throw _database.Fail($"reading the highest sequence number of '{persistenceId}'", ex);
        }
    }

    /// <inheritdoc />
    public async Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        var s = _database.Schema;
        try
        {
            await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

            // The highest row stays (flagged deleted) so the highest sequence number survives deleting everything.
            await using (var command = new NpgsqlCommand(
                $"DELETE FROM {s}.event_tag WHERE ordering IN (SELECT ordering FROM {s}.event_journal WHERE persistence_id = @id AND sequence_nr <= @to);" +
                $"UPDATE {s}.event_journal SET deleted = TRUE WHERE persistence_id = @id AND sequence_nr <= @to;" +
                $"DELETE FROM {s}.event_journal WHERE persistence_id = @id AND sequence_nr <= @to " +
                $"AND sequence_nr < (SELECT MAX(sequence_nr) FROM {s}.event_journal WHERE persistence_id = @id);",
                connection,
                transaction))
            {
                command.Parameters.AddWithValue("id", persistenceId);
                command.Parameters.AddWithValue("to", toSequenceNr);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw _database.Fail($"deleting events of '{persistenceId}' up to {toSequenceNr}", ex);
        }
    }

    /// <inheritdoc />
    public async Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken)
    {
        var s = _database.Schema;
        try
        {
            await using var connection = await _database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            return new JournalStatistics(
                await Scalar(connection, $"SELECT COUNT(*) FROM {s}.event_journal WHERE NOT deleted", cancellationToken).ConfigureAwait(false),
                await Scalar(connection, $"SELECT COALESCE(MAX(ordering), 0) FROM {s}.event_journal", cancellationToken).ConfigureAwait(false),
                await Scalar(connection, $"SELECT pg_total_relation_size('{s}.event_journal') + pg_total_relation_size('{s}.event_tag')", cancellationToken).ConfigureAwait(false),
                await Counts(connection, $"SELECT persistence_id, COUNT(*) FROM {s}.event_journal WHERE NOT deleted GROUP BY persistence_id", cancellationToken).ConfigureAwait(false),
                await Counts(connection, $"SELECT tag, COUNT(*) FROM {s}.event_tag GROUP BY tag", cancellationToken).ConfigureAwait(false),
                await Counts(connection, $"SELECT manifest, COUNT(*) FROM {s}.event_journal WHERE NOT deleted GROUP BY manifest", cancellationToken).ConfigureAwait(false));
        }
        catch (NpgsqlException ex)
        {
            throw _database.Fail("reading statistics", ex);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    private async IAsyncEnumerable<JournalRow> Query(string sql, Action<NpgsqlCommand> bind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = _database.DataSource.CreateCommand(sql);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return new JournalRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetFieldValue<byte[]>(4),
                reader.GetFieldValue<string[]>(5),
                reader.GetInt64(6),
                reader.GetString(7));
        }
    }

    // The serializer hands over whole arrays; copying only happens for a slice.
    private static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private static async Task<long> Scalar(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<string, long>> Counts(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
