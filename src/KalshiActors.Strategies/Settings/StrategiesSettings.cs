namespace KalshiActors.Strategies.Settings;

/// <summary>The kinds of strategy an instance can run.</summary>
public enum StrategyKind
{
    /// <summary>Expected-value threshold on both legs (`ev-threshold`).</summary>
    ExpectedValue,

    /// <summary>EWMA-volatility digital with Kelly sizing for 15-minute up/down markets (`vol-kelly`).</summary>
    VolatilityKelly,

    /// <summary>Mean reversion on a z-score of recent mids (`mean-reversion`).</summary>
    MeanReversion,

    /// <summary>Buy-the-dip from the scanner's ranking, with target, stop, time stop and rotation exits (`buy-the-dip`).</summary>
    BuyTheDip,

    /// <summary>Fill-or-kill arbitrage across an exclusive event or a strike ladder (`arbitrage`).</summary>
    Arbitrage,

    /// <summary>In-game win probability of game markets from a logistic model (`in-game`).</summary>
    InGame,
}

/// <summary>One configured strategy instance.</summary>
/// <param name="Id">The instance id (its actor is <c>strategy-&lt;id&gt;</c>, its intents carry it).</param>
/// <param name="Kind">Which strategy it runs.</param>
/// <param name="Enabled">Whether it starts enabled (a runtime enable/disable, persisted, wins after a restart).</param>
/// <param name="Markets">Market tickers it may trade; empty = every market its series filter lets through.</param>
/// <param name="Series">Series tickers it may trade; empty = every series.</param>
/// <param name="Parameters">Parameter values as text (keys as in reference.conf); see <see cref="StrategyParameters"/>.</param>
public sealed record StrategyInstanceSettings(
    string Id,
    StrategyKind Kind,
    bool Enabled,
    IReadOnlyList<string> Markets,
    IReadOnlyList<string> Series,
    IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Whether the instance's market and series filters let <paramref name="ticker"/> of <paramref name="series"/> through.</summary>
    public bool Trades(string ticker, string series) =>
        (Markets.Count == 0 || Contains(Markets, ticker)) && (Series.Count == 0 || Contains(Series, series));

    /// <summary>The parameters in force with an operator's runtime <paramref name="overrides"/> on top of the configured values.</summary>
    public StrategyParameters ParametersWith(IReadOnlyDictionary<string, string> overrides) => StrategyParameters.Parse(Kind, Effective(overrides)).Parameters;

    /// <summary>
    /// Folds a runtime parameter <paramref name="change"/> into the <paramref name="current"/> overrides; the errors say what
    /// the result would get wrong (then nothing may change).
    /// </summary>
    public (Dictionary<string, string> Overrides, IReadOnlyList<string> Errors) MergeOverrides(
        IReadOnlyDictionary<string, string> current, IReadOnlyDictionary<string, string> change)
    {
        var merged = new Dictionary<string, string>(current, StringComparer.Ordinal);
        foreach (var (key, value) in change)
        {
            merged[key] = value;
        }

        return (merged, StrategyParameters.Parse(Kind, Effective(merged)).Errors);
    }

    private Dictionary<string, string> Effective(IReadOnlyDictionary<string, string> overrides)
    {
        var effective = new Dictionary<string, string>(Parameters, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            effective[key] = value;
        }

        return effective;
    }

    // Asked on every book update: an indexed loop, not an enumerator.
    private static bool Contains(IReadOnlyList<string> values, string value)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>`kalshi-actors.strategies`: the strategy instances to run.</summary>
public sealed record StrategiesSettings
{
    /// <summary>Kind names as written in the configuration.</summary>
    public static IReadOnlyDictionary<string, StrategyKind> KindNames { get; } = new Dictionary<string, StrategyKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["ev-threshold"] = StrategyKind.ExpectedValue,
        ["vol-kelly"] = StrategyKind.VolatilityKelly,
        ["mean-reversion"] = StrategyKind.MeanReversion,
        ["buy-the-dip"] = StrategyKind.BuyTheDip,
        ["arbitrage"] = StrategyKind.Arbitrage,
        ["in-game"] = StrategyKind.InGame,
    };

    /// <summary>Instances by id.</summary>
    public IReadOnlyDictionary<string, StrategyInstanceSettings> Instances { get; init; } = new Dictionary<string, StrategyInstanceSettings>();

    /// <summary>Every problem with the instances (bad ids, unknown or invalid parameters), as (instance id, message).</summary>
    public IReadOnlyList<(string Id, string Message)> Validate()
    {
        var problems = new List<(string, string)>();
        foreach (var (id, instance) in Instances)
        {
            if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                problems.Add((id, "an instance id is letters, digits, '-' and '_' only (it names an actor and prefixes intent ids)"));
            }

            if (!string.Equals(id, instance.Id, StringComparison.Ordinal))
            {
                problems.Add((id, $"the instance is keyed '{id}' but names itself '{instance.Id}'"));
            }

            foreach (var error in StrategyParameters.Parse(instance.Kind, instance.Parameters).Errors)
            {
                problems.Add((id, error));
            }
        }

        return problems;
    }
}
