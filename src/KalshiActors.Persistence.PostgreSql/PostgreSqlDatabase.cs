using System.Globalization;
using Npgsql;

namespace KalshiActors.Persistence.PostgreSql;

/// <summary>One PostgreSQL journal database: its data source, schema name and versioned schema.</summary>
internal sealed class PostgreSqlDatabase : IAsyncDisposable
{
    /// <summary>The schema version this code writes; a higher stored version comes from a newer release.</summary>
    internal const int CurrentSchemaVersion = 1;

    private PostgreSqlDatabase(NpgsqlDataSource dataSource, string schema, string description)
    {
        DataSource = dataSource;
        Schema = schema;
        Description = description;

        // Writers take this transaction-scoped lock so orderings commit in the order they were assigned; otherwise a
        // live AllEvents/EventsByTag reader could pass ordering N+1 before N commits and never see N.
        WriteLockKey = StableHash("kalshi-actors.journal." + schema);
    }

    /// <summary>Pooled connections to the database.</summary>
    public NpgsqlDataSource DataSource { get; }

    /// <summary>The validated schema name (a plain identifier, safe to splice into SQL).</summary>
    public string Schema { get; }

    /// <summary>For logs and errors: host, database and schema, never the password.</summary>
    public string Description { get; }

    /// <summary>The advisory lock key that serializes journal writers.</summary>
    public long WriteLockKey { get; }

    /// <summary>Connects, creates the schema when missing and migrates it to the current version.</summary>
    public static async Task<PostgreSqlDatabase> OpenAsync(string connectionString, PersistenceSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new JournalStorageException($"PostgreSQL connection string '{JournalUri.Redact(connectionString)}' is invalid: {ex.Message}");
        }

        if (string.IsNullOrEmpty(builder.Password) && Environment.GetEnvironmentVariable("PGPASSWORD") is { Length: > 0 } password)
        {
            builder.Password = password;
        }

        // Many actors recover at once at startup; a bounded pool makes them queue for a connection instead of
        // exceeding the server's max_connections ("too many clients") and failing recovery.
        if (!connectionString.Contains("pool size", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = settings.PostgresMaxPoolSize;
        }

        if (!PersistenceSettings.IsIdentifier(settings.PostgresSchema))
        {
            throw new JournalStorageException($"PostgreSQL schema name '{settings.PostgresSchema}' must be a plain identifier (letters, digits, underscore).");
        }

        var description = $"postgres:Host={builder.Host};Port={builder.Port};Database={builder.Database};Schema={settings.PostgresSchema}";
        var database = new PostgreSqlDatabase(NpgsqlDataSource.Create(builder.ConnectionString), settings.PostgresSchema, description);
        try
        {
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Translates a driver error into the persistence family, naming the database and the operation.</summary>
    public JournalStorageException Fail(string operation, NpgsqlException ex) =>
        new($"PostgreSQL journal {Description}: {operation} failed ({(ex is PostgresException pg ? pg.SqlState : ex.GetType().Name)}): {ex.Message}. " +
            "Check that the server is reachable and the user may read and write the schema.");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var s = Schema;
        string[] migrations =
        [
            $"""
            CREATE TABLE {s}.event_journal (
                ordering       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                persistence_id TEXT    NOT NULL,
                sequence_nr    BIGINT  NOT NULL,
                manifest       TEXT    NOT NULL,
                payload        BYTEA   NOT NULL,
                tags           TEXT[]  NOT NULL,
                timestamp      BIGINT  NOT NULL,
                writer_id      TEXT    NOT NULL,
                deleted        BOOLEAN NOT NULL DEFAULT FALSE,
                UNIQUE (persistence_id, sequence_nr)
            );
            CREATE TABLE {s}.event_tag (
                tag      TEXT   NOT NULL,
                ordering BIGINT NOT NULL,
                PRIMARY KEY (tag, ordering)
            );
            CREATE TABLE {s}.snapshot (
                persistence_id TEXT   NOT NULL,
                sequence_nr    BIGINT NOT NULL,
                timestamp      BIGINT NOT NULL,
                manifest       TEXT   NOT NULL,
                payload        BYTEA  NOT NULL,
                PRIMARY KEY (persistence_id, sequence_nr)
            );
            """,
        ];

        try
        {
            await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({StableHash("kalshi-actors.schema." + s).ToString(CultureInfo.InvariantCulture)})", cancellationToken).ConfigureAwait(false);
            await Execute(connection, transaction, $"CREATE SCHEMA IF NOT EXISTS {s}; CREATE TABLE IF NOT EXISTS {s}.schema_version (version INT NOT NULL)", cancellationToken).ConfigureAwait(false);
            await using (var read = new NpgsqlCommand($"SELECT COALESCE(MAX(version), 0) FROM {s}.schema_version", connection, transaction))
            {
                var version = (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                if (version > CurrentSchemaVersion)
                {
                    throw new JournalStorageException(
                        $"PostgreSQL journal {Description} has schema version {version}, newer than this release understands ({CurrentSchemaVersion}); upgrade KalshiActors.");
                }

                for (var step = version; step < CurrentSchemaVersion; step++)
                {
                    await Execute(connection, transaction, migrations[step], cancellationToken).ConfigureAwait(false);
                    await Execute(connection, transaction, $"DELETE FROM {s}.schema_version; INSERT INTO {s}.schema_version VALUES ({step + 1})", cancellationToken).ConfigureAwait(false);
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (NpgsqlException ex)
        {
            throw Fail("opening and migrating the schema", ex);
        }
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    // FNV-1a: stable across processes and releases, unlike string.GetHashCode.
    private static long StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
