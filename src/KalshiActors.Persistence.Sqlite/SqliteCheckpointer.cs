using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace KalshiActors.Persistence.Sqlite;

/// <summary>
/// Copies the journal's write-ahead log back into the database file on a connection of its own, off the commit path.
/// </summary>
/// <remarks>
/// SQLite's automatic checkpoint runs inside the COMMIT that takes the log past wal_autocheckpoint pages (1000 by
/// default): that commit also writes the changed pages into the database file and flushes it, so every thousandth page
/// or so one batch (and every actor waiting for it) waited for a second, larger flush. Here the writer only counts the
/// pages it appends and, every <see cref="PagesPerCheckpoint"/>, starts a PASSIVE checkpoint on a thread-pool thread,
/// which neither waits for nor blocks the writer. A commit's durability is unchanged: it is durable once its frames are
/// in the log (flushed at the commit with synchronous = FULL), whether or not they were checkpointed yet.
/// The log restarts from its beginning at the first commit after a checkpoint has copied all of it; the writer keeps
/// SQLite's own checkpoint as a backstop at <see cref="WriterBackstopPages"/> pages, so the log stays bounded (~16 MB)
/// when checkpoints here cannot catch up: a reader holding an old snapshot, or commits back to back with no gap for the
/// log to restart in (a flat-out burst); then that commit copies only what the last checkpoint here had not.
/// </remarks>
internal sealed class SqliteCheckpointer : IAsyncDisposable
{
    /// <summary>Pages appended to the log between two checkpoints (SQLite's default wal_autocheckpoint).</summary>
    internal const int PagesPerCheckpoint = 1000;

    /// <summary>The writer's own wal_autocheckpoint: the log's size (in pages) at which the writer checkpoints in line.</summary>
    internal const int WriterBackstopPages = 4 * PagesPerCheckpoint;

    // Checkpoint rounds per request (see Checkpoint).
    private const int MaxRounds = 4;

    private readonly SqliteDatabase _database;
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;
    private Task _running = Task.CompletedTask;
    private bool _disposed;
    private int _completed;

    // Touched by the writer only (under the storage's write gate).
    private int _pagesSinceCheckpoint;

    public SqliteCheckpointer(SqliteDatabase database) => _database = database;

    /// <summary>Checkpoints that completed (PASSIVE: as much of the log as no reader still needed).</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Completes when no checkpoint is running.</summary>
    public Task WhenIdle()
    {
        lock (_gate)
        {
            return _running;
        }
    }

    /// <summary>Prepares the writer connection: SQLite's automatic checkpoint only as the backstop.</summary>
    public static void ConfigureWriter(sqlite3 db) =>
        Check(db, raw.sqlite3_exec(db, $"PRAGMA wal_autocheckpoint = {WriterBackstopPages}"));

    /// <summary>Restores SQLite's default on the writer before it goes back to the connection pool.</summary>
    public static void ResetWriter(sqlite3 db) =>
        raw.sqlite3_exec(db, $"PRAGMA wal_autocheckpoint = {PagesPerCheckpoint}");

    /// <summary>
    /// Called by the writer after each commit: counts the pages the commit appended to the log and starts a checkpoint
    /// when enough have accumulated and none is running.
    /// </summary>
    public void Committed(sqlite3 writer)
    {
        raw.sqlite3_db_status(writer, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var pages, out _, 1);
        _pagesSinceCheckpoint += pages;
        if (_pagesSinceCheckpoint < PagesPerCheckpoint)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed || !_running.IsCompleted)
            {
                return;
            }

            _pagesSinceCheckpoint = 0;
            _running = Task.Run(Checkpoint);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task running;
        lock (_gate)
        {
            _disposed = true;
            running = _running;
        }

        // A checkpoint's own failure was never a write's: closing the journal does not report it either.
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    private void Checkpoint()
    {
        try
        {
            _connection ??= _database.OpenConnection();
            // PASSIVE copies what it can without waiting for readers or the writer. A failure (busy, or an I/O error the
            // next commit will report itself) leaves the frames in the log for the next attempt or the writer's backstop.
            // The log only restarts from its beginning when a write starts after a checkpoint copied all of it; commits
            // keep arriving while one runs, so go again for what they added (less each round) a few times.
            for (var round = 0; round < MaxRounds; round++)
            {
                var rc = raw.sqlite3_wal_checkpoint_v2(_connection.Handle!, "main", raw.SQLITE_CHECKPOINT_PASSIVE, out var log, out var copied);
                if (rc != raw.SQLITE_OK)
                {
                    break;
                }

                Interlocked.Increment(ref _completed);
                if (copied >= log)
                {
                    break;
                }
            }
        }
        catch (SqliteException)
        {
            // Opening the connection failed (the same causes as above); the next checkpoint tries again.
        }
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, db);
        }
    }
}
