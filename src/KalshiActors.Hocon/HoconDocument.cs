namespace KalshiActors.Hocon;

/// <summary>A parsed, not yet resolved configuration; layer documents with <see cref="WithFallback"/>, then <see cref="Resolve"/>.</summary>
public sealed class HoconDocument
{
    private readonly IReadOnlyList<SyntaxObject> sources;

    private HoconDocument(IReadOnlyList<SyntaxObject> sources)
    {
        this.sources = sources;
    }

    /// <summary>A document with no settings.</summary>
    public static HoconDocument Empty { get; } = new([]);

    /// <summary>Parses a file; the grammar follows its extension (`.conf`, `.json`, `.properties`) and includes resolve against its folder.</summary>
    public static HoconDocument ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new HoconParseOptions();
        if (!File.Exists(path))
        {
            throw new HoconParseException(new HoconOrigin(path, 0, 0), "configuration file not found; check the path");
        }

        return new HoconDocument([HoconLoadContext.LoadFile(path, options, options.Syntax)]);
    }

    /// <summary>Parses text; <paramref name="originName"/> is what error messages call it, and includes resolve against <see cref="HoconParseOptions.BaseDirectory"/>.</summary>
    public static HoconDocument ParseText(string text, string originName = "<text>", HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= new HoconParseOptions();
        var syntax = options.Syntax ?? HoconSyntax.Conf;
        var root = syntax == HoconSyntax.Properties
            ? HoconPropertiesParser.Parse(text, originName)
            : HoconParser.ParseDocument(text, originName, HoconLoadContext.ForText(options));
        return new HoconDocument([root]);
    }

    /// <summary>Layers documents before resolution: this document wins, <paramref name="fallback"/> fills gaps, and substitutions here (including self-references such as `a += x`) see the fallback's values.</summary>
    public HoconDocument WithFallback(HoconDocument fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new HoconDocument([.. fallback.sources, .. sources]);
    }

    /// <summary>Resolves every substitution and returns the finished configuration.</summary>
    public Config Resolve(HoconResolveOptions? options = null) =>
        new(HoconResolver.Resolve(HoconBuilder.Build(sources), options ?? new HoconResolveOptions()));
}
