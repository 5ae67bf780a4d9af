using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Exchange.WebSocket;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Settings;
using KalshiActors.Hosting.Simulator;
using KalshiActors.Markets;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// What the node trades against, chosen by mode: the simulator (embedded on loopback or a separate one) and the live or
/// demo exchange through the same REST and WebSocket clients; paper mode takes market data from either and sends no
/// orders (<see cref="Gateway"/> is null: fills come from the in-process paper model).
/// </summary>
public sealed class NodeExchange : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly KalshiCredentials? _credentials;
    private readonly KalshiRestClient _rest;
    private readonly KalshiWebSocketOptions _webSocket;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;

    private NodeExchange(
        RunMode mode,
        string description,
        HttpClient http,
        KalshiCredentials? credentials,
        KalshiRestClient rest,
        KalshiWebSocketOptions webSocket,
        bool sendsOrders,
        RunningSimulator? embedded,
        Uri? simulatorBaseUrl,
        Func<string, bool> trades,
        MarketDataRecorder? recorder,
        TimeProvider time,
        ILoggerFactory loggers,
        TimeSpan fairValuePollInterval)
    {
        Mode = mode;
        Description = description;
        _http = http;
        _credentials = credentials;
        _rest = rest;
        _webSocket = webSocket;
        _time = time;
        _loggers = loggers;
        EmbeddedSimulator = embedded;
        SimulatorBaseUrl = simulatorBaseUrl;
        Recorder = recorder;
        RestGateway = new KalshiOrderGateway(rest);
        Gateway = sendsOrders ? RestGateway : null;
        Catalog = new FilteredCatalogSource(new KalshiMarketCatalogSource(rest), trades);
        ScanSource = new KalshiMarketScanSource(rest);
        FairValueFeeds = simulatorBaseUrl is null
            ? []
            :
            [
                new FairValueFeedRegistration(
                    "spot",
                    () => new SimulatorHiddenStateFeed(http, simulatorBaseUrl, SimulatorFeedKind.Spot, fairValuePollInterval, time, loggers.CreateLogger<SimulatorHiddenStateFeed>())),
                new FairValueFeedRegistration(
                    "game-state",
                    () => new SimulatorHiddenStateFeed(http, simulatorBaseUrl, SimulatorFeedKind.GameState, fairValuePollInterval, time, loggers.CreateLogger<SimulatorHiddenStateFeed>())),
            ];
    }

    /// <summary>The mode the exchange was chosen for.</summary>
    public RunMode Mode { get; }

    /// <summary>One line for the log and the summary: where data comes from and where orders go.</summary>
    public string Description { get; }

    /// <summary>Where orders go; null in paper mode (nothing is sent to an exchange).</summary>
    public IOrderGateway? Gateway { get; }

    /// <summary>The exchange's REST order endpoints even in paper mode, for reads (reconciliation, balance); never used to send in paper mode.</summary>
    public IOrderGateway RestGateway { get; }

    /// <summary>The market catalog (REST listing).</summary>
    public IMarketCatalogSource Catalog { get; }

    /// <summary>What the market scanner reads (every open market, price history, last trades), through the same rate-limited client.</summary>
    public IMarketScanSource ScanSource { get; }

    /// <summary>
    /// Fair-value inputs, as factories the feed actors call on every (re)start (in simulator data modes: the simulator's
    /// spot and game-state processes; real adapters are a separate issue).
    /// </summary>
    public IReadOnlyList<FairValueFeedRegistration> FairValueFeeds { get; }

    /// <summary>The simulator started inside the node, if any.</summary>
    public RunningSimulator? EmbeddedSimulator { get; }

    /// <summary>http://host:port of the simulator the node talks to (embedded or separate), or null for the real exchange.</summary>
    public Uri? SimulatorBaseUrl { get; }

    /// <summary>The `--record` writer, if recording.</summary>
    public MarketDataRecorder? Recorder { get; }

    /// <summary>A new, unconnected WebSocket feed (the client never reconnects; the feed actor makes a new one).</summary>
    public IMarketDataFeed CreateFeed()
    {
        var recorder = Recorder;
        return new KalshiWebSocketClient(_webSocket, _credentials, _time, _loggers.CreateLogger<KalshiWebSocketClient>())
        {
            FrameObserver = recorder is null ? null : recorder.Observe,
        };
    }

    /// <summary>
    /// Chooses and opens the exchange for <paramref name="configuration"/>'s mode; throws <see cref="NodeStartRefusedException"/>
    /// for live or demo without <paramref name="confirmLive"/> or keys, and for backtest and cluster modes.
    /// </summary>
    /// <param name="configuration">The validated configuration.</param>
    /// <param name="confirmLive">Whether `--confirm-live` was given.</param>
    /// <param name="lookupVariable">Environment variable lookup (API key id and key file path).</param>
    /// <param name="recordDirectory">Where to record market data (`--record`), or null.</param>
    /// <param name="time">The clock.</param>
    /// <param name="loggers">Where the clients log.</param>
    /// <param name="cancellationToken">Cancels startup.</param>
    public static async Task<NodeExchange> OpenAsync(
        KalshiActorsConfiguration configuration,
        bool confirmLive,
        Func<string, string?> lookupVariable,
        string? recordDirectory,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(lookupVariable);
        var settings = configuration.Settings;
        var node = settings.Node;
        var exchange = settings.Exchange;
        var mode = settings.Mode;
        Refuse(CheckMode(mode, confirmLive, exchange, lookupVariable, node));

        var useSimulator = mode == RunMode.Simulator || (mode == RunMode.Paper && node.PaperMarketData == PaperMarketData.Simulator);
        RunningSimulator? embedded = null;
        KalshiCredentials? credentials = null;
        MarketDataRecorder? recorder = null;
        try
        {
            Uri restUrl;
            Uri webSocketUrl;
            string where;
            if (useSimulator && node.EmbeddedSimulator)
            {
                embedded = await Simulator.EmbeddedSimulator.StartAsync(configuration, cancellationToken).ConfigureAwait(false);
                restUrl = embedded.RestBaseUrl;
                webSocketUrl = embedded.WebSocketUrl;
                credentials = embedded.GeneratedKeyId is { } keyId && embedded.GeneratedPrivateKeyPem is { } pem
                    ? KalshiCredentials.FromPem(keyId, pem)
                    : FromEnvironment(exchange, lookupVariable, loggers);
                where = $"embedded simulator at {restUrl.GetLeftPart(UriPartial.Authority)}";
            }
            else
            {
                var endpoints = exchange.Endpoints[useSimulator ? "simulator" : exchange.Environment];
                restUrl = endpoints.RestUrl;
                webSocketUrl = endpoints.WebSocketUrl;
                credentials = FromEnvironment(exchange, lookupVariable, loggers);
                where = useSimulator ? $"simulator at {restUrl.GetLeftPart(UriPartial.Authority)}" : $"{exchange.Environment} exchange at {restUrl.Host}";
            }

            if (recordDirectory is not null)
            {
                recorder = MarketDataRecorder.Create(recordDirectory, time.GetUtcNow());
            }

            var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            var rest = new KalshiRestClient(http, exchange.Rest with { RestBaseUrl = restUrl }, credentials, time, loggers.CreateLogger<KalshiRestClient>());
            var sendsOrders = mode != RunMode.Paper;
            var description = sendsOrders
                ? $"{mode.ToString().ToLowerInvariant()}: market data and orders via the {where}"
                : $"paper: market data from the {where}; fills from the in-process paper model, no orders sent";
            return new NodeExchange(
                mode,
                description,
                http,
                credentials,
                rest,
                exchange.WebSocket with { WebSocketUrl = webSocketUrl },
                sendsOrders,
                embedded,
                useSimulator ? new Uri(restUrl.GetLeftPart(UriPartial.Authority)) : null,
                node.Trades,
                recorder,
                time,
                loggers,
                node.FairValuePollInterval);
        }
        catch
        {
            credentials?.Dispose();
            if (recorder is not null)
            {
                await recorder.DisposeAsync().ConfigureAwait(false);
            }

            if (embedded is not null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Every reason <paramref name="mode"/> cannot start as configured (empty = it can).</summary>
    internal static IReadOnlyList<string> CheckMode(RunMode mode, bool confirmLive, ExchangeSettings exchange, Func<string, string?> lookupVariable, NodeSettings node)
    {
        var reasons = new List<string>();
        switch (mode)
        {
            case RunMode.Backtest:
                reasons.Add("mode 'backtest' is not served by `run`: backtests and replays are a separate issue; use --env simulator, paper, demo or live");
                break;
            case RunMode.Cluster:
                reasons.Add("mode 'cluster' is not served by `run`: multi-node clusters are a separate issue; use --env simulator, paper, demo or live");
                break;
            case RunMode.Live or RunMode.Demo:
                if (!confirmLive)
                {
                    reasons.Add($"--env {mode.ToString().ToLowerInvariant()} sends real orders to the {exchange.Environment} exchange ({exchange.Endpoints[exchange.Environment].RestUrl.Host}); add --confirm-live to confirm");
                }

                reasons.AddRange(MissingKeys(exchange, lookupVariable));
                break;
            case RunMode.Paper when node.PaperMarketData == PaperMarketData.Exchange:
                reasons.AddRange(MissingKeys(exchange, lookupVariable));
                break;
            case RunMode.Simulator or RunMode.Paper when !node.EmbeddedSimulator:
                reasons.AddRange(MissingKeys(exchange, lookupVariable));
                break;
        }

        return reasons;
    }

    /// <summary>Stops the feeds, closes the clients and stops an embedded simulator.</summary>
    public async ValueTask DisposeAsync()
    {
        await _rest.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _credentials?.Dispose();
        if (Recorder is not null)
        {
            await Recorder.DisposeAsync().ConfigureAwait(false);
        }

        if (EmbeddedSimulator is not null)
        {
            await EmbeddedSimulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IEnumerable<string> MissingKeys(ExchangeSettings exchange, Func<string, string?> lookupVariable)
    {
        var keyId = lookupVariable(exchange.KeyIdEnvironmentVariable);
        var keyFile = lookupVariable(exchange.KeyFileEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(keyId) || string.IsNullOrWhiteSpace(keyFile))
        {
            yield return $"no API key: set {exchange.KeyIdEnvironmentVariable} (key id) and {exchange.KeyFileEnvironmentVariable} (path of the private key PEM) for the '{exchange.Environment}' exchange";
        }
        else if (!File.Exists(keyFile))
        {
            yield return $"{exchange.KeyFileEnvironmentVariable}: {keyFile}: file not found";
        }
    }

    private static KalshiCredentials FromEnvironment(ExchangeSettings exchange, Func<string, string?> lookupVariable, ILoggerFactory loggers) =>
        KalshiCredentials.FromFile(
            lookupVariable(exchange.KeyIdEnvironmentVariable)!,
            lookupVariable(exchange.KeyFileEnvironmentVariable)!,
            loggers.CreateLogger("KalshiActors.Exchange.Auth"));

    private static void Refuse(IReadOnlyList<string> reasons)
    {
        if (reasons.Count > 0)
        {
            throw new NodeStartRefusedException(reasons);
        }
    }
}
