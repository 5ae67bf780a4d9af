using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Http;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Node;

/// <summary>Which of the simulator's hidden processes a <see cref="SimulatorHiddenStateFeed"/> reports.</summary>
internal enum SimulatorFeedKind
{
    /// <summary>The spot of every underlying series (<see cref="SpotPriceObserved"/>).</summary>
    Spot,

    /// <summary>The score and clock of every game (<see cref="GameStateObserved"/>).</summary>
    GameState,
}

/// <summary>
/// A fair-value feed reading the simulator's hidden processes over its control API (<c>GET /sim/hidden-state</c>), so
/// strategies in simulator mode price from the same spot and scores the simulator settles on. Over HTTP rather than in
/// process (the simulator's own <c>CreateFairValueFeed</c>) so it works the same against an embedded simulator and a
/// separate one that outlives the node. A failed poll produces no observation; the feed actor's staleness rule then
/// marks the feed stale.
/// </summary>
internal sealed partial class SimulatorHiddenStateFeed : IFairValueFeed
{
    // A game is split into this many equal periods, like basketball's quarters.
    private const int Periods = 4;

    private readonly HttpClient _http;
    private readonly Uri _stateUrl;
    private readonly SimulatorFeedKind _kind;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<FairValueObservation> _observations =
        Channel.CreateBounded<FairValueObservation>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true });

    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;

    public SimulatorHiddenStateFeed(HttpClient http, Uri simulatorBaseUrl, SimulatorFeedKind kind, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _http = http;
        _stateUrl = new Uri(simulatorBaseUrl, "/sim/hidden-state");
        _kind = kind;
        _interval = interval;
        _time = time;
        _logger = logger;
    }

    public string Name => _kind == SimulatorFeedKind.Spot ? "spot" : "game-state";

    public ChannelReader<FairValueObservation> Observations => _observations.Reader;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop ??= Task.Run(() => PollAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _observations.Writer.TryComplete();
        _stopping.Dispose();
    }

    private async Task PollAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_interval, _time);
        try
        {
            do
            {
                try
                {
                    var json = await _http.GetByteArrayAsync(_stateUrl, stopping).ConfigureAwait(false);
                    foreach (var observation in Parse(json, _kind, Name, _time.GetUtcNow()))
                    {
                        _observations.Writer.TryWrite(observation);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or JsonException or FormatException or TaskCanceledException && !stopping.IsCancellationRequested)
                {
                    Log.PollFailed(_logger, Name, e.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    /// <summary>Turns one hidden-state document into observations of <paramref name="kind"/>.</summary>
    internal static IReadOnlyList<FairValueObservation> Parse(ReadOnlySpan<byte> json, SimulatorFeedKind kind, string source, DateTimeOffset receivedAt)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        var at = root.GetProperty("at").GetDateTimeOffset();
        var observations = new List<FairValueObservation>();
        if (kind == SimulatorFeedKind.Spot)
        {
            foreach (var spot in root.GetProperty("spots").EnumerateArray())
            {
                var value = decimal.Parse(spot.GetProperty("value").GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture);
                observations.Add(new SpotPriceObserved(source, UnderlyingOf(spot.GetProperty("series").GetString()!), value, at, receivedAt));
            }

            return observations;
        }

        foreach (var game in root.GetProperty("games").EnumerateArray())
        {
            var start = game.GetProperty("start").GetDateTimeOffset();
            var end = game.GetProperty("end").GetDateTimeOffset();
            var periodLength = (end - start) / Periods;
            var phase = at < start ? GamePhase.Scheduled : at >= end ? GamePhase.Final : GamePhase.InProgress;
            var elapsed = phase switch
            {
                GamePhase.Scheduled => TimeSpan.Zero,
                GamePhase.Final => end - start,
                _ => at - start,
            };
            var period = periodLength <= TimeSpan.Zero ? Periods : Math.Clamp((int)(elapsed / periodLength) + 1, 1, Periods);
            var remaining = phase == GamePhase.Final ? TimeSpan.Zero : (periodLength * period) - elapsed;
            var eventTicker = game.GetProperty("event_ticker").GetString()!;
            observations.Add(new GameStateObserved(
                source,
                eventTicker,
                new EventTicker(eventTicker),
                game.GetProperty("home_team").GetString()!,
                game.GetProperty("away_team").GetString()!,
                game.GetProperty("home_score").GetInt32(),
                game.GetProperty("away_score").GetInt32(),
                period,
                Periods,
                remaining < TimeSpan.Zero ? TimeSpan.Zero : remaining,
                periodLength,
                Possession.None,
                null,
                phase,
                at,
                receivedAt));
        }

        return observations;
    }

    // The name the catalog gives the series' underlying (longest matching prefix, KXBTC15M -> BTC), else the series itself,
    // which is what strategies fall back to when the catalog names none.
    internal static string UnderlyingOf(string series)
    {
        var best = series;
        var bestLength = -1;
        foreach (var (prefix, underlying) in KalshiMarketCatalogSource.DefaultUnderlyings)
        {
            if (series.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > bestLength)
            {
                best = underlying;
                bestLength = prefix.Length;
            }
        }

        return best;
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Simulator feed {Feed} could not read the hidden state: {Reason}")]
        public static partial void PollFailed(ILogger logger, string feed, string reason);
    }
}
