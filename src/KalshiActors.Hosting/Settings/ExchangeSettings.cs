using KalshiActors.Exchange.Http;
using KalshiActors.Exchange.WebSocket;
using KalshiActors.Hocon;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Hosting.Settings;

/// <summary>`kalshi-actors.exchange`: which exchange, its URLs, credential sources, rate limits, retries and timeouts.</summary>
public sealed record ExchangeSettings
{
    /// <summary>Path of the section in the configuration.</summary>
    public const string SectionPath = "kalshi-actors.exchange";

    /// <summary>Environment names accepted in <c>environment</c>.</summary>
    public static IReadOnlyList<string> Environments { get; } = ["production", "demo", "simulator"];

    /// <summary>Tier names accepted in <c>rate-limit.tier</c>.</summary>
    public static IReadOnlyList<string> Tiers { get; } = ["basic", "advanced", "expert", "premier", "paragon", "prime", "prestige"];

    /// <summary>The chosen environment's name.</summary>
    public required string Environment { get; init; }

    /// <summary>REST base URL (with /trade-api/v2) and WebSocket URL per environment.</summary>
    public required IReadOnlyDictionary<string, ExchangeEndpoints> Endpoints { get; init; }

    /// <summary>Name of the environment variable holding the API key id.</summary>
    public required string KeyIdEnvironmentVariable { get; init; }

    /// <summary>Name of the environment variable holding the private key file's path.</summary>
    public required string KeyFileEnvironmentVariable { get; init; }

    /// <summary>The REST client options for the chosen environment and tier.</summary>
    public required KalshiRestClientOptions Rest { get; init; }

    /// <summary>The WebSocket options for the chosen environment.</summary>
    public required KalshiWebSocketOptions WebSocket { get; init; }

    /// <summary>Reads `kalshi-actors.exchange`; throws one <see cref="ConfigurationException"/> listing every problem.</summary>
    public static ExchangeSettings Create(Config config)
    {
        var reader = SettingsReader.For(config, SectionPath);
        var settings = Read(reader);
        reader.ThrowIfProblems();
        return settings;
    }

    /// <summary>Reads the section through <paramref name="section"/>, recording problems there.</summary>
    internal static ExchangeSettings Read(SettingsReader section)
    {
        var environment = section.Choice("environment", Environments.ToDictionary(e => e, e => e, StringComparer.OrdinalIgnoreCase), "demo");
        var environments = section.Section("environments");
        var endpoints = Environments.ToDictionary(
            name => name,
            name =>
            {
                var env = environments.Section(name);
                return new ExchangeEndpoints(Url(env, "rest-url", "https://external-api.kalshi.com/trade-api/v2"), Url(env, "websocket-url", "wss://external-api-ws.kalshi.com/trade-api/ws/v2"));
            },
            StringComparer.Ordinal);

        var credentials = section.Section("credentials");
        var rateLimit = section.Section("rate-limit");
        var tier = rateLimit.Choice("tier", Tiers.ToDictionary(t => t, t => t, StringComparer.OrdinalIgnoreCase), "basic");
        var tierSection = rateLimit.Section("tiers").Section(tier);
        var defaultCost = rateLimit.Int32("default-cost", minimum: 1);
        var cancelCost = rateLimit.Int32("cancel-cost", minimum: 1);
        var read = new TokenBucketBudget(tierSection.Int32("read", minimum: 1), tierSection.Int32("read-capacity", minimum: 1));
        var write = new TokenBucketBudget(tierSection.Int32("write", minimum: 1), tierSection.Int32("write-capacity", minimum: 1));
        if (defaultCost > Math.Min(read.Capacity, write.Capacity))
        {
            rateLimit.Problem("default-cost", $"is {defaultCost}, more than a bucket of tier '{tier}' holds; no request could ever be sent");
        }

        var retry = section.Section("retry");
        var http = section.Section("http");
        var ws = section.Section("websocket");
        var chosen = endpoints[environment];
        return new ExchangeSettings
        {
            Environment = environment,
            Endpoints = endpoints,
            KeyIdEnvironmentVariable = credentials.NonEmptyString("key-id-env", "KALSHI_API_KEY_ID"),
            KeyFileEnvironmentVariable = credentials.NonEmptyString("key-file-env", "KALSHI_PRIVATE_KEY_FILE"),
            Rest = new KalshiRestClientOptions
            {
                RestBaseUrl = chosen.RestUrl,
                ReadBudget = read,
                WriteBudget = write,
                DefaultCost = defaultCost,
                CancelCost = cancelCost,
                MaxRetries = retry.Int32("max-retries", minimum: 0, maximum: 20),
                RetryBaseDelay = retry.Duration("base-delay"),
                RequestTimeout = http.Duration("request-timeout", TimeSpan.FromMilliseconds(1)),
                PageSize = http.Int32("page-size", minimum: 1, maximum: 1000),
                MaxPages = http.Int32("max-pages", minimum: 1),
            },
            WebSocket = new KalshiWebSocketOptions
            {
                WebSocketUrl = chosen.WebSocketUrl,
                KeepAliveInterval = ws.Duration("keep-alive-interval", TimeSpan.FromSeconds(1)),
                KeepAliveTimeout = ws.Duration("keep-alive-timeout", TimeSpan.FromSeconds(1)),
                CommandTimeout = ws.Duration("command-timeout", TimeSpan.FromMilliseconds(1)),
                UseYesPriceForNoLevels = ws.Boolean("use-yes-price"),
                EventBufferCapacity = ws.Int32("event-buffer", minimum: 16),
            },
        };
    }

    private static Uri Url(SettingsReader section, string key, string example)
    {
        var text = section.NonEmptyString(key, example);
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        if (text.Length > 0)
        {
            section.Problem(key, $"'{text}' is not an absolute URL; give one such as {example}");
        }

        return new Uri(example);
    }
}

/// <summary>The REST base and WebSocket URL of one exchange environment.</summary>
public sealed record ExchangeEndpoints(Uri RestUrl, Uri WebSocketUrl);
