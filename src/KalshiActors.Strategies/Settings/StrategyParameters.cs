using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Sizing;

namespace KalshiActors.Strategies.Settings;

/// <summary>
/// A strategy instance's parameters, parsed from text (HOCON values or an <see cref="UpdateStrategyParameters"/>
/// command). Keys left out keep their defaults; unknown keys and bad values are errors, all reported at once.
/// </summary>
public sealed record StrategyParameters
{
    /// <summary>Fraction of full Kelly staked (`kelly-fraction`, 0 &lt; x ≤ 1).</summary>
    public double KellyFraction { get; init; } = 0.25;

    /// <summary>Size reduction in drawdown (`drawdown-start`, `drawdown-full`, `drawdown-min-scale`).</summary>
    public DrawdownRule Drawdown { get; init; } = DrawdownRule.Default;

    /// <summary>Least edge per contract after fees worth trading (`min-edge`, dollars).</summary>
    public Money MinEdge { get; init; } = Money.FromCents(3);

    /// <summary>`style`: `taker` (immediate-or-cancel at the ask) or `maker` (post at or just above the bid).</summary>
    public ExecutionStyle Style { get; init; } = ExecutionStyle.ImmediateOrCancel;

    /// <summary>Orders are whole multiples of this (`lot-size`; 0.01 is the exchange's granularity).</summary>
    public Quantity LotSize { get; init; } = Quantity.FromContracts(1);

    /// <summary>Most contracts this instance holds in one market (`max-contracts`).</summary>
    public Quantity MaxContracts { get; init; } = Quantity.FromContracts(50);

    /// <summary>Least time between two signals in one market (`cooldown`).</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the risk guardian's answer before giving the intent up (`intent-timeout`).</summary>
    public TimeSpan IntentTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Fair-value observations older than this are stale (`max-feed-age`).</summary>
    public TimeSpan MaxFeedAge { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The underlying a spot feed reports for these markets (`underlying`); empty = the catalog's, else the series ticker.</summary>
    public string Underlying { get; init; } = string.Empty;

    /// <summary>Annualised volatility of the underlying for the expected-value digital (`volatility`).</summary>
    public double Volatility { get; init; } = 0.6;

    /// <summary>The game win-probability model (`game-points-sigma`, `game-possession-points`, `game-home-advantage`).</summary>
    public GameWinProbability Game { get; init; } = new(3.74, 1.0, 0.0);

    /// <summary>Half-life of the EWMA volatility (`ewma-half-life`).</summary>
    public TimeSpan EwmaHalfLife { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>A fixed EWMA decay per return (`ewma-lambda`, e.g. 0.94); 0 = decay by `ewma-half-life` of elapsed time.</summary>
    public double EwmaLambda { get; init; }

    /// <summary>Returns needed before the EWMA volatility is trusted (`min-observations`).</summary>
    public int MinObservations { get; init; } = 20;

    /// <summary>Floor under the EWMA volatility (`min-volatility`), so a quiet spell cannot make the digital a certainty.</summary>
    public double MinVolatility { get; init; } = 0.05;

    /// <summary>The trading window inside each period (`period`, `window-start`, `window-end`).</summary>
    public TradingWindow Window { get; init; } = new(TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(12));

    /// <summary>Mean-reversion window and thresholds.</summary>
    public MeanReversionParameters MeanReversion { get; init; } = MeanReversionParameters.Default;

    /// <summary>Buy-the-dip filters and exits.</summary>
    public DipParameters Dip { get; init; } = DipParameters.Default;

    /// <summary>Arbitrage thresholds and ranking.</summary>
    public ArbitrageParameters Arbitrage { get; init; } = ArbitrageParameters.Default;

    /// <summary>The in-game logistic win-probability model.</summary>
    public LogisticWinProbability InGame { get; init; } = LogisticWinProbability.Default;

    /// <summary>Calibration of the expected-value model from settled outcomes.</summary>
    public CalibrationParameters Calibration { get; init; } = CalibrationParameters.Default;

    /// <summary>Whether intents take liquidity.</summary>
    public bool IsTaker => Style != ExecutionStyle.Maker;

    /// <summary>The sizing policy these parameters give.</summary>
    public SizingPolicy Sizing => new(KellyFraction, Drawdown, LotSize, MaxContracts);

    /// <summary>Keys every kind accepts.</summary>
    public static IReadOnlyList<string> CommonKeys { get; } =
    [
        "kelly-fraction", "drawdown-start", "drawdown-full", "drawdown-min-scale", "min-edge", "style", "lot-size",
        "max-contracts", "cooldown", "intent-timeout", "max-feed-age", "underlying",
    ];

    /// <summary>Keys accepted by a kind, common ones included.</summary>
    public static IReadOnlyList<string> KeysOf(StrategyKind kind) => kind switch
    {
        StrategyKind.ExpectedValue => [.. CommonKeys, "volatility", "game-points-sigma", "game-possession-points", "game-home-advantage", "calibrate", "calibration-bins", "calibration-min-samples"],
        StrategyKind.MeanReversion => [.. CommonKeys, "window", "sample-interval", "entry-z", "exit-z", "min-stdev"],
        StrategyKind.BuyTheDip => [.. CommonKeys, "top-n", "min-drop", "drop-horizon", "min-price", "max-price", "max-spread", "min-time-to-close", "reversion-fraction", "profit-target", "stop-loss", "time-stop-fraction", "max-positions", "rotation-ratio"],
        StrategyKind.Arbitrage => [.. CommonKeys, "min-return", "event-confidence", "ladder-confidence", "max-book-age", "leg-timeout"],
        StrategyKind.InGame => [.. CommonKeys, "score-scale", "possession-points", "ep-at-goal", "ep-per-yard", "home-advantage", "time-offset", "min-minutes-left"],
        StrategyKind.VolatilityKelly => [.. CommonKeys, "ewma-half-life", "ewma-lambda", "min-observations", "min-volatility", "period", "window-start", "window-end"],
        _ => CommonKeys,
    };

    /// <summary>Parses <paramref name="values"/> for <paramref name="kind"/>; on errors the parameters hold the defaults for the bad keys.</summary>
    public static (StrategyParameters Parameters, IReadOnlyList<string> Errors) Parse(StrategyKind kind, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var errors = new List<string>();
        var known = KeysOf(kind);
        foreach (var key in values.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal))
        {
            errors.Add($"unknown parameter '{key}' for a {kind} strategy; known: {string.Join(", ", known)}");
        }

        var reader = new Reader(values, errors);
        var d = new StrategyParameters();
        var drawdown = new DrawdownRule(
            reader.Double("drawdown-start", d.Drawdown.Start, 0, 1),
            reader.Double("drawdown-full", d.Drawdown.Full, 0, 1),
            reader.Double("drawdown-min-scale", d.Drawdown.MinimumScale, 0, 1));
        if (drawdown.Validate() is { } drawdownError)
        {
            errors.Add(drawdownError);
        }

        var window = new TradingWindow(
            reader.Duration("period", d.Window.Period, TimeSpan.FromSeconds(1)),
            reader.Duration("window-start", d.Window.From, TimeSpan.Zero),
            reader.Duration("window-end", d.Window.To, TimeSpan.Zero));
        if (window.To <= window.From || window.To > window.Period)
        {
            errors.Add($"window-end ({window.To}) must be after window-start ({window.From}) and not after the period ({window.Period})");
        }

        var parameters = new StrategyParameters
        {
            KellyFraction = reader.Double("kelly-fraction", d.KellyFraction, 1e-6, 1),
            Drawdown = drawdown,
            MinEdge = reader.Money("min-edge", d.MinEdge),
            Style = reader.Style("style", d.Style),
            LotSize = reader.Quantity("lot-size", d.LotSize, Quantity.FromUnits(1)),
            MaxContracts = reader.Quantity("max-contracts", d.MaxContracts, Quantity.Zero),
            Cooldown = reader.Duration("cooldown", d.Cooldown, TimeSpan.Zero),
            IntentTimeout = reader.Duration("intent-timeout", d.IntentTimeout, TimeSpan.FromMilliseconds(1)),
            MaxFeedAge = reader.Duration("max-feed-age", d.MaxFeedAge, TimeSpan.FromMilliseconds(1)),
            Underlying = values.TryGetValue("underlying", out var underlying) ? underlying.Trim() : d.Underlying,
            Volatility = reader.Double("volatility", d.Volatility, 1e-6, 20),
            Game = new GameWinProbability(
                reader.Double("game-points-sigma", d.Game.PointsSigmaPerSqrtMinute, 1e-6, 1000),
                reader.Double("game-possession-points", d.Game.PossessionPoints, -100, 100),
                reader.Double("game-home-advantage", d.Game.HomeAdvantagePoints, -100, 100)),
            EwmaHalfLife = reader.Duration("ewma-half-life", d.EwmaHalfLife, TimeSpan.FromMilliseconds(1)),
            EwmaLambda = reader.Double("ewma-lambda", d.EwmaLambda, 0, 0.999999),
            MinObservations = (int)reader.Double("min-observations", d.MinObservations, 1, 1_000_000, integer: true),
            MinVolatility = reader.Double("min-volatility", d.MinVolatility, 0, 20),
            Window = window,
            MeanReversion = ParseMeanReversion(reader, errors),
            Dip = ParseDip(reader, values, errors),
            Arbitrage = new ArbitrageParameters(
                reader.Double("min-return", ArbitrageParameters.Default.MinReturn, 0, 10),
                reader.Double("event-confidence", ArbitrageParameters.Default.EventConfidence, 0, 1),
                reader.Double("ladder-confidence", ArbitrageParameters.Default.LadderConfidence, 0, 1),
                reader.Duration("max-book-age", ArbitrageParameters.Default.MaxBookAge, TimeSpan.FromMilliseconds(1)),
                reader.Duration("leg-timeout", ArbitrageParameters.Default.LegTimeout, TimeSpan.FromMilliseconds(1))),
            InGame = new LogisticWinProbability(
                reader.Double("score-scale", LogisticWinProbability.Default.ScoreScale, 1e-6, 100),
                reader.Double("possession-points", LogisticWinProbability.Default.PossessionPoints, -100, 100),
                reader.Double("ep-at-goal", LogisticWinProbability.Default.ExpectedPointsAtGoal, -100, 100),
                reader.Double("ep-per-yard", LogisticWinProbability.Default.ExpectedPointsPerYard, 0, 10),
                reader.Double("home-advantage", LogisticWinProbability.Default.HomeAdvantagePoints, -100, 100),
                reader.Double("time-offset", LogisticWinProbability.Default.TimeOffsetMinutes, 1e-6, 1000),
                reader.Double("min-minutes-left", LogisticWinProbability.Default.MinMinutesLeft, 0, 1000)),
            Calibration = new CalibrationParameters(
                reader.Boolean("calibrate", CalibrationParameters.Default.Enabled),
                (int)reader.Double("calibration-bins", CalibrationParameters.Default.Bins, 1, 1000, integer: true),
                (int)reader.Double("calibration-min-samples", CalibrationParameters.Default.MinSamples, 1, 1_000_000, integer: true)),
        };
        return (parameters, errors);
    }

    private static MeanReversionParameters ParseMeanReversion(Reader reader, List<string> errors)
    {
        var d = MeanReversionParameters.Default;
        var result = new MeanReversionParameters(
            (int)reader.Double("window", d.Window, 3, 100_000, integer: true),
            reader.Duration("sample-interval", d.SampleInterval, TimeSpan.Zero),
            reader.Double("entry-z", d.EntryZ, 0, 100),
            reader.Double("exit-z", d.ExitZ, 0, 100),
            reader.Double("min-stdev", d.MinStdDev, 1e-9, 1));
        if (result.ExitZ >= result.EntryZ)
        {
            errors.Add($"exit-z ({result.ExitZ}) must be below entry-z ({result.EntryZ})");
        }

        return result;
    }

    private static DipParameters ParseDip(Reader reader, IReadOnlyDictionary<string, string> values, List<string> errors)
    {
        var d = DipParameters.Default;
        var horizon = values.TryGetValue("drop-horizon", out var text) ? text.Trim().ToLowerInvariant() : "24h";
        if (horizon is not ("24h" or "7d"))
        {
            errors.Add($"drop-horizon = '{text}' is not one of 24h, 7d");
        }

        var result = new DipParameters(
            (int)reader.Double("top-n", d.TopN, 1, 100_000, integer: true),
            reader.Price("min-drop", d.MinDrop),
            horizon == "7d",
            reader.Price("min-price", d.MinPrice),
            reader.Price("max-price", d.MaxPrice),
            reader.Price("max-spread", d.MaxSpread),
            reader.Duration("min-time-to-close", d.MinTimeToClose, TimeSpan.Zero),
            reader.Double("reversion-fraction", d.ReversionFraction, 0, 1),
            reader.Price("profit-target", d.ProfitTarget),
            reader.Price("stop-loss", d.StopLoss),
            reader.Double("time-stop-fraction", d.TimeStopFraction, 1e-6, 1),
            (int)reader.Double("max-positions", d.MaxPositions, 1, 100_000, integer: true),
            reader.Double("rotation-ratio", d.RotationRatio, 1, 1_000_000));
        if (result.MaxPrice < result.MinPrice)
        {
            errors.Add($"max-price ({result.MaxPrice}) must not be below min-price ({result.MinPrice})");
        }

        return result;
    }

    /// <summary>Parses a duration written as HOCON does: a number and a unit (ms, s, m/min, h, d), a bare number meaning milliseconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var trimmed = (text ?? string.Empty).Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        if (split == 0 || !double.TryParse(trimmed.AsSpan(0, split), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        double? milliseconds = trimmed[split..].Trim().ToLowerInvariant() switch
        {
            "" or "ms" or "millis" or "milliseconds" => number,
            "s" or "second" or "seconds" => number * 1_000,
            "m" or "min" or "minute" or "minutes" => number * 60_000,
            "h" or "hour" or "hours" => number * 3_600_000,
            "d" or "day" or "days" => number * 86_400_000,
            _ => null,
        };
        if (milliseconds is not { } ms)
        {
            return false;
        }

        duration = TimeSpan.FromMilliseconds(ms);
        return true;
    }

    private sealed class Reader(IReadOnlyDictionary<string, string> values, List<string> errors)
    {
        public double Double(string key, double fallback, double minimum, double maximum, bool integer = false)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value)
                || (integer && value != Math.Floor(value)))
            {
                errors.Add($"{key} = '{text}' is not {(integer ? "an integer" : "a number")}");
                return fallback;
            }

            if (value < minimum || value > maximum)
            {
                errors.Add($"{key} = {text} must be between {minimum.ToString(CultureInfo.InvariantCulture)} and {maximum.ToString(CultureInfo.InvariantCulture)}");
                return fallback;
            }

            return value;
        }

        public Money Money(string key, Money fallback)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            if (!Domain.Money.TryParseDollars(text.Trim(), out var value) || value < Domain.Money.Zero)
            {
                errors.Add($"{key} = '{text}' is not a non-negative dollar amount such as 0.03");
                return fallback;
            }

            return value;
        }

        public Quantity Quantity(string key, Quantity fallback, Quantity minimum)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            if (!Domain.Quantity.TryParse(text.Trim(), out var value) || value < minimum)
            {
                errors.Add($"{key} = '{text}' is not a contract count of at least {minimum} with at most 2 decimals");
                return fallback;
            }

            return value;
        }

        public TimeSpan Duration(string key, TimeSpan fallback, TimeSpan minimum)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            if (!TryParseDuration(text, out var value))
            {
                errors.Add($"{key} = '{text}' is not a duration such as 500ms, 30s or 2m");
                return fallback;
            }

            if (value < minimum)
            {
                errors.Add($"{key} = {text} must be at least {minimum}");
                return fallback;
            }

            return value;
        }

        public bool Boolean(string key, bool fallback)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            switch (text.Trim().ToLowerInvariant())
            {
                case "true" or "on" or "yes":
                    return true;
                case "false" or "off" or "no":
                    return false;
                default:
                    errors.Add($"{key} = '{text}' is not true or false");
                    return fallback;
            }
        }

        public Price Price(string key, Price fallback)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            if (!Domain.Price.TryParseDollars(text.Trim(), out var value) || value > Domain.Price.One)
            {
                errors.Add($"{key} = '{text}' is not a price between 0 and 1 dollar such as 0.05");
                return fallback;
            }

            return value;
        }

        public ExecutionStyle Style(string key, ExecutionStyle fallback)
        {
            if (!values.TryGetValue(key, out var text))
            {
                return fallback;
            }

            switch (text.Trim().ToLowerInvariant())
            {
                case "taker":
                    return ExecutionStyle.ImmediateOrCancel;
                case "maker":
                    return ExecutionStyle.Maker;
                default:
                    errors.Add($"{key} = '{text}' is not one of taker, maker");
                    return fallback;
            }
        }
    }
}
