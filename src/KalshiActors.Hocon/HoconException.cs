namespace KalshiActors.Hocon;

/// <summary>Base of every HOCON failure; the message starts with `file:line:col:` when a location is known.</summary>
public class HoconException : Exception
{
    /// <summary>Creates an exception without a location (prefer the origin overload).</summary>
    public HoconException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with an inner cause.</summary>
    public HoconException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception located at <paramref name="origin"/>; the message gets the `file:line:col: ` prefix.</summary>
    public HoconException(HoconOrigin origin, string message)
        : base(Prefix(origin, message))
    {
        ArgumentNullException.ThrowIfNull(origin);
        Origin = origin;
        Detail = message;
    }

    /// <summary>Creates a located exception with an inner cause.</summary>
    public HoconException(HoconOrigin origin, string message, Exception innerException)
        : base(Prefix(origin, message), innerException)
    {
        ArgumentNullException.ThrowIfNull(origin);
        Origin = origin;
        Detail = message;
    }

    /// <summary>Creates an exception with no message (framework convention).</summary>
    public HoconException()
    {
    }

    /// <summary>Where the problem is, when known.</summary>
    public HoconOrigin? Origin { get; }

    /// <summary>The message without its location prefix.</summary>
    public string? Detail { get; }

    /// <summary>The file (or origin name) of the problem, when known.</summary>
    public string? File => Origin?.File;

    /// <summary>1-based line of the problem, or 0 when unknown.</summary>
    public int Line => Origin?.Line ?? 0;

    /// <summary>1-based column of the problem, or 0 when unknown.</summary>
    public int Column => Origin?.Column ?? 0;

    private static string Prefix(HoconOrigin? origin, string message) =>
        origin is null ? message : $"{origin}: {message}";
}

/// <summary>The text is not valid HOCON (or JSON / properties); says what was expected where.</summary>
public sealed class HoconParseException : HoconException
{
    /// <summary>Creates a parse error at <paramref name="origin"/>.</summary>
    public HoconParseException(HoconOrigin origin, string message)
        : base(origin, message)
    {
    }

    /// <summary>Creates a parse error with an inner cause (for example an unreadable include).</summary>
    public HoconParseException(HoconOrigin origin, string message, Exception innerException)
        : base(origin, message, innerException)
    {
    }
}

/// <summary>A substitution could not be resolved: missing, cyclic, or of a type that cannot be concatenated.</summary>
public sealed class HoconResolveException : HoconException
{
    /// <summary>Creates a resolve error at <paramref name="origin"/>.</summary>
    public HoconResolveException(HoconOrigin origin, string message)
        : base(origin, message)
    {
    }
}
