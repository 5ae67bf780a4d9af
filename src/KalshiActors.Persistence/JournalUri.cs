namespace KalshiActors.Persistence;

/// <summary>Which journal backend a URI names: `sqlite:PATH`, `postgres:CONNECTION-STRING` or `memory:`.</summary>
public enum JournalKind
{
    /// <summary>In-process memory (lost at exit).</summary>
    Memory,

    /// <summary>One SQLite file (the embedded default).</summary>
    Sqlite,

    /// <summary>A PostgreSQL database.</summary>
    PostgreSql,
}

/// <summary>A parsed journal URI.</summary>
/// <param name="Kind">The backend.</param>
/// <param name="Target">The SQLite file path or the PostgreSQL connection string; empty for memory.</param>
public sealed record JournalUri(JournalKind Kind, string Target)
{
    /// <summary>The journal used when none is configured.</summary>
    public const string Default = "sqlite:./data/kalshi-actors.db";

    /// <summary>Parses a journal URI; throws <see cref="FormatException"/> saying what forms are accepted.</summary>
    public static JournalUri Parse(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? uri : uri[..colon];
        var rest = colon < 0 ? string.Empty : uri[(colon + 1)..];
        switch (scheme.ToUpperInvariant())
        {
            case "MEMORY":
                return new JournalUri(JournalKind.Memory, string.Empty);
            case "SQLITE" when rest.Trim().Length > 0:
                return new JournalUri(JournalKind.Sqlite, rest.Trim());
            case "POSTGRES" or "POSTGRESQL" when rest.Trim().Length > 0:
                return new JournalUri(JournalKind.PostgreSql, rest.Trim());
            default:
                throw new FormatException(
                    $"Journal URI '{Redact(uri)}' is not understood; use sqlite:PATH (e.g. {Default}), " +
                    "postgres:Host=HOST;Database=DB;Username=USER (password via PGPASSWORD) or memory:.");
        }
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        JournalKind.Memory => "memory:",
        JournalKind.Sqlite => "sqlite:" + Target,
        _ => "postgres:" + Redact(Target),
    };

    /// <summary>The text with any `Password=`/`Pwd=` value replaced by `***`, for errors and logs.</summary>
    public static string Redact(string text)
    {
        var parts = text.Split(';');
        for (var i = 0; i < parts.Length; i++)
        {
            var eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                var key = parts[i][..eq].Trim();
                if (key.Equals("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase))
                {
                    parts[i] = parts[i][..(eq + 1)] + "***";
                }
            }
        }

        return string.Join(';', parts);
    }
}
