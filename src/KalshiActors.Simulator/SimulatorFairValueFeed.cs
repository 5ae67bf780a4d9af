using System.Threading.Channels;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Simulator.Markets;

namespace KalshiActors.Simulator;

/// <summary>
/// The simulator's hidden fair-value processes as an <see cref="IFairValueFeed"/>: every interval it publishes the spot of
/// each series' underlying (<see cref="SpotPriceObserved"/>, exact to 1e-8) and the score and clock of each game
/// (<see cref="GameStateObserved"/>), read under the exchange lock on the exchange's clock. What a real spot or sports
/// adapter would deliver, so strategies can be tested against the truth the synthetic participants trade on.
/// </summary>
public sealed class SimulatorFairValueFeed : IFairValueFeed
{
    /// <summary>Series prefixes and the underlying their spot stands for: the same map the REST catalog source uses, so both agree.</summary>
    public static IReadOnlyDictionary<string, string> DefaultUnderlyings => Exchange.Http.KalshiMarketCatalogSource.DefaultUnderlyings;

    private readonly SimulatedExchange _exchange;
    private readonly TimeSpan _interval;
    private readonly IReadOnlyDictionary<string, string> _underlyings;
    private readonly Channel<FairValueObservation> _observations = Channel.CreateBounded<FairValueObservation>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private ITimer? _timer;

    internal SimulatorFairValueFeed(SimulatedExchange exchange, string name, TimeSpan interval, IReadOnlyDictionary<string, string> underlyings)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _exchange = exchange;
        Name = name;
        _interval = interval;
        _underlyings = underlyings;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public ChannelReader<FairValueObservation> Observations => _observations.Reader;

    /// <summary>The underlying a series' spot stands for: the longest matching prefix's, else the series ticker itself.</summary>
    public string UnderlyingOf(string seriesTicker)
    {
        ArgumentNullException.ThrowIfNull(seriesTicker);
        string? best = null;
        var bestLength = -1;
        foreach (var (prefix, underlying) in _underlyings)
        {
            if (seriesTicker.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > bestLength)
            {
                best = underlying;
                bestLength = prefix.Length;
            }
        }

        return best ?? seriesTicker;
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Sample();
        _timer = _exchange.Time.CreateTimer(_ => Sample(), null, _interval, _interval);
        return Task.CompletedTask;
    }

    /// <summary>Publishes one observation of every process now (the timer calls this; tests on a manual clock may too).</summary>
    public void Sample()
    {
        var now = _exchange.Time.GetUtcNow();
        var batch = new List<FairValueObservation>();
        lock (_exchange.Sync)
        {
            foreach (var (series, spot) in _exchange.Spots)
            {
                var value = Math.Round((decimal)spot.Value, 8, MidpointRounding.ToEven);
                batch.Add(new SpotPriceObserved(Name, UnderlyingOf(series), value, now, now));
            }

            foreach (var group in _exchange.Events.Values.OfType<GameGroup>())
            {
                var outcomes = group.Definition.Outcomes;
                var away = outcomes.Count > 0 ? outcomes[0] : "AWY";
                var home = outcomes.Count > 1 ? outcomes[^1] : "HOM";
                var phase = now < group.Start ? GamePhase.Scheduled : now >= group.End ? GamePhase.Final : GamePhase.InProgress;
                var length = group.End - group.Start;
                var remaining = phase switch
                {
                    GamePhase.Scheduled => length,
                    GamePhase.Final => TimeSpan.Zero,
                    _ => group.End - now,
                };

                // The simulated game is one period without possession or field position.
                batch.Add(new GameStateObserved(
                    Name, group.EventTicker, new EventTicker(group.EventTicker), home, away, group.HomeScore, group.AwayScore,
                    1, 1, remaining, length, Possession.None, null, phase, now, now));
            }
        }

        foreach (var observation in batch)
        {
            _observations.Writer.TryWrite(observation);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _timer?.Dispose();
        _observations.Writer.TryComplete();
        return default;
    }
}
