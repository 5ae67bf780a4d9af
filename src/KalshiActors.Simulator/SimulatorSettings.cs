using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace KalshiActors.Simulator;

/// <summary>Typed `kalshi-actors.simulator` settings; every default here is the one in hocon/reference.conf.</summary>
public sealed record SimulatorSettings
{
    /// <summary>Interface the server binds; loopback only by default.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests).</summary>
    public int Port { get; init; }

    /// <summary>Seed for every random choice the simulator makes, so a run is reproducible.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Cash each client account starts with, in dollars.</summary>
    public decimal StartingBalance { get; init; } = 10_000m;

    /// <summary>How often synthetic participants act and lifecycle deadlines are checked.</summary>
    public TimeSpan StepInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether the server advances itself on a TimeProvider timer (off when a test drives it).</summary>
    public bool AutoAdvance { get; init; } = true;

    /// <summary>Interval of WebSocket keep-alive pings.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay between a market's determination and its settlement (`settlement_timer_seconds`).</summary>
    public TimeSpan SettlementTimer { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Whether synthetic participants trade.</summary>
    public bool ParticipantsEnabled { get; init; } = true;

    /// <summary>Half the market maker's quoted spread around fair value, in dollars.</summary>
    public decimal MakerHalfSpread { get; init; } = 0.02m;

    /// <summary>Contracts the market maker shows at each of its quotes.</summary>
    public decimal MakerSize { get; init; } = 50m;

    /// <summary>Chance per step per market that a noise taker sends an order.</summary>
    public double NoiseTakerProbability { get; init; } = 0.3;

    /// <summary>Largest noise-taker order, in contracts.</summary>
    public decimal NoiseTakerMaxSize { get; init; } = 10m;

    /// <summary>How far a request's KALSHI-ACCESS-TIMESTAMP may be from the simulator clock.</summary>
    public TimeSpan SignatureTolerance { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Generate an API key pair at start and print it (the standalone verb uses it).</summary>
    public bool GenerateApiKey { get; init; } = true;

    /// <summary>Client keys the server accepts: key id and a PEM public key file.</summary>
    public IReadOnlyList<SimulatorApiKey> ApiKeys { get; init; } = [];

    /// <summary>Faults active from start.</summary>
    public SimulatorFaultSettings Faults { get; init; } = new();

    /// <summary>Markets the exchange lists.</summary>
    public IReadOnlyList<MarketDefinition> Markets { get; init; } = DefaultMarkets;

    /// <summary>The markets the reference configuration ships: one of each kind.</summary>
    public static IReadOnlyList<MarketDefinition> DefaultMarkets { get; } =
    [
        new MarketDefinition { Kind = MarketKind.Binary, Series = "KXSIMRAIN", Title = "Will it rain in Simville tomorrow?", FairValue = 0.40, Relist = true },
        new MarketDefinition { Kind = MarketKind.Event, Series = "KXSIMELECT", Title = "Who wins the Simville mayoral race?", Outcomes = ["ALICE", "BOB", "CAROL"], Relist = true },
        new MarketDefinition { Kind = MarketKind.Ladder, Series = "KXSIMBTCD", Title = "Bitcoin price at the close?", Spot = 100_000m, Strikes = [98_000m, 99_000m, 100_000m, 101_000m, 102_000m], Relist = true },
        new MarketDefinition { Kind = MarketKind.Crypto15m, Series = "KXBTC15M", Title = "BTC price up in next 15 mins?", Spot = 100_000m, ExchangeIndex = 2 },
        new MarketDefinition { Kind = MarketKind.Game, Series = "KXSIMNBAGAME", Title = "Simville at Testtown", Outcomes = ["SIM", "TST"], FeeType = "quadratic_with_maker_fees", Relist = true },
    ];

    /// <summary>
    /// Reads the `kalshi-actors.simulator` section (as flattened by the configuration provider, kebab-case keys) over
    /// the defaults; reports every bad or unknown key at once.
    /// </summary>
    public static SimulatorSettings Create(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var reader = new SettingsReader("kalshi-actors.simulator");
        var defaults = new SimulatorSettings();
        var settings = new SimulatorSettings
        {
            Host = reader.String(section, "host", defaults.Host),
            Port = (int)reader.Integer(section, "port", defaults.Port, 0, 65535),
            Seed = (int)reader.Integer(section, "seed", defaults.Seed, int.MinValue, int.MaxValue),
            StartingBalance = reader.Decimal(section, "starting-balance", defaults.StartingBalance),
            StepInterval = reader.Duration(section, "step-interval", defaults.StepInterval),
            AutoAdvance = reader.Boolean(section, "auto-advance", defaults.AutoAdvance),
            HeartbeatInterval = reader.Duration(section, "heartbeat-interval", defaults.HeartbeatInterval),
            SettlementTimer = reader.Duration(section, "settlement-timer", defaults.SettlementTimer),
            ParticipantsEnabled = reader.Boolean(section, "participants-enabled", defaults.ParticipantsEnabled),
            MakerHalfSpread = reader.Decimal(section, "maker-half-spread", defaults.MakerHalfSpread),
            MakerSize = reader.Decimal(section, "maker-size", defaults.MakerSize),
            NoiseTakerProbability = (double)reader.Decimal(section, "noise-taker-probability", (decimal)defaults.NoiseTakerProbability),
            NoiseTakerMaxSize = reader.Decimal(section, "noise-taker-max-size", defaults.NoiseTakerMaxSize),
            SignatureTolerance = reader.Duration(section, "signature-tolerance", defaults.SignatureTolerance),
            GenerateApiKey = reader.Boolean(section, "generate-api-key", defaults.GenerateApiKey),
            ApiKeys = reader.List(section, "api-keys", defaults.ApiKeys, (item, r) => new SimulatorApiKey(
                r.String(item, "id", string.Empty),
                r.String(item, "public-key-file", string.Empty))),
            Faults = SimulatorFaultSettings.Read(section.GetSection("faults"), reader),
            Markets = reader.List(section, "markets", defaults.Markets, MarketDefinition.Read),
        };
        reader.RejectUnknown(section, ["host", "port", "seed", "starting-balance", "step-interval", "auto-advance", "heartbeat-interval",
            "settlement-timer", "participants-enabled", "maker-half-spread", "maker-size", "noise-taker-probability",
            "noise-taker-max-size", "signature-tolerance", "generate-api-key", "api-keys", "faults", "markets"]);
        reader.ThrowIfErrors();
        return settings;
    }
}

/// <summary>A client API key the simulator accepts.</summary>
/// <param name="Id">The key id clients send in KALSHI-ACCESS-KEY.</param>
/// <param name="PublicKeyFile">Path of the PEM public key that verifies their signatures.</param>
public sealed record SimulatorApiKey(string Id, string PublicKeyFile);

/// <summary>Faults configured from start (the control endpoint changes them at run time).</summary>
public sealed record SimulatorFaultSettings
{
    /// <summary>HTTP status (429, 500, 503) answered instead of the real response; 0 = none.</summary>
    public int HttpErrorStatus { get; init; }

    /// <summary>How many following REST requests get <see cref="HttpErrorStatus"/>; 0 = every one while set.</summary>
    public int HttpErrorCount { get; init; }

    /// <summary>Refuse every new order with a rejection.</summary>
    public bool RejectOrders { get; init; }

    /// <summary>Skip one sequence number after every N sequenced messages; 0 = never.</summary>
    public int SkipSequenceEvery { get; init; }

    /// <summary>Send every Nth sequenced message twice; 0 = never.</summary>
    public int DuplicateSequenceEvery { get; init; }

    /// <summary>Extra delay before each WebSocket message is sent.</summary>
    public TimeSpan MessageDelay { get; init; } = TimeSpan.Zero;

    internal static SimulatorFaultSettings Read(IConfiguration section, SettingsReader reader)
    {
        var defaults = new SimulatorFaultSettings();
        var faults = new SimulatorFaultSettings
        {
            HttpErrorStatus = (int)reader.Integer(section, "http-error-status", defaults.HttpErrorStatus, 0, 599),
            HttpErrorCount = (int)reader.Integer(section, "http-error-count", defaults.HttpErrorCount, 0, int.MaxValue),
            RejectOrders = reader.Boolean(section, "reject-orders", defaults.RejectOrders),
            SkipSequenceEvery = (int)reader.Integer(section, "skip-sequence-every", defaults.SkipSequenceEvery, 0, int.MaxValue),
            DuplicateSequenceEvery = (int)reader.Integer(section, "duplicate-sequence-every", defaults.DuplicateSequenceEvery, 0, int.MaxValue),
            MessageDelay = reader.Duration(section, "message-delay", defaults.MessageDelay),
        };
        reader.RejectUnknown(section, ["http-error-status", "http-error-count", "reject-orders", "skip-sequence-every", "duplicate-sequence-every", "message-delay"]);
        return faults;
    }
}

/// <summary>The kinds of market the simulator can list.</summary>
public enum MarketKind
{
    /// <summary>One yes/no market whose fair value wanders.</summary>
    Binary,

    /// <summary>An event of mutually exclusive markets (exactly one resolves YES).</summary>
    Event,

    /// <summary>Markets "above strike K" on one underlying that follows a GBM.</summary>
    Ladder,

    /// <summary>Rolling 15-minute up/down windows on a GBM spot, a new event every quarter hour.</summary>
    Crypto15m,

    /// <summary>A game between two teams, one market per team, fair value from a scripted score.</summary>
    Game,
}

/// <summary>One configured series of markets.</summary>
public sealed record MarketDefinition
{
    /// <summary>What is listed.</summary>
    public MarketKind Kind { get; init; } = MarketKind.Binary;

    /// <summary>Series ticker (upper case, e.g. KXBTC15M).</summary>
    public string Series { get; init; } = "KXSIM";

    /// <summary>Event title shown to clients.</summary>
    public string Title { get; init; } = "Simulated market";

    /// <summary>Outcome codes for events and games (a game's are away, home).</summary>
    public IReadOnlyList<string> Outcomes { get; init; } = [];

    /// <summary>Strikes for a ladder, in the underlying's units.</summary>
    public IReadOnlyList<decimal> Strikes { get; init; } = [];

    /// <summary>Underlying's starting value (ladder, crypto).</summary>
    public decimal Spot { get; init; } = 100m;

    /// <summary>Annualised volatility of the underlying (ladder, crypto), or the per-hour logit volatility of a binary.</summary>
    public double Volatility { get; init; } = 0.6;

    /// <summary>Starting fair probability of a binary market.</summary>
    public double FairValue { get; init; } = 0.5;

    /// <summary>Time from simulator start to the markets' open.</summary>
    public TimeSpan OpensAfter { get; init; } = TimeSpan.Zero;

    /// <summary>How long the markets trade (crypto windows are always 15 minutes).</summary>
    public TimeSpan TradesFor { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Once the event settles, list the next one (open at once, trading <see cref="TradesFor"/>, under a new event
    /// ticker), as the exchange lists the next day's or hour's; a crypto-15m series rolls by itself.
    /// </summary>
    public bool Relist { get; init; }

    /// <summary>Series fee type (`quadratic`, `quadratic_with_maker_fees`, `quadratic_with_combo_maker_fees`).</summary>
    public string FeeType { get; init; } = "quadratic";

    /// <summary>Series fee multiplier scaling k = 0.07.</summary>
    public decimal FeeMultiplier { get; init; } = 1m;

    /// <summary>Tick size in dollars (the single `price_ranges` band's step).</summary>
    public decimal TickSize { get; init; } = 0.01m;

    /// <summary>Exchange shard the markets live on.</summary>
    public int ExchangeIndex { get; init; }

    /// <summary>
    /// A scripted mispricing: dollars the synthetic market maker adds to the hidden fair value before quoting (e.g. -0.05
    /// on an exclusive event makes its YES asks sum below $1, an arbitrage); the markets still settle on the fair value.
    /// </summary>
    public decimal MakerSkew { get; init; }

    internal static MarketDefinition Read(IConfiguration item, SettingsReader reader)
    {
        var defaults = new MarketDefinition();
        var kindText = reader.String(item, "kind", "binary");
        var kind = kindText switch
        {
            "binary" => MarketKind.Binary,
            "event" => MarketKind.Event,
            "ladder" => MarketKind.Ladder,
            "crypto-15m" => MarketKind.Crypto15m,
            "game" => MarketKind.Game,
            _ => reader.Error<MarketKind>(item, "kind", $"'{kindText}' is not one of binary, event, ladder, crypto-15m, game"),
        };
        var definition = new MarketDefinition
        {
            Kind = kind,
            Series = reader.String(item, "series", defaults.Series),
            Title = reader.String(item, "title", defaults.Title),
            Outcomes = reader.List(item, "outcomes", defaults.Outcomes, (element, r) => r.String(element, string.Empty, string.Empty)),
            Strikes = reader.List(item, "strikes", defaults.Strikes, (element, r) => r.Decimal(element, string.Empty, 0m)),
            Spot = reader.Decimal(item, "spot", defaults.Spot),
            Volatility = (double)reader.Decimal(item, "volatility", (decimal)defaults.Volatility),
            FairValue = (double)reader.Decimal(item, "fair-value", (decimal)defaults.FairValue),
            OpensAfter = reader.Duration(item, "opens-after", defaults.OpensAfter),
            TradesFor = reader.Duration(item, "trades-for", defaults.TradesFor),
            Relist = reader.Boolean(item, "relist", defaults.Relist),
            FeeType = reader.String(item, "fee-type", defaults.FeeType),
            FeeMultiplier = reader.Decimal(item, "fee-multiplier", defaults.FeeMultiplier),
            TickSize = reader.Decimal(item, "tick-size", defaults.TickSize),
            ExchangeIndex = (int)reader.Integer(item, "exchange-index", defaults.ExchangeIndex, 0, 63),
            MakerSkew = reader.Decimal(item, "maker-skew", defaults.MakerSkew),
        };
        reader.RejectUnknown(item, ["kind", "series", "title", "outcomes", "strikes", "spot", "volatility", "fair-value", "opens-after",
            "trades-for", "relist", "fee-type", "fee-multiplier", "tick-size", "exchange-index", "maker-skew"]);
        if (definition.FeeType is not ("quadratic" or "quadratic_with_maker_fees" or "quadratic_with_combo_maker_fees"))
        {
            reader.Error<int>(item, "fee-type", $"'{definition.FeeType}' is not one of quadratic, quadratic_with_maker_fees, quadratic_with_combo_maker_fees");
        }

        return definition;
    }
}

/// <summary>Thrown when the simulator section of the configuration is wrong; lists every problem with its path.</summary>
public sealed class SimulatorConfigurationException : Exception
{
    /// <summary>Creates the exception from all problems found.</summary>
    public SimulatorConfigurationException(IReadOnlyList<string> problems)
        : base("Invalid simulator configuration:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    /// <summary>Each problem: the key's path, what was wrong and what is expected.</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>Reads values with defaults and collects errors instead of stopping at the first.</summary>
internal sealed class SettingsReader(string root)
{
    private readonly List<string> errors = [];

    public string String(IConfiguration section, string key, string fallback)
    {
        var value = Value(section, key);
        return value ?? fallback;
    }

    public long Integer(IConfiguration section, string key, long fallback, long min, long max)
    {
        var value = Value(section, key);
        if (value is null)
        {
            return fallback;
        }

        if (!long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            return Error<long>(section, key, $"'{value}' is not a whole number between {min} and {max}");
        }

        return parsed;
    }

    public decimal Decimal(IConfiguration section, string key, decimal fallback)
    {
        var value = Value(section, key);
        if (value is null)
        {
            return fallback;
        }

        if (!decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
        {
            return Error<decimal>(section, key, $"'{value}' is not a number");
        }

        return parsed;
    }

    public bool Boolean(IConfiguration section, string key, bool fallback)
    {
        var value = Value(section, key);
        return value switch
        {
            null => fallback,
            "true" or "on" or "yes" or "True" => true,
            "false" or "off" or "no" or "False" => false,
            _ => Error<bool>(section, key, $"'{value}' is not true or false"),
        };
    }

    public TimeSpan Duration(IConfiguration section, string key, TimeSpan fallback)
    {
        var value = Value(section, key);
        if (value is null)
        {
            return fallback;
        }

        var text = value.Trim();
        var split = 0;
        while (split < text.Length && (char.IsDigit(text[split]) || text[split] == '.'))
        {
            split++;
        }

        var unit = text[split..].Trim();
        if (split == 0 || !double.TryParse(text[..split], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            return Error<TimeSpan>(section, key, $"'{value}' is not a duration such as 500ms, 10s, 5m, 1h");
        }

        return unit switch
        {
            "ms" or "millis" or "milliseconds" => TimeSpan.FromMilliseconds(amount),
            "" or "s" or "second" or "seconds" => TimeSpan.FromSeconds(amount),
            "m" or "minute" or "minutes" => TimeSpan.FromMinutes(amount),
            "h" or "hour" or "hours" => TimeSpan.FromHours(amount),
            "d" or "day" or "days" => TimeSpan.FromDays(amount),
            _ => Error<TimeSpan>(section, key, $"'{value}' has an unknown unit '{unit}' (use ms, s, m, h or d)"),
        };
    }

    public IReadOnlyList<T> List<T>(IConfiguration section, string key, IReadOnlyList<T> fallback, Func<IConfiguration, SettingsReader, T> read)
    {
        var list = section.GetSection(key);
        var children = list.GetChildren().ToList();
        if (children.Count == 0)
        {
            return fallback;
        }

        return children
            .OrderBy(c => int.TryParse(c.Key, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue)
            .Select(c => read(c, this))
            .ToList();
    }

    public T Error<T>(IConfiguration section, string key, string problem)
    {
        errors.Add($"{PathOf(section, key)}: {problem}");
        return default!;
    }

    public void RejectUnknown(IConfiguration section, IReadOnlyCollection<string> known)
    {
        foreach (var child in section.GetChildren())
        {
            if (!known.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                errors.Add($"{PathOf(section, child.Key)}: unknown setting (known: {string.Join(", ", known)})");
            }
        }
    }

    public void ThrowIfErrors()
    {
        if (errors.Count > 0)
        {
            throw new SimulatorConfigurationException(errors);
        }
    }

    private static string? Value(IConfiguration section, string key) => key.Length == 0 && section is IConfigurationSection own ? own.Value : section[key];

    private string PathOf(IConfiguration section, string key)
    {
        var path = section is IConfigurationSection s && s.Path.Length > 0 ? s.Path.Replace(':', '.') : root;
        return key.Length == 0 ? path : $"{path}.{key}";
    }
}
