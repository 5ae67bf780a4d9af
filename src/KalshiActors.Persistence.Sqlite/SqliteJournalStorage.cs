using System.Runtime.CompilerServices;
using KalshiActors.Persistence.Journal;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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
    // Writes and replays go through SQLitePCL's prepared statements directly: ADO.NET parameters box every value and
    // its reader allocates per column, which was most of the cost per event.
    private SqliteConnection? _writer;
    private sqlite3_stmt? _insertEvent;
    private sqlite3_stmt? _insertTag;

    // Checkpoints the log on its own connection, so no commit waits for one.
    private readonly SqliteCheckpointer _checkpointer;

    private SqliteJournalStorage(SqliteDatabase database)
    {
        _database = database;
        _checkpointer = new SqliteCheckpointer(database);
    }

    /// <inheritdoc />
    public string Description => "sqlite:" + _database.Path;

    /// <summary>Opens (creating and migrating when needed) the journal file at <paramref name="path"/>.</summary>
    public static SqliteJournalStorage Open(string path, PersistenceSettings settings) => new(SqliteDatabase.Open(path, settings, checkIntegrity: true));

    /// <summary>
    /// Opens the journal file at <paramref name="path"/> for a replay or an audit, without the full integrity check: that
    /// check reads every page of the file (seconds for a large journal), while a replay reads the pages it needs anyway and
    /// SQLite reports a corrupt one it meets as an error.
    /// </summary>
    public static SqliteJournalStorage OpenForReading(string path, PersistenceSettings settings) => new(SqliteDatabase.Open(path, settings, checkIntegrity: false));

    /// <summary>Completes when no checkpoint of the log is running; returns how many have completed so far.</summary>
    internal async Task<int> WhenCheckpointsIdleAsync()
    {
        await _checkpointer.WhenIdle().ConfigureAwait(false);
        return _checkpointer.Completed;
    }

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

    // The columns in the order the row reader takes them, for the two scans over every stream.
    private const string SelectAllRows =
        "SELECT ordering, persistence_id, sequence_nr, manifest, payload, tags, timestamp, writer_id FROM event_journal ";

    /// <inheritdoc />
    public IAsyncEnumerable<JournalRow> ReadAllAsync(long afterOrdering, int max, CancellationToken cancellationToken) =>
        DriverExceptions.Guard(
            Query(
                SelectAllRows +
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
    public IAsyncEnumerable<JournalRow> ReadAllDecodedAsync(long afterOrdering, long upToOrdering, JournalPayloadDecoder decode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decode);
        return DriverExceptions.Guard(
            Query(
                SelectAllRows +
                "WHERE ordering > $after AND ordering <= $upTo AND deleted = 0 ORDER BY ordering",
                c =>
                {
                    c.Parameters.AddWithValue("$after", afterOrdering);
                    c.Parameters.AddWithValue("$upTo", upToOrdering);
                },
                null,
                cancellationToken,
                decode),
            (SqliteException ex) => _database.Fail("reading all events", ex),
            cancellationToken);
    }

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
    public Task<long> ReadHighestOrderingAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var connection = _database.OpenConnection();
            return Task.FromResult(Scalar(connection, "SELECT COALESCE(MAX(ordering), 0) FROM event_journal"));
        }
        catch (SqliteException ex)
        {
            throw _database.Fail("reading the highest ordering", ex);
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
            _insertEvent = null;
            _insertTag = null;
            if (_writer is not null)
            {
                SqliteCheckpointer.ResetWriter(_writer.Handle!);
                await _writer.DisposeAsync().ConfigureAwait(false);
            }

            _writer = null;
        }
        finally
        {
            _writeGate.Release();
        }

        await _checkpointer.DisposeAsync().ConfigureAwait(false);
    }

    private void WriteLocked(IReadOnlyList<JournalRow> rows)
    {
        var inTransaction = false;
        sqlite3? db = null;
        try
        {
            var writer = Writer();
            db = writer.Handle!;
            Check(db, raw.sqlite3_exec(db, "BEGIN IMMEDIATE"));
            inTransaction = true;
            var insertEvent = _insertEvent!;
            var insertTag = _insertTag!;
            foreach (var row in rows)
            {
                Check(db, raw.sqlite3_bind_text(insertEvent, 1, row.PersistenceId));
                Check(db, raw.sqlite3_bind_int64(insertEvent, 2, row.SequenceNr));
                Check(db, raw.sqlite3_bind_text(insertEvent, 3, row.Manifest));
                Check(db, raw.sqlite3_bind_blob(insertEvent, 4, row.Payload.Span));
                Check(db, raw.sqlite3_bind_text(insertEvent, 5, row.Tags.Count == 0 ? string.Empty : string.Join(TagSeparator, row.Tags)));
                Check(db, raw.sqlite3_bind_int64(insertEvent, 6, row.Timestamp));
                Check(db, raw.sqlite3_bind_text(insertEvent, 7, row.WriterId));
                Execute(db, insertEvent);
                if (row.Tags.Count == 0)
                {
                    continue;
                }

                // ordering is the rowid (INTEGER PRIMARY KEY) of the row just inserted on this connection.
                var ordering = raw.sqlite3_last_insert_rowid(db);
                foreach (var tag in row.Tags.Distinct(StringComparer.Ordinal))
                {
                    Check(db, raw.sqlite3_bind_text(insertTag, 1, tag));
                    Check(db, raw.sqlite3_bind_int64(insertTag, 2, ordering));
                    Execute(db, insertTag);
                }
            }

            // The batch is durable (at the configured synchronous level) once COMMIT returns; only then do callers hear of it.
            Check(db, raw.sqlite3_exec(db, "COMMIT"));
            inTransaction = false;
            _checkpointer.Committed(db);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == ConstraintViolation)
        {
            Rollback(db, inTransaction);
            throw new JournalConcurrencyException(rows[0].PersistenceId, rows[0].SequenceNr);
        }
        catch (SqliteException ex)
        {
            Rollback(db, inTransaction);
            throw _database.Fail($"writing {rows.Count} events", ex);
        }
    }

    /// <summary>Runs a prepared statement that returns no rows and readies it for the next use.</summary>
    private static void Execute(sqlite3 db, sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        raw.sqlite3_reset(statement);
        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }

    // The serializer hands over whole arrays; copying only happens for a slice.
    private static byte[] AsArray(ReadOnlyMemory<byte> payload) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : payload.ToArray();

    private static void Rollback(sqlite3? db, bool inTransaction)
    {
        // SQLite may already have rolled back on the error (e.g. I/O failure); then there is nothing left to undo,
        // and the original error is the one to report.
        if (db is not null && inTransaction && raw.sqlite3_get_autocommit(db) == 0)
        {
            raw.sqlite3_exec(db, "ROLLBACK");
        }
    }

    private SqliteConnection Writer()
    {
        if (_writer is not null)
        {
            return _writer;
        }

        var writer = _database.OpenConnection();
        try
        {
            var db = writer.Handle!;
            SqliteCheckpointer.ConfigureWriter(db);
            Check(db, raw.sqlite3_prepare_v2(
                db,
                "INSERT INTO event_journal (persistence_id, sequence_nr, manifest, payload, tags, timestamp, writer_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                out var insertEvent));
            _insertEvent = insertEvent;
            Check(db, raw.sqlite3_prepare_v2(db, "INSERT INTO event_tag (tag, ordering) VALUES (?1, ?2)", out var insertTag));
            _insertTag = insertTag;
        }
        catch
        {
            _insertEvent?.Dispose();
            _insertTag?.Dispose();
            _insertEvent = null;
            _insertTag = null;
            writer.Dispose();
            throw;
        }

        _writer = writer;
        return _writer;
    }

    // knownPersistenceId: replays of one id skip reading (and allocating) the id for every row. decode: the payload is
    // decoded straight from SQLite's buffer, and copied only when the decoder refuses it.
    private async IAsyncEnumerable<JournalRow> Query(
        string sql, Action<SqliteCommand> bind, string? knownPersistenceId, [EnumeratorCancellation] CancellationToken cancellationToken, JournalPayloadDecoder? decode = null)
    {
        using var connection = _database.OpenConnection();
        var db = connection.Handle!;

        // The parameters are bound through an ADO command so each query keeps its named, typed parameters in one
        // place; the rows are then stepped on the raw statement (no per-column boxing or reader bookkeeping).
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        Check(db, raw.sqlite3_prepare_v2(db, sql, out var statement));
        using (statement)
        {
            foreach (SqliteParameter parameter in command.Parameters)
            {
                var index = raw.sqlite3_bind_parameter_index(statement, parameter.ParameterName);
                Check(db, parameter.Value switch
                {
                    string text => raw.sqlite3_bind_text(statement, index, text),
                    long number => raw.sqlite3_bind_int64(statement, index, number),
                    int number => raw.sqlite3_bind_int64(statement, index, number),
                    var other => throw new InvalidOperationException($"unsupported parameter type {other?.GetType().Name}"),
                });
            }

            // Manifests, writer ids and (for queries across ids) persistence ids repeat from row to row.
            var manifests = new Utf8Cache<string>(DecodeText);
            var writers = new Utf8Cache<string>(DecodeText);
            var ids = new Utf8Cache<string>(DecodeText);
            var tags = new Utf8Cache<string[]>(DecodeTags);
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rc = raw.sqlite3_step(statement);
                if (rc == raw.SQLITE_DONE)
                {
                    break;
                }

                if (rc != raw.SQLITE_ROW)
                {
                    SqliteException.ThrowExceptionForRC(rc, db);
                }

                yield return ReadRow(statement, knownPersistenceId ?? ids.Get(raw.sqlite3_column_blob(statement, 1)), manifests, tags, writers, decode);
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // The current row of a query's statement; the payload span is SQLite's and valid only until the next step.
    private static JournalRow ReadRow(
        sqlite3_stmt statement, string persistenceId, Utf8Cache<string> manifests, Utf8Cache<string[]> tags, Utf8Cache<string> writers, JournalPayloadDecoder? decode)
    {
        var sequenceNr = raw.sqlite3_column_int64(statement, 2);
        var manifest = manifests.Get(raw.sqlite3_column_blob(statement, 3));
        var payload = raw.sqlite3_column_blob(statement, 4);
        var decoded = decode?.Invoke(persistenceId, sequenceNr, manifest, payload);
        return new JournalRow(
            raw.sqlite3_column_int64(statement, 0),
            persistenceId,
            sequenceNr,
            manifest,
            decoded is null ? payload.ToArray() : ReadOnlyMemory<byte>.Empty,
            tags.Get(raw.sqlite3_column_blob(statement, 5)),
            raw.sqlite3_column_int64(statement, 6),
            writers.Get(raw.sqlite3_column_blob(statement, 7)))
        {
            Event = decoded,
        };
    }

    /// <summary>Decodes UTF-8 column values that repeat (manifests, ids, tags), reusing what was decoded for the same bytes.</summary>
    /// <remarks>
    /// Rows of many streams interleave (each market's router, the portfolio, the guardian), so a value is looked up by a
    /// hash of its bytes rather than among the last few: a scan across more streams than a short list holds would miss on
    /// every row and keep a copy of the id per row. Two values whose hashes meet share a slot, the later replacing the earlier.
    /// </remarks>
    private sealed class Utf8Cache<T>(Func<ReadOnlySpan<byte>, T> decode)
    {
        private const int Slots = 256;
        private readonly byte[]?[] _bytes = new byte[Slots][];
        private readonly T[] _values = new T[Slots];

        public T Get(ReadOnlySpan<byte> utf8)
        {
            var hash = new HashCode();
            hash.AddBytes(utf8);
            var slot = hash.ToHashCode() & (Slots - 1);
            if (_bytes[slot] is { } known && utf8.SequenceEqual(known))
            {
                return _values[slot];
            }

            var value = decode(utf8);
            _bytes[slot] = utf8.ToArray();
            _values[slot] = value;
            return value;
        }
    }

    private static string DecodeText(ReadOnlySpan<byte> utf8) => System.Text.Encoding.UTF8.GetString(utf8);

    // One array per distinct tag set, shared by the rows that carry it (rows hand their tags out read-only).
    private static string[] DecodeTags(ReadOnlySpan<byte> utf8) => utf8.IsEmpty ? [] : DecodeText(utf8).Split(TagSeparator);

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
