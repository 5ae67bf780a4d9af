using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Npgsql;

namespace KalshiActors.Cluster;

/// <summary>A member row as read in a round.</summary>
internal sealed record MemberRow(string NodeId, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Live, TradingState? TradingState = null);

/// <summary>
/// The cluster's tables in the journal's PostgreSQL database, and the node's dedicated lock connection. Shard ownership is
/// a session-level advisory lock (two-int key: the cluster's lock space, the shard) taken on that one connection, so the
/// database releases every lock of a node the moment its session ends (crash, SIGKILL, a dropped or terminated
/// connection). Everything else (members, epochs, budgets) is plain rows; the database clock (now()) is the only clock
/// compared across nodes.
/// </summary>
internal sealed class ClusterDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _pool;
    private readonly string _lockConnectionString;
    private readonly string _schema;
    private readonly string _nodeId;
    private readonly ClusterSettings _settings;
    private NpgsqlConnection? _lock;

    private ClusterDatabase(NpgsqlDataSource pool, string lockConnectionString, string schema, string nodeId, ClusterSettings settings)
    {
        _pool = pool;
        _lockConnectionString = lockConnectionString;
        _schema = schema;
        _nodeId = nodeId;
        _settings = settings;
        LockSpace = unchecked((int)ShardMap.Fnv1a("kalshi-actors.cluster." + schema));
    }

    /// <summary>First half of every shard's advisory lock key (the second is the shard number).</summary>
    public int LockSpace { get; }

    /// <summary>The application name of the lock connection (so operators and tests can find it in pg_stat_activity).</summary>
    public string LockApplicationName => LockApplicationPrefix + _nodeId;

    /// <summary>Prefix of every lock connection's application name (the node id follows).</summary>
    public const string LockApplicationPrefix = "kalshi-actors-lock:";

    /// <summary>Connects, creates the cluster tables when missing and checks the shard count against the database's.</summary>
    public static async Task<ClusterDatabase> OpenAsync(string connectionString, string schema, string nodeId, ClusterSettings settings, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ClusterException($"The cluster's PostgreSQL connection string is invalid: {ex.Message}");
        }

        var timeoutSeconds = (int)Math.Max(1, Math.Ceiling(settings.LeaseTimeout.TotalSeconds / 2));
        builder.CommandTimeout = timeoutSeconds;
        builder.Timeout = timeoutSeconds;
        builder.ApplicationName = "kalshi-actors-cluster:" + nodeId;
        builder.MaxPoolSize = 5;
        var pooled = builder.ConnectionString;
        builder.ApplicationName = LockApplicationPrefix + nodeId;
        builder.Pooling = false;
        // A connection that dies silently (cable pulled) is noticed by the server within seconds, releasing the locks.
        builder.KeepAlive = timeoutSeconds;
        var database = new ClusterDatabase(NpgsqlDataSource.Create(pooled), builder.ConnectionString, schema, nodeId, settings);
        try
        {
            await database.CreateTablesAsync(cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private string T(string table) => $"\"{_schema}\".cluster_{table}";

    private async Task CreateTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // Nodes starting together must not race on CREATE TABLE.
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@space, -1)", cancellationToken, ("space", LockSpace)).ConfigureAwait(false);
        await ExecuteAsync(connection, $"""
            CREATE SCHEMA IF NOT EXISTS "{_schema}";
            CREATE TABLE IF NOT EXISTS {T("account")} (
              id int PRIMARY KEY CHECK (id = 1),
              shard_count int NOT NULL,
              max_exposure_units bigint NOT NULL,
              max_positions int NOT NULL);
            CREATE TABLE IF NOT EXISTS {T("members")} (
              node_id text PRIMARY KEY,
              started_at timestamptz NOT NULL,
              heartbeat_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS {T("shards")} (
              shard int PRIMARY KEY,
              epoch bigint NOT NULL DEFAULT 0,
              owner text NULL,
              acquired_at timestamptz NULL);
            CREATE TABLE IF NOT EXISTS {T("budget_leases")} (
              node_id text PRIMARY KEY,
              exposure_units bigint NOT NULL CHECK (exposure_units >= 0),
              positions int NOT NULL CHECK (positions >= 0),
              expires_at timestamptz NOT NULL);
            ALTER TABLE {T("members")} ADD COLUMN IF NOT EXISTS trading_state text NULL;
            ALTER TABLE {T("account")} ADD COLUMN IF NOT EXISTS shard_mapping text NULL;
            CREATE TABLE IF NOT EXISTS {T("controls")} (
              id int PRIMARY KEY CHECK (id = 1),
              halted boolean NOT NULL,
              generation bigint NOT NULL,
              reason text NOT NULL,
              operator text NOT NULL,
              changed_by text NULL,
              changed_at timestamptz NULL);
            INSERT INTO {T("controls")} (id, halted, generation, reason, operator) VALUES (1, false, 0, '', '') ON CONFLICT (id) DO NOTHING;
            CREATE TABLE IF NOT EXISTS {T("node_controls")} (
              node_id text PRIMARY KEY,
              generation bigint NOT NULL,
              at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS {T("control_log")} (
              generation bigint PRIMARY KEY,
              halted boolean NOT NULL,
              reason text NOT NULL,
              operator text NOT NULL,
              node_id text NOT NULL,
              at timestamptz NOT NULL);
            """, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            $"INSERT INTO {T("account")} (id, shard_count, max_exposure_units, max_positions, shard_mapping) VALUES (1, @shards, @exposure, @positions, @mapping) ON CONFLICT (id) DO NOTHING",
            cancellationToken,
            ("mapping", ShardMap.Mapping),
            ("shards", _settings.ShardCount),
            ("exposure", _settings.AccountMaxExposure.Units),
            ("positions", _settings.AccountMaxPositions)).ConfigureAwait(false);
        string? mapping;
        await using (var read = new NpgsqlCommand($"SELECT shard_count, max_exposure_units, max_positions, shard_mapping FROM {T("account")} WHERE id = 1", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var shards = reader.GetInt32(0);
            if (shards != _settings.ShardCount)
            {
                throw new ClusterException(
                    $"cluster.shard-count is {_settings.ShardCount} but the cluster in this database uses {shards}; every node must use the same count " +
                    "(changing it needs every node stopped and the cluster_ tables dropped).");
            }

            AccountLimits = new RiskBudget(Money.FromUnits(reader.GetInt64(1)), reader.GetInt32(2));
            mapping = reader.IsDBNull(3) ? null : reader.GetString(3);
        }

        await CheckShardMappingAsync(connection, transaction, mapping, cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(
            connection,
            $"INSERT INTO {T("shards")} (shard) SELECT generate_series(0, @count - 1) ON CONFLICT (shard) DO NOTHING",
            cancellationToken,
            ("count", _settings.ShardCount)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    // Nodes that map markets to shards differently would each trade markets the other holds. A database written before the
    // mapping was recorded (no value: markets by their own ticker) moves to this one only while no node of it runs.
    private async Task CheckShardMappingAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string? mapping, CancellationToken cancellationToken)
    {
        if (mapping == ShardMap.Mapping)
        {
            return;
        }

        if (mapping is not null)
        {
            throw new ClusterException(
                $"The cluster in this database maps markets to shards by '{mapping}', which this version does not know (it maps by '{ShardMap.Mapping}'); " +
                "run every node on the same version.");
        }

        var running = (await ReadMembersAsync(connection, cancellationToken).ConfigureAwait(false)).Where(m => m.Live && m.NodeId != _nodeId).Select(m => m.NodeId).ToList();
        if (running.Count > 0)
        {
            throw new ClusterException(
                $"The cluster in this database maps markets to shards by their own ticker (an earlier version) and its nodes {string.Join(", ", running)} are running: " +
                $"this version maps them by event, so both would trade the same markets. Stop every node, then start them all on this version (the first records the new mapping).");
        }

        await using var update = new NpgsqlCommand($"UPDATE {T("account")} SET shard_mapping = @mapping WHERE id = 1", connection, transaction);
        update.Parameters.AddWithValue("mapping", ShardMap.Mapping);
        await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The account-wide limits as the database holds them (set by the first node; the others' settings must match).</summary>
    public RiskBudget AccountLimits { get; private set; }

    /// <summary>Opens the lock connection when there is none or it broke; true when a new one was opened (no lock is held on it).</summary>
    public async Task<bool> EnsureLockConnectionAsync(CancellationToken cancellationToken)
    {
        if (_lock is { State: System.Data.ConnectionState.Open })
        {
            return false;
        }

        if (_lock is not null)
        {
            await _lock.DisposeAsync().ConfigureAwait(false);
            _lock = null;
        }

        var connection = new NpgsqlConnection(_lockConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _lock = connection;
        return true;
    }

    /// <summary>Drops the lock connection (its locks are released by the database).</summary>
    public async Task DropLockConnectionAsync()
    {
        if (_lock is not null)
        {
            await _lock.DisposeAsync().ConfigureAwait(false);
            _lock = null;
        }
    }

    private NpgsqlConnection Lock => _lock ?? throw new ClusterException("The lock connection is not open.");

    /// <summary>Upserts this node's heartbeat (on the lock connection, so a heartbeat proves the locks' session is alive) and reads the members.</summary>
    public async Task<IReadOnlyList<MemberRow>> HeartbeatAsync(DateTimeOffset startedAt, TradingState? tradingState, CancellationToken cancellationToken)
    {
        await ExecuteAsync(
            Lock,
            $"INSERT INTO {T("members")} (node_id, started_at, heartbeat_at, trading_state) VALUES (@node, @started, now(), @state) " +
            "ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now(), started_at = EXCLUDED.started_at, trading_state = EXCLUDED.trading_state",
            cancellationToken,
            ("node", _nodeId),
            ("started", startedAt.UtcDateTime),
            ("state", (object?)tradingState?.ToString() ?? DBNull.Value)).ConfigureAwait(false);
        return await ReadMembersAsync(Lock, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<MemberRow>> ReadMembersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT node_id, started_at, heartbeat_at, heartbeat_at > now() - @timeout " +
            // A member whose lock session is gone (killed, cut off) holds no shard and is not waited for.
            "AND EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.application_name = 'kalshi-actors-lock:' || m.node_id), trading_state " +
            $"FROM {T("members")} m ORDER BY node_id",
            connection);
        command.Parameters.AddWithValue("timeout", _settings.LeaseTimeout);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var members = new List<MemberRow>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var state = reader.IsDBNull(4) ? null : Enum.TryParse<TradingState>(reader.GetString(4), out var parsed) ? parsed : (TradingState?)null;
            members.Add(new MemberRow(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetBoolean(3), state));
        }

        return members;
    }

    /// <summary>Tries the shard's advisory lock; on success increments and returns its epoch, else null (another node holds it).</summary>
    public async Task<long?> TryAcquireAsync(int shard, CancellationToken cancellationToken)
    {
        await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@space, @shard)", Lock))
        {
            command.Parameters.AddWithValue("space", LockSpace);
            command.Parameters.AddWithValue("shard", shard);
            if (!(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
            {
                return null;
            }
        }

        await using var bump = new NpgsqlCommand(
            $"UPDATE {T("shards")} SET epoch = epoch + 1, owner = @node, acquired_at = now() WHERE shard = @shard RETURNING epoch", Lock);
        bump.Parameters.AddWithValue("node", _nodeId);
        bump.Parameters.AddWithValue("shard", shard);
        return (long)(await bump.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>
    /// The shards whose lock the lock connection's session holds now, as the database sees it: the truth a round starts
    /// from (a round cancelled mid-acquire may hold a lock it never learned about).
    /// </summary>
    public async Task<IReadOnlySet<int>> ReadHeldLocksAsync(CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT objid::int FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND pid = pg_backend_pid() AND classid = @space::bigint::oid",
            Lock);
        command.Parameters.AddWithValue("space", (long)(uint)LockSpace);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var held = new HashSet<int>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            held.Add(reader.GetInt32(0));
        }

        return held;
    }

    /// <summary>Releases the shard's advisory lock (the next owner bumps the epoch).</summary>
    public async Task ReleaseAsync(int shard, CancellationToken cancellationToken)
    {
        // Session locks count re-entries: unlock until the session no longer holds it. Unlocking only while pg_locks shows
        // it held, since an unlock of a lock not held makes the server log a warning (one per released shard otherwise).
        await using var command = new NpgsqlCommand(
            "SELECT pg_advisory_unlock(@space, @shard) FROM pg_locks " +
            "WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND pid = pg_backend_pid() AND classid = @spaceOid::bigint::oid AND objid = @shard::bigint::oid",
            Lock);
        command.Parameters.AddWithValue("space", LockSpace);
        command.Parameters.AddWithValue("spaceOid", (long)(uint)LockSpace);
        command.Parameters.AddWithValue("shard", shard);
        for (var i = 0; i < 100 && await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true; i++)
        {
        }
    }

    /// <summary>The epochs the database holds for <paramref name="shards"/> (the journal fence compares them with the node's).</summary>
    public async Task<IReadOnlyDictionary<int, long>> ReadEpochsAsync(IReadOnlyCollection<int> shards, CancellationToken cancellationToken)
    {
        await using var command = _pool.CreateCommand($"SELECT shard, epoch FROM {T("shards")} WHERE shard = ANY(@shards)");
        command.Parameters.AddWithValue("shards", shards.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var epochs = new Dictionary<int, long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            epochs[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return epochs;
    }

    /// <summary>
    /// Leases (or renews) this node's budget in one transaction: the account row is locked, expired leases are reclaimed,
    /// and the grant is the request capped by what the other live leases leave, so the leases never exceed the account.
    /// </summary>
    public async Task<(RiskBudget Granted, DateTimeOffset ExpiresAt)> LeaseBudgetAsync(RiskBudget desired, CancellationToken cancellationToken)
    {
        await using var connection = await _pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        RiskBudget account;
        await using (var read = new NpgsqlCommand($"SELECT max_exposure_units, max_positions FROM {T("account")} WHERE id = 1 FOR UPDATE", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            account = new RiskBudget(Money.FromUnits(reader.GetInt64(0)), reader.GetInt32(1));
        }

        await ExecuteAsync(connection, $"DELETE FROM {T("budget_leases")} WHERE expires_at <= now()", cancellationToken).ConfigureAwait(false);
        RiskBudget others;
        await using (var sum = new NpgsqlCommand(
                         $"SELECT coalesce(sum(exposure_units), 0)::bigint, coalesce(sum(positions), 0)::int FROM {T("budget_leases")} WHERE node_id <> @node",
                         connection,
                         transaction))
        {
            sum.Parameters.AddWithValue("node", _nodeId);
            await using var reader = await sum.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            others = new RiskBudget(Money.FromUnits(reader.GetInt64(0)), reader.GetInt32(1));
        }

        var granted = RiskBudgetArithmetic.Grant(desired, others, account);
        DateTimeOffset expires;
        await using (var upsert = new NpgsqlCommand(
                         $"INSERT INTO {T("budget_leases")} (node_id, exposure_units, positions, expires_at) VALUES (@node, @exposure, @positions, now() + @duration) " +
                         "ON CONFLICT (node_id) DO UPDATE SET exposure_units = EXCLUDED.exposure_units, positions = EXCLUDED.positions, expires_at = EXCLUDED.expires_at " +
                         "RETURNING expires_at",
                         connection,
                         transaction))
        {
            upsert.Parameters.AddWithValue("node", _nodeId);
            upsert.Parameters.AddWithValue("exposure", granted.MaxExposure.Units);
            upsert.Parameters.AddWithValue("positions", granted.MaxPositions);
            upsert.Parameters.AddWithValue("duration", _settings.BudgetLeaseDuration);
            expires = (DateTimeOffset)(DateTime)(await upsert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        AccountLimits = account;
        return (granted, expires);
    }

    /// <summary>The cluster-wide control row, read on the lock connection in a round (every node polls it on its heartbeat).</summary>
    public Task<ClusterControl> ReadControlAsync(CancellationToken cancellationToken) => ReadControlAsync(Lock, cancellationToken);

    private async Task<ClusterControl> ReadControlAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT halted, generation, reason, operator, changed_by, changed_at FROM {T("controls")} WHERE id = 1", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            throw new ClusterException($"The cluster's control row is missing from {T("controls")}.");
        }

        return new ClusterControl(
            reader.GetBoolean(0),
            reader.GetInt64(1),
            reader.GetString(2),
            reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
    }

    /// <summary>
    /// Turns the cluster-wide kill switch on or off as an operator command: the control row gets a new generation and the
    /// command is appended to the control log, in one transaction. Every node applies it on its next heartbeat.
    /// </summary>
    public async Task<ClusterControl> SetControlAsync(bool halted, string reason, string @operator, CancellationToken cancellationToken)
    {
        await using var connection = await _pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            $"UPDATE {T("controls")} SET halted = @halted, generation = generation + 1, reason = @reason, operator = @operator, changed_by = @node, changed_at = now() WHERE id = 1; " +
            $"INSERT INTO {T("control_log")} (generation, halted, reason, operator, node_id, at) SELECT generation, halted, reason, operator, changed_by, changed_at FROM {T("controls")} WHERE id = 1",
            cancellationToken,
            ("halted", halted),
            ("reason", reason),
            ("operator", @operator),
            ("node", _nodeId)).ConfigureAwait(false);
        var control = await ReadControlAsync(connection, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return control;
    }

    /// <summary>
    /// Records the control generation this node's risk guardian has taken (on the lock connection, in a round). Kept when
    /// the node leaves: a node that comes back compares it with the control row to learn what it missed while away.
    /// </summary>
    public async Task<long> RecordTakenControlAsync(long generation, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"INSERT INTO {T("node_controls")} (node_id, generation, at) VALUES (@node, @generation, now()) " +
            $"ON CONFLICT (node_id) DO UPDATE SET generation = GREATEST({T("node_controls")}.generation, EXCLUDED.generation), at = now() RETURNING generation",
            Lock);
        command.Parameters.AddWithValue("node", _nodeId);
        command.Parameters.AddWithValue("generation", generation);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>The control generation this node's guardian last took, as recorded (null: the node never took one).</summary>
    public async Task<long?> ReadTakenControlAsync(CancellationToken cancellationToken)
    {
        await using var command = _pool.CreateCommand($"SELECT generation FROM {T("node_controls")} WHERE node_id = @node");
        command.Parameters.AddWithValue("node", _nodeId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long generation ? generation : null;
    }

    /// <summary>Leaves the cluster: returns the budget, removes the member row and closes the lock connection (releasing every shard).</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        await using (var connection = await _pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, $"DELETE FROM {T("budget_leases")} WHERE node_id = @node", cancellationToken, ("node", _nodeId)).ConfigureAwait(false);
            await ExecuteAsync(connection, $"DELETE FROM {T("members")} WHERE node_id = @node", cancellationToken, ("node", _nodeId)).ConfigureAwait(false);
        }

        await DropLockConnectionAsync().ConfigureAwait(false);
    }

    /// <summary>The whole cluster as the database sees it now.</summary>
    public async Task<ClusterState> ReadStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _pool.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var members = (await ReadMembersAsync(connection, cancellationToken).ConfigureAwait(false))
            .Select(m => new ClusterMember(m.NodeId, m.StartedAt, m.HeartbeatAt, m.Live) { TradingState = m.TradingState })
            .ToList();
        var shards = new List<ShardOwnership>();
        await using (var command = new NpgsqlCommand($"SELECT shard, owner, epoch, acquired_at FROM {T("shards")} ORDER BY shard", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                shards.Add(new ShardOwnership(
                    reader.GetInt32(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        var budgets = new List<RiskBudgetLease>();
        await using (var command = new NpgsqlCommand(
                         $"SELECT node_id, exposure_units, positions, expires_at FROM {T("budget_leases")} WHERE expires_at > now() ORDER BY node_id", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                budgets.Add(new RiskBudgetLease(reader.GetString(0), Money.FromUnits(reader.GetInt64(1)), reader.GetInt32(2), reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        DateTimeOffset now;
        await using (var command = new NpgsqlCommand("SELECT now()", connection))
        {
            now = (DateTimeOffset)(DateTime)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }

        var control = await ReadControlAsync(connection, cancellationToken).ConfigureAwait(false);
        return new ClusterState(_nodeId, _settings.ShardCount, members, shards, budgets, AccountLimits.MaxExposure, AccountLimits.MaxPositions, now)
        {
            Control = control,
        };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DropLockConnectionAsync().ConfigureAwait(false);
        await _pool.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For logs: the node and schema (never the connection string).</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"cluster {_schema} as {_nodeId}");
}
