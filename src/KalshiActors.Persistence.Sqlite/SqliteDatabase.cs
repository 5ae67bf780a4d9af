using System.Globalization;
using Microsoft.Data.Sqlite;

namespace KalshiActors.Persistence.Sqlite;

/// <summary>Opens connections to one journal file with the configured pragmas and keeps its schema at the current version.</summary>
internal sealed class SqliteDatabase
{
    /// <summary>The schema version this code writes; files with a higher user_version come from a newer release.</summary>
    internal const int CurrentSchemaVersion = 1;

    // Each entry upgrades from version (index) to (index + 1); applied in one transaction per step.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE event_journal (
            ordering       INTEGER PRIMARY KEY AUTOINCREMENT,
            persistence_id TEXT    NOT NULL,
            sequence_nr    INTEGER NOT NULL,
            manifest       TEXT    NOT NULL,
            payload        BLOB    NOT NULL,
            tags           TEXT    NOT NULL,
            timestamp      INTEGER NOT NULL,
            writer_id      TEXT    NOT NULL,
            deleted        INTEGER NOT NULL DEFAULT 0,
            UNIQUE (persistence_id, sequence_nr)
        );
        CREATE TABLE event_tag (
            tag      TEXT    NOT NULL,
            ordering INTEGER NOT NULL,
            PRIMARY KEY (tag, ordering)
        ) WITHOUT ROWID;
        CREATE TABLE snapshot (
            persistence_id TEXT    NOT NULL,
            sequence_nr    INTEGER NOT NULL,
            timestamp      INTEGER NOT NULL,
            manifest       TEXT    NOT NULL,
            payload        BLOB    NOT NULL,
            PRIMARY KEY (persistence_id, sequence_nr)
        ) WITHOUT ROWID;
        """,
    ];

    private readonly string _connectionString;
    private readonly PersistenceSettings _settings;

    private SqliteDatabase(string path, PersistenceSettings settings)
    {
        Path = path;
        _settings = settings;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(settings.SqliteBusyTimeout.TotalSeconds),
        }.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Opens (creating when missing) the file, switches it to WAL, checks its integrity when asked and migrates its schema.</summary>
    public static SqliteDatabase Open(string path, PersistenceSettings settings, bool checkIntegrity)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var full = System.IO.Path.GetFullPath(path);
        try
        {
            var directory = System.IO.Path.GetDirectoryName(full);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }
        catch (IOException ex)
        {
            throw new JournalStorageException($"Cannot create the directory of SQLite journal '{full}': {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new JournalStorageException($"Cannot create the directory of SQLite journal '{full}': {ex.Message}");
        }

        var database = new SqliteDatabase(full, settings);
        database.Migrate(checkIntegrity);
        return database;
    }

    /// <summary>An open connection with WAL, the configured synchronous level and busy timeout.</summary>
    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // mmap_size: replay reads pages straight from the OS cache instead of copying them into SQLite's page cache.
            using var pragma = connection.CreateCommand();
            pragma.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA journal_mode = WAL; PRAGMA synchronous = {(int)_settings.SqliteSynchronous}; PRAGMA busy_timeout = {(long)_settings.SqliteBusyTimeout.TotalMilliseconds}; PRAGMA mmap_size = 268435456;");
            pragma.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Translates a driver error into the persistence family, naming the file and the operation.</summary>
    public JournalStorageException Fail(string operation, SqliteException ex) =>
        new($"SQLite journal '{Path}': {operation} failed (SQLite error {ex.SqliteErrorCode}/{ex.SqliteExtendedErrorCode}): {ex.Message}. " +
            "Check the disk, the file's permissions, and that no other program holds a write lock on it.");

    private void Migrate(bool checkIntegrity)
    {
        try
        {
            using var connection = OpenConnection();
            if (checkIntegrity)
            {
                using var check = connection.CreateCommand();
                check.CommandText = "PRAGMA integrity_check(1)";
                var result = check.ExecuteScalar() as string;
                if (result != "ok")
                {
                    throw new JournalStorageException($"SQLite journal '{Path}' fails its integrity check ({result}); restore it from a backup.");
                }
            }

            while (true)
            {
                // BEGIN IMMEDIATE: two processes opening a fresh file must not both apply the same step.
                using var transaction = connection.BeginTransaction(deferred: false);
                var version = ReadVersion(connection, transaction);
                if (version > CurrentSchemaVersion)
                {
                    throw new JournalStorageException(
                        $"SQLite journal '{Path}' has schema version {version}, newer than this release understands ({CurrentSchemaVersion}); upgrade KalshiActors.");
                }

                if (version == CurrentSchemaVersion)
                {
                    transaction.Commit();
                    return;
                }

                using var step = connection.CreateCommand();
                step.Transaction = transaction;
                step.CommandText = Migrations[version] + string.Create(CultureInfo.InvariantCulture, $"; PRAGMA user_version = {version + 1};");
                step.ExecuteNonQuery();
                transaction.Commit();
            }
        }
        catch (SqliteException ex)
        {
            throw Fail("opening and migrating the schema", ex);
        }
    }

    private static long ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        return (long)(command.ExecuteScalar() ?? 0L);
    }
}
