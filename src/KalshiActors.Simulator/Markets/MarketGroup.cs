using System.Globalization;

namespace KalshiActors.Simulator.Markets;

/// <summary>
/// One event and the hidden fair-value process behind its markets. Probabilities are doubles (model outputs);
/// all randomness comes from the exchange's seeded generator passed to <see cref="Step"/> and <see cref="Resolve"/>.
/// </summary>
internal abstract class MarketGroup(MarketDefinition definition, string eventTicker, int exchangeIndex)
{
    /// <summary>The configuration it came from.</summary>
    public MarketDefinition Definition { get; } = definition;

    /// <summary>Event ticker.</summary>
    public string EventTicker { get; } = eventTicker;

    /// <summary>Series ticker.</summary>
    public string SeriesTicker => Definition.Series;

    /// <summary>Exchange shard.</summary>
    public int ExchangeIndex { get; } = exchangeIndex;

    /// <summary>Whether exactly one market of the event resolves YES.</summary>
    public virtual bool MutuallyExclusive => false;

    /// <summary>Markets of the event.</summary>
    public List<SimMarket> Markets { get; } = [];

    /// <summary>Advances the hidden state by <paramref name="elapsed"/> of trading time.</summary>
    public abstract void Step(TimeSpan elapsed, DateTimeOffset now, Random random);

    /// <summary>Current fair probability that <paramref name="market"/> resolves YES.</summary>
    public abstract double FairValue(SimMarket market, DateTimeOffset now);

    /// <summary>Draws or reads the result of every market at close: true = YES.</summary>
    public abstract IReadOnlyDictionary<string, bool> Resolve(Random random);

    /// <summary>Standard normal CDF (Abramowitz-Stegun 7.1.26 on erf), accurate to ~1e-7, plenty for quoting.</summary>
    protected static double NormalCdf(double x)
    {
        var z = Math.Abs(x) / Math.Sqrt(2);
        var t = 1 / (1 + (0.3275911 * z));
        var erf = 1 - ((((((1.061405429 * t) - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.Exp(-z * z);
        return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    /// <summary>A standard normal draw from the seeded generator.</summary>
    protected static double Gaussian(Random random) => MarketGroupMath.Gaussian(random);

    /// <summary>Formats an underlying value for subtitles.</summary>
    internal static string Format(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);
}

/// <summary>A single yes/no market whose fair value does a random walk in log-odds.</summary>
internal sealed class BinaryGroup(MarketDefinition definition, string eventTicker) : MarketGroup(definition, eventTicker, definition.ExchangeIndex)
{
    // Log-odds of YES; the walk's variance per hour is Volatility^2.
    private double logOdds = Math.Log(definition.FairValue / (1 - definition.FairValue));

    /// <inheritdoc />
    public override void Step(TimeSpan elapsed, DateTimeOffset now, Random random) =>
        logOdds = Math.Clamp(logOdds + (Definition.Volatility * Math.Sqrt(elapsed.TotalHours) * Gaussian(random)), -6, 6);

    /// <inheritdoc />
    public override double FairValue(SimMarket market, DateTimeOffset now) => 1 / (1 + Math.Exp(-logOdds));

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, bool> Resolve(Random random) =>
        Markets.ToDictionary(m => m.Ticker, m => random.NextDouble() < FairValue(m, DateTimeOffset.MinValue), StringComparer.Ordinal);
}

/// <summary>Mutually exclusive outcomes whose scores random-walk; fair values are their softmax, so they sum to 1.</summary>
internal sealed class ExclusiveEventGroup : MarketGroup
{
    // Score per market ticker; softmax gives probabilities.
    private readonly Dictionary<string, double> scores = new(StringComparer.Ordinal);

    public ExclusiveEventGroup(MarketDefinition definition, string eventTicker)
        : base(definition, eventTicker, definition.ExchangeIndex)
    {
    }

    /// <inheritdoc />
    public override bool MutuallyExclusive => true;

    /// <inheritdoc />
    public override void Step(TimeSpan elapsed, DateTimeOffset now, Random random)
    {
        foreach (var market in Markets)
        {
            scores[market.Ticker] = Score(market) + (Definition.Volatility * Math.Sqrt(elapsed.TotalHours) * Gaussian(random));
        }
    }

    /// <inheritdoc />
    public override double FairValue(SimMarket market, DateTimeOffset now)
    {
        var total = Markets.Sum(m => Math.Exp(Score(m)));
        return Math.Exp(Score(market)) / total;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, bool> Resolve(Random random)
    {
        var draw = random.NextDouble();
        var winner = Markets[^1].Ticker;
        var cumulative = 0.0;
        foreach (var market in Markets)
        {
            cumulative += FairValue(market, DateTimeOffset.MinValue);
            if (draw < cumulative)
            {
                winner = market.Ticker;
                break;
            }
        }

        return Markets.ToDictionary(m => m.Ticker, m => m.Ticker == winner, StringComparer.Ordinal);
    }

    private double Score(SimMarket market) => scores.TryGetValue(market.Ticker, out var score) ? score : 0;
}

/// <summary>An underlying following geometric Brownian motion; markets pay YES when it ends at or above their strike.</summary>
internal sealed class SpotGroup(MarketDefinition definition, string eventTicker, SpotProcess spot, DateTimeOffset closeTime)
    : MarketGroup(definition, eventTicker, definition.ExchangeIndex)
{
    /// <summary>The shared underlying.</summary>
    public SpotProcess Spot { get; } = spot;

    /// <summary>When the underlying is observed for settlement.</summary>
    public DateTimeOffset CloseTime { get; } = closeTime;

    /// <inheritdoc />
    public override void Step(TimeSpan elapsed, DateTimeOffset now, Random random) => Spot.Step(elapsed, now, random);

    /// <inheritdoc />
    public override double FairValue(SimMarket market, DateTimeOffset now)
    {
        var strike = (double)(market.FloorStrike ?? 0m);
        var spot = Spot.Value;
        var years = Math.Max((CloseTime - now).TotalDays / 365.25, 1e-9);
        var sigmaRootT = Definition.Volatility * Math.Sqrt(years);
        if (strike <= 0)
        {
            return 0.5;
        }

        var d2 = (Math.Log(spot / strike) - (0.5 * sigmaRootT * sigmaRootT)) / sigmaRootT;
        return NormalCdf(d2);
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, bool> Resolve(Random random) =>
        Markets.ToDictionary(m => m.Ticker, m => Spot.Value >= (double)(m.FloorStrike ?? 0m), StringComparer.Ordinal);
}

/// <summary>A GBM spot shared by every event of one series (ladders and rolling crypto windows).</summary>
internal sealed class SpotProcess(double initial, double volatility)
{
    // The latest time the spot was stepped to, so several groups sharing it step it once.
    private DateTimeOffset steppedTo = DateTimeOffset.MinValue;

    /// <summary>Current value.</summary>
    public double Value { get; private set; } = initial;

    /// <summary>Moves the spot forward once per distinct time, with zero drift.</summary>
    public void Step(TimeSpan elapsed, DateTimeOffset now, Random random)
    {
        if (now <= steppedTo)
        {
            return;
        }

        steppedTo = now;
        var years = elapsed.TotalDays / 365.25;
        Value *= Math.Exp((-0.5 * volatility * volatility * years) + (volatility * Math.Sqrt(years) * MarketGroupMath.Gaussian(random)));
    }
}

/// <summary>A scripted game: points arrive at random, and each team's market prices its chance of leading at the end.</summary>
internal sealed class GameGroup(MarketDefinition definition, string eventTicker, DateTimeOffset start, DateTimeOffset end)
    : MarketGroup(definition, eventTicker, definition.ExchangeIndex)
{
    // Expected points per team per hour of game time and the per-score point value spread.
    private const double ScoresPerHour = 90;

    /// <summary>Away team's points.</summary>
    public int AwayScore { get; private set; }

    /// <summary>Home team's points.</summary>
    public int HomeScore { get; private set; }

    /// <inheritdoc />
    public override bool MutuallyExclusive => true;

    /// <inheritdoc />
    public override void Step(TimeSpan elapsed, DateTimeOffset now, Random random)
    {
        var chance = ScoresPerHour * elapsed.TotalHours;
        if (random.NextDouble() < chance)
        {
            AwayScore += random.Next(1, 4);
        }

        if (random.NextDouble() < chance)
        {
            HomeScore += random.Next(1, 4);
        }
    }

    /// <inheritdoc />
    public override double FairValue(SimMarket market, DateTimeOffset now)
    {
        var remainingHours = Math.Max((End - now).TotalHours, 1e-6);
        var spread = Math.Sqrt(2 * ScoresPerHour * remainingHours * 4.67);
        var homeWins = NormalCdf((HomeScore - AwayScore + 0.5) / spread);
        return market.Outcome == Definition.Outcomes[^1] ? homeWins : 1 - homeWins;
    }

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, bool> Resolve(Random random)
    {
        // A tie goes to overtime, decided by a coin.
        var homeWins = HomeScore > AwayScore || (HomeScore == AwayScore && random.NextDouble() < 0.5);
        return Markets.ToDictionary(m => m.Ticker, m => (m.Outcome == Definition.Outcomes[^1]) == homeWins, StringComparer.Ordinal);
    }

    /// <summary>When play started.</summary>
    public DateTimeOffset Start { get; } = start;

    /// <summary>When play ends (the markets' close).</summary>
    public DateTimeOffset End { get; } = end;
}

/// <summary>Shared random helpers.</summary>
internal static class MarketGroupMath
{
    /// <summary>A standard normal draw (Box-Muller).</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
