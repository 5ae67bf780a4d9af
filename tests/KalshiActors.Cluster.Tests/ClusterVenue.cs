using System.Globalization;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Simulator;
using KalshiActors.Simulator;
using KalshiActors.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace KalshiActors.Cluster.Tests;

/// <summary>
/// What the process-based cluster tests run their nodes against: a simulator living in the test (so it outlives the nodes,
/// as the exchange would), a client of it, a database of its own on the throwaway PostgreSQL server, and a temp working
/// directory with the node config and the API key.
/// </summary>
internal sealed class ClusterVenue : IAsyncDisposable
{
    /// <summary>The account's worst-case exposure limit every node's config sets.</summary>
    public const decimal AccountMaxExposure = 30m;

    private readonly string _adminConnectionString;
    private readonly HttpClient _http;
    private readonly KalshiCredentials _credentials;
    private readonly KalshiRestClient _rest;

    private ClusterVenue(string adminConnectionString, string database, string temp, RunningSimulator simulator, HttpClient http, KalshiCredentials credentials, KalshiRestClient rest, string keyFile)
    {
        _adminConnectionString = adminConnectionString;
        Database = database;
        Temp = temp;
        Simulator = simulator;
        _http = http;
        _credentials = credentials;
        _rest = rest;
        Gateway = new KalshiOrderGateway(rest);
        KeyFile = keyFile;
    }

    /// <summary>The name of this venue's database (its journal and cluster tables use the default schema, as `journal events` reads them).</summary>
    public string Database { get; }

    /// <summary>The nodes' working directory.</summary>
    public string Temp { get; }

    /// <summary>The exchange the nodes trade.</summary>
    public RunningSimulator Simulator { get; }

    /// <summary>The test's own view of the exchange's account.</summary>
    public KalshiOrderGateway Gateway { get; }

    /// <summary>The simulator's private key, mode 0600, for KALSHI_PRIVATE_KEY_FILE.</summary>
    public string KeyFile { get; }

    /// <summary>The venue's database as the server's admin role.</summary>
    public string ConnectionString => ConnectionStringFor(role: null);

    /// <summary>
    /// Starts the simulator (seeded, so each test class sees its own repeatable markets) and creates the database.
    /// <paramref name="extraEvents"/> more single-market events (binary, fair value 0.50) are listed besides the simulator's
    /// own five: markets are sharded by event, and with five events a node of two holds none of them now and then.
    /// </summary>
    public static async Task<ClusterVenue> StartAsync(string adminConnectionString, string databasePrefix, int simulatorSeed, int extraEvents = 0)
    {
        var temp = Directory.CreateTempSubdirectory("kalshi-" + databasePrefix.Replace('_', '-')).FullName;
        var simulatorConfig = Path.Combine(temp, "venue.conf");
        await File.WriteAllTextAsync(simulatorConfig, $"kalshi-actors.simulator {{ step-interval = 200ms, seed = {simulatorSeed} }}");
        var settings = EmbeddedSimulator.ReadSettings(KalshiActorsConfiguration.Load(new ConfigurationSources { ConfigFiles = [simulatorConfig] }));
        settings = settings with
        {
            Markets =
            [
                .. settings.Markets,
                .. Enumerable.Range(1, extraEvents).Select(i => new MarketDefinition
                {
                    Kind = MarketKind.Binary, Series = $"KXSIMDIST{i}", Title = $"Will it rain in Simville district {i} tomorrow?", FairValue = 0.50,
                }),
            ],
        };
        var simulator = await EmbeddedSimulator.StartAsync(settings, CancellationToken.None);
        var credentials = KalshiCredentials.FromPem(simulator.GeneratedKeyId!, simulator.GeneratedPrivateKeyPem!);
        var http = new HttpClient();
        var exchange = KalshiActorsConfiguration.Load(new ConfigurationSources()).Settings.Exchange;
        var rest = new KalshiRestClient(http, exchange.Rest with { RestBaseUrl = simulator.RestBaseUrl }, credentials, TimeProvider.System, NullLogger<KalshiRestClient>.Instance);
        var keyFile = Path.Combine(temp, "key.pem");
        await File.WriteAllTextAsync(keyFile, simulator.GeneratedPrivateKeyPem!);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var venue = new ClusterVenue(adminConnectionString, databasePrefix + Guid.NewGuid().ToString("N")[..12], temp, simulator, http, credentials, rest, keyFile);
        await venue.AdminAsync($"CREATE DATABASE {venue.Database}");
        return venue;
    }

    /// <summary>The venue's database as <paramref name="role"/> (the admin role when null).</summary>
    public string ConnectionStringFor(string? role)
    {
        var builder = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = Database };
        if (role is not null)
        {
            builder.Username = role;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Writes the node config: the simulator's endpoints, a 250 ms heartbeat and a 6 s budget lease, the account limits
    /// ($30, 30 positions), the default strategies off and <paramref name="strategies"/> (HOCON entries of
    /// `strategies.instances`) on.
    /// </summary>
    public string WriteNodeConfig(int shardCount, TimeSpan leaseTimeout, TimeSpan statusInterval, string strategies = "")
    {
        var ms = (TimeSpan t) => ((int)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        return Write("cluster-node.conf", $$"""
            kalshi-actors {
              logging.file.enabled = off
              node.status-interval = {{ms(statusInterval)}}
              persistence.query.refresh-interval = 200ms
              exchange.environments.simulator { rest-url = "{{Simulator.RestBaseUrl}}", websocket-url = "{{Simulator.WebSocketUrl}}" }
              cluster {
                shard-count = {{shardCount}}
                heartbeat-interval = 250ms
                lease-timeout = {{ms(leaseTimeout)}}
                budget-lease-duration = 6s
                handoff-grace = 200ms
                account-max-exposure = "{{AccountMaxExposure.ToString("0.00", CultureInfo.InvariantCulture)}}"
                account-max-positions = 30
              }
              strategies.instances {
                ev-threshold.enabled = false
                vol-kelly-btc15m.enabled = false
                {{strategies}}
              }
            }
            """);
    }

    /// <summary>Starts `kalshi-actors run --env cluster` as node <paramref name="nodeId"/>, journaling to this venue's database.</summary>
    public ChildRun StartNode(string nodeId, string config, string? role = null, params string[] extraArguments) =>
        ChildRun.Start(
            ["run", "--env", "cluster", "--journal", "postgres:" + ConnectionStringFor(role), "--config", config, .. extraArguments],
            new Dictionary<string, string>
            {
                ["KALSHI_ACTORS_NODE_ID"] = nodeId,
                ["KALSHI_API_KEY_ID"] = Simulator.GeneratedKeyId!,
                ["KALSHI_PRIVATE_KEY_FILE"] = KeyFile,
            },
            Temp);

    /// <summary>Writes a file in the working directory and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Path.Combine(Temp, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs SQL on the server as the admin role (outside this venue's database).</summary>
    public async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The last 40 lines of a node's output, without the periodic fills lines.</summary>
    public static string Tail(string text) =>
        string.Join('\n', text.Split('\n').Where(l => !l.Contains("| fills ", StringComparison.Ordinal)).TakeLast(40));

    /// <summary>Stops the simulator, drops the database and deletes the working directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await _rest.DisposeAsync();
        _http.Dispose();
        _credentials.Dispose();
        await Simulator.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)");
        Directory.Delete(Temp, recursive: true);
    }
}
