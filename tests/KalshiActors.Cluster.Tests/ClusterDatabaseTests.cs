using KalshiActors.Cluster;
using KalshiActors.Domain;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Tests.PostgreSql;
using KalshiActors.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KalshiActors.Cluster.Tests;

/// <summary>The cluster tables, advisory locks, epochs, budget leases and the journal fence against a real PostgreSQL.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class ClusterDatabaseTests(PostgreSqlServerFixture server)
{
    private static readonly ClusterSettings Settings = new()
    {
        ShardCount = 8,
        HeartbeatInterval = TimeSpan.FromMilliseconds(200),
        LeaseTimeout = TimeSpan.FromSeconds(2),
        BudgetLeaseDuration = TimeSpan.FromSeconds(3),
        AccountMaxExposure = Money.FromDollars(90),
        AccountMaxPositions = 9,
    };

    private Task<ClusterDatabase> OpenAsync(string schema, string node, ClusterSettings? settings = null) =>
        ClusterDatabase.OpenAsync(server.ConnectionString, schema, node, settings ?? Settings, CancellationToken.None);

    // A closed or terminated session's backend exits a moment after the client sees it end; its locks go with it.
    private static async Task<long?> AcquireEventuallyAsync(ClusterDatabase database, int shard)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await database.TryAcquireAsync(shard, CancellationToken.None) is { } epoch)
            {
                return epoch;
            }

            await Task.Delay(100);
        }

        return null;
    }

    [Fact]
    public async Task TryAcquire_HeldByOtherNode_Refused_UntilItsConnectionDrops_ThenEpochIncrements()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var a = await OpenAsync(schema, "a");
        await using var b = await OpenAsync(schema, "b");
        await a.EnsureLockConnectionAsync(CancellationToken.None);
        await b.EnsureLockConnectionAsync(CancellationToken.None);

        Assert.Equal(1, await a.TryAcquireAsync(3, CancellationToken.None));
        Assert.Null(await b.TryAcquireAsync(3, CancellationToken.None));

        // The node dies: the database releases its session's locks.
        await a.DropLockConnectionAsync();
        Assert.Equal(2, await AcquireEventuallyAsync(b, 3));
        Assert.Equal(2, (await b.ReadEpochsAsync([3], CancellationToken.None))[3]);

        var state = await b.ReadStateAsync(CancellationToken.None);
        Assert.Equal(8, state.Shards.Count);
        Assert.Equal("b", state.Shards.Single(s => s.Shard == 3).Owner);
    }

    [Fact]
    public async Task Release_GracefulHandoff_OtherNodeAcquires()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var a = await OpenAsync(schema, "a");
        await using var b = await OpenAsync(schema, "b");
        await a.EnsureLockConnectionAsync(CancellationToken.None);
        await b.EnsureLockConnectionAsync(CancellationToken.None);
        Assert.NotNull(await a.TryAcquireAsync(5, CancellationToken.None));
        // Taken twice by the same session (a re-entry): one release lets go of both.
        Assert.NotNull(await a.TryAcquireAsync(5, CancellationToken.None));
        Assert.NotNull(await a.TryAcquireAsync(6, CancellationToken.None));
        await a.ReleaseAsync(5, CancellationToken.None);
        Assert.Equal(new HashSet<int> { 6 }, await a.ReadHeldLocksAsync(CancellationToken.None));
        Assert.Equal(3, await b.TryAcquireAsync(5, CancellationToken.None));

        // Releasing what is not held is a no-op (and asks the server to unlock nothing).
        await a.ReleaseAsync(5, CancellationToken.None);
        Assert.Null(await a.TryAcquireAsync(5, CancellationToken.None));
    }

    [Fact]
    public async Task TerminatedLockConnection_ReleasesLocks_AndIsReopenedWithoutThem()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var a = await OpenAsync(schema, "term-a");
        await using var b = await OpenAsync(schema, "term-b");
        await a.EnsureLockConnectionAsync(CancellationToken.None);
        await b.EnsureLockConnectionAsync(CancellationToken.None);
        Assert.NotNull(await a.TryAcquireAsync(1, CancellationToken.None));

        await using (var admin = new NpgsqlConnection(server.ConnectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name", admin);
            kill.Parameters.AddWithValue("name", a.LockApplicationName);
            Assert.Equal(1L, await kill.ExecuteScalarAsync());
        }

        await Assert.ThrowsAnyAsync<Exception>(() => a.HeartbeatAsync(DateTimeOffset.UtcNow, null, CancellationToken.None));
        Assert.NotNull(await AcquireEventuallyAsync(b, 1));
        Assert.True(await a.EnsureLockConnectionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task LeaseBudget_ThreeNodesAtOnce_SumNeverExceedsAccount_AndExpiredLeaseIsReclaimed()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        var nodes = new List<ClusterDatabase>();
        try
        {
            foreach (var id in new[] { "a", "b", "c" })
            {
                nodes.Add(await OpenAsync(schema, id));
            }

            var account = new RiskBudget(Money.FromDollars(90), 9);
            for (var round = 0; round < 10; round++)
            {
                // Everyone asks for the whole account at once: the row lock serializes them.
                var grants = await Task.WhenAll(nodes.Select(n => n.LeaseBudgetAsync(account, CancellationToken.None)));
                Assert.True(grants.Sum(g => g.Granted.MaxExposure.Units) <= account.MaxExposure.Units);
                Assert.True(grants.Sum(g => g.Granted.MaxPositions) <= account.MaxPositions);
                var state = await nodes[0].ReadStateAsync(CancellationToken.None);
                Assert.True(state.Budgets.Sum(l => l.MaxExposure.Units) <= account.MaxExposure.Units);
            }

            // Fair shares, then node c dies (stops renewing): its budget is reserved until expiry, then reclaimed.
            var fair = RiskBudgetArithmetic.FairShare(account, 3);
            foreach (var n in nodes)
            {
                await n.LeaseBudgetAsync(RiskBudget.None, CancellationToken.None);
            }

            foreach (var n in nodes)
            {
                Assert.Equal(fair, (await n.LeaseBudgetAsync(fair, CancellationToken.None)).Granted);
            }

            var whole = RiskBudgetArithmetic.FairShare(account, 2);
            Assert.Equal(fair, (await nodes[0].LeaseBudgetAsync(whole, CancellationToken.None)).Granted with { MaxExposure = fair.MaxExposure, MaxPositions = fair.MaxPositions });
            await Task.Delay(Settings.BudgetLeaseDuration + TimeSpan.FromMilliseconds(300));
            await nodes[1].LeaseBudgetAsync(fair, CancellationToken.None);
            var reclaimed = await nodes[0].LeaseBudgetAsync(whole, CancellationToken.None);
            Assert.Equal(whole, reclaimed.Granted);
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Round_AloneTakesEveryShard_ThenReleasesLocksItDoesNotKnowAbout_AndHandsOffToANewMember()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var a = await ClusterNode.OpenAsync(Settings with { NodeId = "round-a" }, server.ConnectionString, schema, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
        var empty = new Dictionary<int, long>();
        var first = await a.RunRoundAsync(new RoundInput(empty, new HashSet<int>(), [], true, false, RiskBudget.None), CancellationToken.None);
        Assert.Equal(Settings.ShardCount, first.Acquired.Count);
        Assert.Equal(Settings.AccountMaxExposure, first.Budget.MaxExposure);

        // A round that forgot what it holds (cancelled mid-acquire) finds the locks in pg_locks and releases them.
        var forgetful = await a.RunRoundAsync(new RoundInput(empty, new HashSet<int>(), [], false, false, RiskBudget.None), CancellationToken.None);
        Assert.Equal(Settings.ShardCount, forgetful.Unlocked.Count);
        var again = await a.RunRoundAsync(new RoundInput(empty, new HashSet<int>(), [], true, false, RiskBudget.None), CancellationToken.None);
        Assert.All(again.Acquired, s => Assert.Equal(first.Acquired[s.Key] + 1, s.Value));

        // A second member joins: a's fair share halves and it hands off the highest shards.
        await using var b = await ClusterNode.OpenAsync(Settings with { NodeId = "round-b" }, server.ConnectionString, schema, TimeProvider.System, NullLoggerFactory.Instance, CancellationToken.None);
        await b.RunRoundAsync(new RoundInput(empty, new HashSet<int>(), [], false, false, RiskBudget.None), CancellationToken.None);
        var shrink = await a.RunRoundAsync(new RoundInput(again.Acquired, new HashSet<int>(), [], true, false, RiskBudget.None), CancellationToken.None);
        Assert.Equal(Settings.ShardCount / 2, shrink.Target);
        Assert.Equal([7, 6, 5, 4], shrink.Release);
        var kept = again.Acquired.Where(s => !shrink.Release.Contains(s.Key)).ToDictionary();
        var unlock = await a.RunRoundAsync(new RoundInput(kept, shrink.Release.ToHashSet(), shrink.Release, true, false, RiskBudget.None), CancellationToken.None);
        Assert.Equal(shrink.Release.Order(), unlock.Unlocked.Order());
        var gained = await b.RunRoundAsync(new RoundInput(empty, new HashSet<int>(), [], true, false, RiskBudget.None), CancellationToken.None);
        Assert.Equal([4, 5, 6, 7], gained.Acquired.Keys.Order());
        var state = await a.ReadStateAsync(CancellationToken.None);
        Assert.Equal(2, state.Members.Count(m => m.Live));
        Assert.True(state.Budgets.Sum(l => l.MaxExposure.Units) <= Settings.AccountMaxExposure.Units);
    }

    [Fact]
    public async Task Open_DifferentShardCountThanDatabase_RefusedClearly()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var a = await OpenAsync(schema, "a");
        var error = await Assert.ThrowsAsync<ClusterException>(() => OpenAsync(schema, "b", Settings with { ShardCount = 16 }));
        Assert.Contains("shard-count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_ADatabaseOfTheEarlierTickerMapping_MovesToTheEventMappingOnlyWhileNoNodeOfItRuns()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        async Task<string?> MappingAsync()
        {
            await using var connection = new NpgsqlConnection(server.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT shard_mapping FROM \"{schema}\".cluster_account", connection);
            return await command.ExecuteScalarAsync() as string;
        }

        // A node of an earlier version: the database records no mapping, and the node runs (live heartbeat, lock session).
        await using var old = await OpenAsync(schema, "old");
        Assert.Equal(ShardMap.Mapping, await MappingAsync());
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"UPDATE \"{schema}\".cluster_account SET shard_mapping = NULL", connection);
            await command.ExecuteNonQueryAsync();
        }

        await old.EnsureLockConnectionAsync(CancellationToken.None);
        await old.HeartbeatAsync(DateTimeOffset.UtcNow, null, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ClusterException>(() => OpenAsync(schema, "new"));
        Assert.Contains("its nodes old are running", refused.Message, StringComparison.Ordinal);
        Assert.Null(await MappingAsync());

        // Once it has left, the first node of this version records the event mapping.
        await old.LeaveAsync(CancellationToken.None);
        await using var upgraded = await OpenAsync(schema, "new");
        Assert.Equal(ShardMap.Mapping, await MappingAsync());
    }

    [Fact]
    public async Task FencedJournal_RouterWrite_OnlyUnderLiveLeaseOfCurrentEpoch()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var a = await OpenAsync(schema, "a");
        await using var b = await OpenAsync(schema, "b");
        await a.EnsureLockConnectionAsync(CancellationToken.None);
        await b.EnsureLockConnectionAsync(CancellationToken.None);
        var time = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var gate = new ShardLeaseGate(Settings.ShardCount, time);
        var inner = new InMemoryJournalStorage();
        var journal = new FencedJournalStorage(inner, new NodeScopedIds("a"), gate, a, NullLogger.Instance);
        const string Ticker = "KXTEST-1";
        var shard = ShardMap.ShardOf(Ticker, Settings.ShardCount);
        JournalRow Row(string id, long seq) => new(0, id, seq, "Test.v1", new byte[] { 0x7b, 0x7d }, [], 0, "w");

        // No lease: refused, and nothing stored.
        await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.WriteAsync([Row("router-" + Ticker, 1)], CancellationToken.None));

        var epoch = (await a.TryAcquireAsync(shard, CancellationToken.None))!.Value;
        gate.SetHeld(new Dictionary<int, long> { [shard] = epoch });
        gate.Renew(time.GetUtcNow(), Settings.LeaseTimeout);
        await journal.WriteAsync([Row("router-" + Ticker, 1), Row("portfolio", 1)], CancellationToken.None);

        // Per-node streams are stored under the node's suffix and read back under the plain id.
        Assert.Equal(1, await inner.ReadHighestSequenceNrAsync("portfolio@a", CancellationToken.None));
        Assert.Equal("portfolio", (await journal.ReadEventsAsync("portfolio", 0, long.MaxValue, 10, CancellationToken.None).SingleAsync()).PersistenceId);

        // The lease lapses locally (no database round for the lease timeout): refused at once.
        time.Advance(Settings.LeaseTimeout);
        await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.WriteAsync([Row("router-" + Ticker, 2)], CancellationToken.None));

        // Renewed locally, but another node took the shard meanwhile (newer epoch in the database): refused.
        gate.Renew(time.GetUtcNow(), Settings.LeaseTimeout);
        await a.DropLockConnectionAsync();
        Assert.Equal(epoch + 1, await AcquireEventuallyAsync(b, shard));
        await Assert.ThrowsAsync<JournalConcurrencyException>(() => journal.WriteAsync([Row("router-" + Ticker, 2)], CancellationToken.None));
        Assert.Equal(1, await inner.ReadHighestSequenceNrAsync("router-" + Ticker, CancellationToken.None));
    }

    [Fact]
    public async Task SetControl_NewGenerationPerCommand_LoggedInOrder_AndHeartbeatReportsTradingState()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var a = await OpenAsync(schema, "a");
        await a.EnsureLockConnectionAsync(CancellationToken.None);
        Assert.Equal(new Domain.Protocol.ClusterControl(false, 0, "", "", null, null), await a.ReadControlAsync(CancellationToken.None));

        var kill = await a.SetControlAsync(true, "runaway", "ops", CancellationToken.None);
        var reset = await a.SetControlAsync(false, "fixed", "ops", CancellationToken.None);
        Assert.Equal((true, 1L, "runaway", "a"), (kill.Halted, kill.Generation, kill.Reason, kill.ChangedBy));
        Assert.Equal((false, 2L), (reset.Halted, reset.Generation));
        Assert.Equal(reset, await a.ReadControlAsync(CancellationToken.None));

        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"SELECT generation, halted, reason FROM \"{schema}\".cluster_control_log ORDER BY generation", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var log = new List<(long, bool, string)>();
            while (await reader.ReadAsync())
            {
                log.Add((reader.GetInt64(0), reader.GetBoolean(1), reader.GetString(2)));
            }

            Assert.Equal([(1L, true, "runaway"), (2L, false, "fixed")], log);
        }

        var members = await a.HeartbeatAsync(DateTimeOffset.UtcNow, Domain.Protocol.TradingState.Halted, CancellationToken.None);
        Assert.Equal(Domain.Protocol.TradingState.Halted, Assert.Single(members).TradingState);
        var state = await a.ReadStateAsync(CancellationToken.None);
        Assert.Equal(Domain.Protocol.TradingState.Halted, Assert.Single(state.Members).TradingState);
        Assert.Equal(reset, state.Control);
    }

    [Fact]
    public async Task RecordTakenControl_PerNode_NeverBackwards_KeptWhenTheNodeLeaves()
    {
        var schema = PostgreSqlServerFixture.NewSchema();
        await using var a = await OpenAsync(schema, "a");
        await using var b = await OpenAsync(schema, "b");
        await a.EnsureLockConnectionAsync(CancellationToken.None);
        Assert.Null(await a.ReadTakenControlAsync(CancellationToken.None));

        Assert.Equal(3, await a.RecordTakenControlAsync(3, CancellationToken.None));
        // A late record of an older generation does not move it back.
        Assert.Equal(3, await a.RecordTakenControlAsync(2, CancellationToken.None));
        Assert.Equal(3, await a.ReadTakenControlAsync(CancellationToken.None));
        Assert.Null(await b.ReadTakenControlAsync(CancellationToken.None));

        await a.LeaveAsync(CancellationToken.None);
        await using var again = await OpenAsync(schema, "a");
        Assert.Equal(3, await again.ReadTakenControlAsync(CancellationToken.None));
    }
}
