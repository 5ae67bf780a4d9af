using System.Net;
using System.Security.Cryptography;
using KalshiActors.Simulator.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Simulator;

/// <summary>An API key made by the simulator: the id, and the RSA private key (PKCS#1 PEM) a client signs with.</summary>
/// <param name="KeyId">Value for KALSHI-ACCESS-KEY.</param>
/// <param name="PrivateKeyPem">The private key clients load; shown once, never logged.</param>
/// <param name="PublicKeyPem">The public half the simulator verifies with.</param>
public sealed record SimulatorApiKeyPair(string KeyId, string PrivateKeyPem, string PublicKeyPem)
{
    /// <inheritdoc />
    public override string ToString() => $"SimulatorApiKeyPair {{ KeyId = {KeyId}, PrivateKeyPem = (hidden) }}";
}

/// <summary>
/// The simulated exchange on loopback: Kestrel serving the exchange's REST paths under /trade-api/v2 and its WebSocket at
/// /trade-api/ws/v2 with the same JSON and signed headers, plus a control API under /sim for fault injection.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    /// <summary>REST path prefix, the same as the real exchange's (and part of the signed path).</summary>
    public const string RestPrefix = "/trade-api/v2";

    /// <summary>WebSocket path, the same as the real exchange's.</summary>
    public const string WebSocketPath = "/trade-api/ws/v2";

    private readonly WebApplication app;
    private readonly SignatureVerifier verifier;
    private readonly ITimer? stepTimer;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stopping = new();

    private SimulatorServer(WebApplication app, SimulatedExchange exchange, WebSocketHub hub, SignatureVerifier verifier, Uri baseUrl,
        SimulatorApiKeyPair? generated, ILogger logger)
    {
        this.app = app;
        Exchange = exchange;
        Hub = hub;
        this.verifier = verifier;
        BaseUrl = baseUrl;
        GeneratedKey = generated;
        this.logger = logger;
        if (exchange.Settings.AutoAdvance)
        {
            stepTimer = exchange.Time.CreateTimer(_ => Advance(), null, exchange.Settings.StepInterval, exchange.Settings.StepInterval);
        }
    }

    /// <summary>http://host:port of the server.</summary>
    public Uri BaseUrl { get; }

    /// <summary>REST base URL to give the exchange client (…/trade-api/v2).</summary>
    public Uri RestBaseUrl => new(BaseUrl, RestPrefix);

    /// <summary>WebSocket URL to give the exchange client (ws://…/trade-api/ws/v2).</summary>
    public Uri WebSocketUrl => new UriBuilder(BaseUrl) { Scheme = BaseUrl.Scheme == "https" ? "wss" : "ws", Path = WebSocketPath }.Uri;

    /// <summary>The key pair generated at start (when <see cref="SimulatorSettings.GenerateApiKey"/>), or null.</summary>
    public SimulatorApiKeyPair? GeneratedKey { get; }

    /// <summary>The exchange state, for tests and the bench.</summary>
    internal SimulatedExchange Exchange { get; }

    /// <summary>The WebSocket fan-out.</summary>
    internal WebSocketHub Hub { get; }

    /// <summary>Starts the server; with port 0 the OS picks a free port, read it from <see cref="BaseUrl"/>.</summary>
    public static async Task<SimulatorServer> StartAsync(SimulatorSettings settings, TimeProvider? time = null, ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        time ??= TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger<SimulatorServer>();
        var verifier = new SignatureVerifier(time, settings.SignatureTolerance);
        foreach (var key in settings.ApiKeys)
        {
            verifier.Add(key.Id, await File.ReadAllTextAsync(key.PublicKeyFile, cancellationToken).ConfigureAwait(false));
        }

        SimulatorApiKeyPair? generated = null;
        if (settings.GenerateApiKey)
        {
            generated = CreateKeyPair(settings.Seed);
            verifier.Add(generated.KeyId, generated.PublicKeyPem);
        }

        var exchange = new SimulatedExchange(settings, time);
        var hub = new WebSocketHub(exchange);
        lock (exchange.Sync)
        {
            exchange.Feed = hub;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Parse(settings.Host), settings.Port));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = settings.HeartbeatInterval });
        RestApi.Map(app, exchange, hub, verifier, logger);
        ControlApi.Map(app, exchange, hub);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var baseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
        logger.LogInformation("Simulator listening on {BaseUrl} with {MarketCount} markets, seed {Seed}", baseUrl, exchange.Markets.Count, settings.Seed);
        return new SimulatorServer(app, exchange, hub, verifier, baseUrl, generated, logger);
    }

    /// <summary>Accepts another client key.</summary>
    public void AddApiKey(string keyId, string publicKeyPem) => verifier.Add(keyId, publicKeyPem);

    /// <summary>Makes a new key pair and accepts it.</summary>
    public SimulatorApiKeyPair CreateApiKey()
    {
        var pair = CreateKeyPair(null);
        verifier.Add(pair.KeyId, pair.PublicKeyPem);
        return pair;
    }

    /// <summary>Runs every exchange step due at the clock's current time (tests with a manual clock call this after moving it).</summary>
    public void Advance()
    {
        try
        {
            Exchange.Advance(Exchange.Time.GetUtcNow());
        }
#pragma warning disable CA1031 // Runs on a timer thread: an escaping exception would end the process; the next step retries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.LogError(ex, "Simulator step failed");
        }
    }

    /// <summary>The hidden spot values and game states now (what the node's simulator fair-value feeds report).</summary>
    public SimulatorHiddenState ObserveHiddenState()
    {
        lock (Exchange.Sync)
        {
            return Exchange.ObserveHiddenState(Exchange.Time.GetUtcNow());
        }
    }

    /// <summary>
    /// A fair-value feed over the simulator's hidden processes (spot per series, game scores and clocks), sampled every
    /// <paramref name="interval"/> (default: the exchange step) on the simulator's clock. <paramref name="underlyingsBySeriesPrefix"/>
    /// names the underlying of each series' spot (longest prefix wins; default KXBTC → BTC and the other crypto prefixes);
    /// a series matching none reports its own ticker as the underlying.
    /// </summary>
    public SimulatorFairValueFeed CreateFairValueFeed(string name = "simulator", TimeSpan? interval = null, IReadOnlyDictionary<string, string>? underlyingsBySeriesPrefix = null) =>
        new(Exchange, name, interval ?? Exchange.Settings.StepInterval, underlyingsBySeriesPrefix ?? SimulatorFairValueFeed.DefaultUnderlyings);

    /// <summary>Settles a market now (fault injection from code; the control API does the same over HTTP).</summary>
    public bool SettleEarly(string ticker, bool? yes) => Exchange.SettleEarly(ticker, yes, Exchange.Time.GetUtcNow());

    /// <summary>Stops listening and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (stepTimer is not null)
        {
            await stepTimer.DisposeAsync().ConfigureAwait(false);
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        Hub.DropAll();
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        verifier.Dispose();
        stopping.Dispose();
    }

    private static SimulatorApiKeyPair CreateKeyPair(int? seed)
    {
        using var rsa = RSA.Create(2048);
        var idBytes = new byte[16];
        if (seed is { } value)
        {
            // Key ids follow the seed (a separate generator, so the exchange's own random sequence is untouched).
            new Random(value ^ 0x5EED).NextBytes(idBytes);
        }
        else
        {
            RandomNumberGenerator.Fill(idBytes);
        }

        idBytes[7] = (byte)((idBytes[7] & 0x0F) | 0x40);
        return new SimulatorApiKeyPair(new Guid(idBytes).ToString(), rsa.ExportRSAPrivateKeyPem(), rsa.ExportSubjectPublicKeyInfoPem());
    }
}
