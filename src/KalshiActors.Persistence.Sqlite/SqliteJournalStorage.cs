using System.Runtime.CompilerServices;
using KalshiActors.Persistence.Journal;
using Microsoft.Data.Sqlite;

namespace KalshiActors.Persistence.Sqlite;

/// <summary>The embedded default journal: one SQLite file in WAL mode; (persistence_id, sequence_nr) unique by key.</summary>
public sealed class SqliteJournalStorage : IJournalStorage
{
    private const int ConstraintViolation = 19;
    private const char TagSeparator = '\u001f';

    private readonly SqliteDatabase _database;

    // One write connection, used by one writer at a time: SQLite has a single writer anyway, and the prepared
    // statements on it stay compiled across batches.
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writer;
    private SqliteCommand? _insertEvent;
    private SqliteCommand? _insertTag;

    private SqliteJournalStorage(SqliteDatabase database) => _database = database;

    /// <inheritdoc />
    public string Description => "sqlite:" + _database.Path;

    /// <summary>Opens (creating and migrating when needed) the journal file at <paramref name="path"/>.</summary>
    public static SqliteJournalStorage Open(string path, PersistenceSettings settings) => new(SqliteDatabase.Open(path, settings));

    /// <summary>Closes idle pooled connections of every SQLite journal, so a file can be deleted or moved.</summary>
    public static void ReleasePooledConnections() => SqliteConnection.ClearAllPools();

    /// <inheritdoc />
    public async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return;
        }

        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WriteLocked(rows);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadEventsAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, CancellationToken cancellationToken) =>
        DriverExceptions.Guard(
            Query(
                "SELECT ordering, NULL, sequence_nr, manifest, payload, tags, timestamp, writer_id FROM event_journal " +
                "WHERE persistence_id = $id AND sequence_nr >= $from AND sequence_nr <= $to AND deleted = 0 ORDER BY sequence_nr LIMIT $max",
                c =>
                {
                    c.Parameters.AddWithValue("$id", persistenceId);
                    c.Parameters.AddWithValue("$from", fromSequenceNr);
                    c.Parameters.AddWithValue("$to", toSequenceNr);
                    c.Parameters.AddWithValue("$max", max);
                },
                persistenceId,
                cancellationToken),
            (SqliteException ex) => _database.Fail($"reading events of '{persistenceId}'", ex),
            cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadTaggedAsync(string tag, long afterOrdering, int max, CancellationToken cancellationToken) =>
        DriverExceptions.Guard(
            Query(
                "SELECT e.ordering, e.persistence_id, e.sequence_nr, e.manifest, e.payload, e.tags, e.timestamp, e.writer_id " +
                "FROM event_tag t JOIN event_journal e ON e.ordering = t.ordering " +
                "WHERE t.tag = $tag AND t.ordering > $after AND e.deleted = 0 ORDER BY t.ordering LIMIT $max",
                c =>
                {
                    c.Parameters.AddWithValue("$tag", tag);
                    c.Parameters.AddWithValue("$after", afterOrdering);
                    c.Parameters.AddWithValue("$max", max);
                },
                null,
                cancellationToken),
            (SqliteException ex) => _database.Fail($"reading events tagged '{tag}'", ex),
            cancellationToken);

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken) =>
        DriverExceptions.Guard(
            Query(
                "SELECT ordering, persistence_id, sequence_nr, manifest, payload, tags, timestamp, writer_id FROM event_journal " +
                "WHERE ordering > $after AND deleted = 0 ORDER BY ordering LIMIT $max",
                c =>
                {
                    c.Parameters.AddWithValue("$after", afterOrdering);
                    c.Parameters.AddWithValue("$max", max);
                },
                null,
                cancellationToken),
            (SqliteException ex) => _database.Fail("reading all events", ex),
            cancellationToken);

    /// <inheritdoc />
    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, CancellationToken cancellationToken)
    {
        try
        {
            using var connection = _database.OpenConnection();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COALESCE(MAX(sequence_nr), 0) FROM event_journal WHERE persistence_id = $id";
            command.Parameters.AddWithValue("$id", persistenceId);
            return Task.FromResult((long)command.ExecuteScalar()!);
        }
        catch (SqliteException ex)
        {
            throw _database.Fail($"reading the highest sequence number of '{persistenceId}'", ex);
        }
    }

    /// <inheritdoc />
    public async Task DeleteToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var writer = Writer();
            using var transaction = writer.BeginTransaction(deferred: false);
            using var command = writer.CreateCommand();
            command.Transaction = transaction;

            // The highest row stays (flagged deleted) so the highest sequence number, and with it the uniqueness of the
            // next write, survives deleting everything.
            command.CommandText =
                "DELETE FROM event_tag WHERE ordering IN (SELECT ordering FROM event_journal WHERE persistence_id = $id AND sequence_nr <= $to);" +
                "UPDATE event_journal SET deleted = 1 WHERE persistence_id = $id AND sequence_nr <= $to;" +
                "DELETE FROM event_journal WHERE persistence_id = $id AND sequence_nr <= $to " +
                "AND sequence_nr < (SELECT MAX(sequence_nr) FROM event_journal WHERE persistence_id = $id);";
            command.Parameters.AddWithValue("$id", persistenceId);
            command.Parameters.AddWithValue("$to", toSequenceNr);
            command.ExecuteNonQuery();
            transaction.Commit();
        }
        catch (SqliteException ex)
        {
            throw _database.Fail($"deleting events of '{persistenceId}' up to {toSequenceNr}", ex);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <inheritdoc />
    public Task<JournalStatistics> ReadStatisticsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var connection = _database.OpenConnection();
            var count = Scalar(connection, "SELECT COUNT(*) FROM event_journal WHERE deleted = 0");
            var highest = Scalar(connection, "SELECT COALESCE(MAX(ordering), 0) FROM event_journal");
            var size = Scalar(connection, "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
            var wal = new FileInfo(_database.Path + "-wal");
            return Task.FromResult(new JournalStatistics(
                count,
                highest,
                size + (wal.Exists ? wal.Length : 0),
                Counts(connection, "SELECT persistence_id, COUNT(*) FROM event_journal WHERE deleted = 0 GROUP BY persistence_id"),
                Counts(connection, "SELECT tag, COUNT(*) FROM event_tag GROUP BY tag"),
                Counts(connection, "SELECT manifest, COUNT(*) FROM event_journal WHERE deleted = 0 GROUP BY manifest")));
        }
        catch (SqliteException ex)
        {
            throw _database.Fail("reading statistics", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _writeGate.WaitAsync().ConfigureAwait(false);
        try
        {
            _insertEvent?.Dispose();
            _insertTag?.Dispose();
            if (_writer is not null)
            {
                await _writer.DisposeAsync().ConfigureAwait(false);
            }

            _writer = null;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void WriteLocked(IReadOnlyList<JournalRow> rows)
    {
        SqliteTransaction? transaction = null;
        try
        {
            var writer = Writer();
            transaction = writer.BeginTransaction(deferred: false);
            var insertEvent = _insertEvent!;
            var insertTag = _insertTag!;
            insertEvent.Transaction = transaction;
            insertTag.Transaction = transaction;
            var p = insertEvent.Parameters;
            foreach (var row in rows)
            {
                p[0].Value = row.PersistenceId;
                p[1].Value = row.SequenceNr;
                p[2].Value = row.Manifest;
                p[3].Value = AsArray(row.Payload);
                p[4].Value = row.Tags.Count == 0 ? string.Empty : string.Join(TagSeparator, row.Tags);
                p[5].Value = row.Timestamp;
                p[6].Value = row.WriterId;
                if (row.Tags.Count == 0)
                {
                    insertEvent.ExecuteNonQuery();
                    continue;
                }

                var ordering = (long)insertEvent.ExecuteScalar()!;
                foreach (var tag in row.Tags.Distinct(StringComparer.Ordinal))
                {
                    insertTag.Parameters[0].Value = tag;
                    insertTag.Parameters[1].Value = ordering;
                    insertTag.ExecuteNonQuery();
                }
            }

            transaction.Commit();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == ConstraintViolation)
        {
            Rollback(transaction);
            throw new JournalConcurrencyException(rows[0].PersistenceId, rows[0].SequenceNr);
        }
        catch (SqliteException ex)
        {
            Rollback(transaction);
            throw _database.Fail($"writing {rows.Count} events", ex);
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    // The serializer hands over whole arrays; copying only happens for a slice.
    private static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private static void Rollback(SqliteTransaction? transaction)
    {
        try
        {
            transaction?.Rollback();
        }
        catch (SqliteException)
        {
            // SQLite already rolled back on the error (e.g. I/O failure); the original error is the one to report.
        }
        catch (InvalidOperationException)
        {
            // The transaction had already completed.
        }
    }

    private SqliteConnection Writer()
    {
        if (_writer is not null)
        {
            return _writer;
        }

        _writer = _database.OpenConnection();
        _insertEvent = _writer.CreateCommand();
        _insertEvent.CommandText =
            "INSERT INTO event_journal (persistence_id, sequence_nr, manifest, payload, tags, timestamp, writer_id) " +
            "VALUES ($id, $seq, $manifest, $payload, $tags, $ts, $writer) RETURNING ordering";
        foreach (var name in new[] { "$id", "$seq", "$manifest", "$payload", "$tags", "$ts", "$writer" })
        {
            _insertEvent.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        _insertTag = _writer.CreateCommand();
        _insertTag.CommandText = "INSERT INTO event_tag (tag, ordering) VALUES ($tag, $ordering)";
        _insertTag.Parameters.Add(new SqliteParameter { ParameterName = "$tag" });
        _insertTag.Parameters.Add(new SqliteParameter { ParameterName = "$ordering" });
        return _writer;
    }

    // knownPersistenceId: replays of one id skip reading (and allocating) the id for every row.
    private async IAsyncEnumerable<JournalRow> Query(
        string sql, Action<SqliteCommand> bind, string? knownPersistenceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var connection = _database.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var tags = reader.GetString(5);
            yield return new JournalRow(
                reader.GetInt64(0),
                knownPersistenceId ?? reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetFieldValue<byte[]>(4),
                tags.Length == 0 ? [] : tags.Split(TagSeparator),
                reader.GetInt64(6),
                reader.GetString(7));
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, long> Counts(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }
}
