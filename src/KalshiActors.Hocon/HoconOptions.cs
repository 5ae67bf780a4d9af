namespace KalshiActors.Hocon;

/// <summary>Which grammar a file is read with.</summary>
public enum HoconSyntax
{
    /// <summary>HOCON (`.conf`, and any unknown extension).</summary>
    Conf,

    /// <summary>JSON (`.json`), parsed strictly.</summary>
    Json,

    /// <summary>Java properties (`.properties`).</summary>
    Properties,
}

/// <summary>How text is parsed; includes are resolved against the including file's folder.</summary>
public sealed record HoconParseOptions
{
    /// <summary>Folder that includes in <see cref="HoconDocument.ParseText"/> text resolve against; null = the current directory.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>Forces a grammar; null = choose from the file extension (HOCON for text).</summary>
    public HoconSyntax? Syntax { get; init; }

    /// <summary>Deepest nesting of objects, arrays and includes accepted before the input is rejected.</summary>
    public int MaxDepth { get; init; } = 256;
}

/// <summary>How substitutions are resolved.</summary>
public sealed record HoconResolveOptions
{
    /// <summary>Environment-variable lookup for substitutions the configuration does not define; null = the process environment.</summary>
    public Func<string, string?>? EnvironmentLookup { get; init; }

    /// <summary>False = substitutions never fall back to environment variables.</summary>
    public bool UseEnvironment { get; init; } = true;
}
