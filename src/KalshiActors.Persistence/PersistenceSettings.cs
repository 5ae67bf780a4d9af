using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace KalshiActors.Persistence;

/// <summary>The `kalshi-actors.persistence` section, read once at startup (defaults in hocon/reference.conf).</summary>
public sealed record PersistenceSettings
{
    private static readonly HashSet<string> KnownKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "journal-uri", "journal:max-batch-size", "journal:linger", "query:page-size", "query:refresh-interval",
        "sqlite:synchronous", "sqlite:busy-timeout", "postgres:schema", "postgres:max-pool-size",
    };

    /// <summary>Where events go: `sqlite:PATH`, `postgres:CONNECTION-STRING` or `memory:`.</summary>
    public string JournalUri { get; init; } = "sqlite:./data/kalshi-actors.db";

    /// <summary>Most events one journal transaction holds.</summary>
    public int MaxBatchSize { get; init; } = 500;

    /// <summary>How long the journal actor waits for more writes before committing a batch that is not full.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.Zero;

    /// <summary>Rows a query fetches per round trip.</summary>
    public int QueryPageSize { get; init; } = 1000;

    /// <summary>How often live queries look for events written by other processes.</summary>
    public TimeSpan QueryRefreshInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>SQLite `PRAGMA synchronous`: FULL survives power loss; NORMAL may lose the last commits on power loss (not on a crash).</summary>
    public SqliteSynchronous SqliteSynchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>How long a SQLite connection waits for another writer's lock before failing.</summary>
    public TimeSpan SqliteBusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The PostgreSQL schema holding the journal tables (created when missing).</summary>
    public string PostgresSchema { get; init; } = "public";

    /// <summary>Most connections one journal (and one snapshot store) opens to PostgreSQL, unless the connection string sets Maximum Pool Size.</summary>
    public int PostgresMaxPoolSize { get; init; } = 16;

    /// <summary>
    /// Reads the persistence section (the configuration node for `kalshi-actors:persistence`); missing keys keep their
    /// defaults, unknown keys and bad values are all reported in one error.
    /// </summary>
    public static PersistenceSettings Create(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var errors = new List<string>();
        var defaults = new PersistenceSettings();
        foreach (var pair in section.AsEnumerable(makePathsRelative: true))
        {
            if (pair.Value is not null && !KnownKeys.Contains(pair.Key))
            {
                errors.Add($"unknown key 'kalshi-actors.persistence.{pair.Key.Replace(':', '.')}' (known: {string.Join(", ", KnownKeys.Order().Select(k => k.Replace(':', '.')))})");
            }
        }

        var settings = new PersistenceSettings
        {
            JournalUri = section["journal-uri"] ?? defaults.JournalUri,
            MaxBatchSize = ReadInt(section, "journal:max-batch-size", defaults.MaxBatchSize, 1, errors),
            Linger = ReadDuration(section, "journal:linger", defaults.Linger, errors),
            QueryPageSize = ReadInt(section, "query:page-size", defaults.QueryPageSize, 1, errors),
            QueryRefreshInterval = ReadDuration(section, "query:refresh-interval", defaults.QueryRefreshInterval, errors),
            SqliteSynchronous = ReadSynchronous(section, errors),
            SqliteBusyTimeout = ReadDuration(section, "sqlite:busy-timeout", defaults.SqliteBusyTimeout, errors),
            PostgresSchema = section["postgres:schema"] ?? defaults.PostgresSchema,
            PostgresMaxPoolSize = ReadInt(section, "postgres:max-pool-size", defaults.PostgresMaxPoolSize, 1, errors),
        };

        try
        {
            KalshiActors.Persistence.JournalUri.Parse(settings.JournalUri);
        }
        catch (FormatException ex)
        {
            errors.Add(ex.Message);
        }

        if (!IsIdentifier(settings.PostgresSchema))
        {
            errors.Add($"kalshi-actors.persistence.postgres.schema = '{settings.PostgresSchema}' must be a plain identifier (letters, digits, underscore)");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid persistence settings: " + string.Join("; ", errors) + ". Fix them in your configuration file or environment.");
        }

        return settings;
    }

    /// <summary>Parses a HOCON duration such as `500ms`, `1s`, `2m` or `0`.</summary>
    public static TimeSpan ParseDuration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        var split = 0;
        while (split < trimmed.Length && (char.IsAsciiDigit(trimmed[split]) || trimmed[split] == '.'))
        {
            split++;
        }

        if (split == 0 || !double.TryParse(trimmed[..split], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new FormatException($"'{text}' is not a duration; write a number and a unit, e.g. 500ms, 2s, 1m.");
        }

        return trimmed[split..].Trim() switch
        {
            "" when amount == 0 => TimeSpan.Zero,
            "us" or "micros" => TimeSpan.FromMicroseconds(amount),
            "ms" or "millis" or "milliseconds" => TimeSpan.FromMilliseconds(amount),
            "s" or "seconds" => TimeSpan.FromSeconds(amount),
            "m" or "minutes" => TimeSpan.FromMinutes(amount),
            "h" or "hours" => TimeSpan.FromHours(amount),
            _ => throw new FormatException($"'{text}' has no known unit; use us, ms, s, m or h (e.g. 500ms)."),
        };
    }

    /// <summary>Whether <paramref name="name"/> is a plain SQL identifier (safe to splice into SQL as a schema name).</summary>
    public static bool IsIdentifier(string name) =>
        name.Length is > 0 and <= 63 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private static int ReadInt(IConfiguration section, string key, int fallback, int minimum, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        errors.Add($"kalshi-actors.persistence.{key.Replace(':', '.')} = '{text}' must be an integer >= {minimum}");
        return fallback;
    }

    private static TimeSpan ReadDuration(IConfiguration section, string key, TimeSpan fallback, List<string> errors)
    {
        var text = section[key];
        if (text is null)
        {
            return fallback;
        }

        try
        {
            return ParseDuration(text);
        }
        catch (FormatException ex)
        {
            errors.Add($"kalshi-actors.persistence.{key.Replace(':', '.')}: {ex.Message}");
            return fallback;
        }
    }

    private static SqliteSynchronous ReadSynchronous(IConfiguration section, List<string> errors)
    {
        var text = section["sqlite:synchronous"];
        if (text is null)
        {
            return SqliteSynchronous.Full;
        }

        if (Enum.TryParse<SqliteSynchronous>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        errors.Add($"kalshi-actors.persistence.sqlite.synchronous = '{text}' must be one of off, normal, full, extra");
        return SqliteSynchronous.Full;
    }
}

/// <summary>SQLite's `PRAGMA synchronous` levels.</summary>
public enum SqliteSynchronous
{
    /// <summary>No syncs: fastest, a power loss can corrupt the database (backtests only).</summary>
    Off = 0,

    /// <summary>Syncs at checkpoints: a crash loses nothing, a power loss may lose the last commits.</summary>
    Normal = 1,

    /// <summary>Syncs every commit: survives power loss; the live default.</summary>
    Full = 2,

    /// <summary>Like Full, also syncs the directory.</summary>
    Extra = 3,
}
