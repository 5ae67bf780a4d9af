using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.PostgreSql;
using KalshiActors.Persistence.Snapshots;
using KalshiActors.Persistence.Tests.PostgreSql;
using KalshiActors.Testing.Persistence;

namespace KalshiActors.Persistence.Tests.Contract;

/// <summary>The journal contract on PostgreSQL (a fresh schema per test on the shared throwaway server).</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlJournalSpec(PostgreSqlServerFixture server) : JournalSpec
{
    /// <inheritdoc />
    protected override async Task<IJournalStorage> CreateStorageAsync() =>
        await PostgreSqlJournalStorage.OpenAsync(server.ConnectionString, new PersistenceSettings { PostgresSchema = PostgreSqlServerFixture.NewSchema() });
}

/// <summary>The snapshot contract on PostgreSQL (a fresh schema per test).</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlSnapshotStoreSpec(PostgreSqlServerFixture server) : SnapshotStoreSpec
{
    /// <inheritdoc />
    protected override async Task<ISnapshotStorage> CreateStorageAsync() =>
        await PostgreSqlSnapshotStorage.OpenAsync(server.ConnectionString, new PersistenceSettings { PostgresSchema = PostgreSqlServerFixture.NewSchema() });
}
