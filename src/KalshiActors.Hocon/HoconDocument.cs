namespace KalshiActors.Hocon;

/// <summary>A parsed, not yet resolved configuration tree; layer documents with <see cref="WithFallback"/>, then <see cref="Resolve"/>.</summary>
public sealed class HoconDocument
{
    internal HoconDocument(HoconObject root)
    {
        Root = root;
    }

    /// <summary>A document with no settings.</summary>
    public static HoconDocument Empty { get; } = new(HoconObject.Empty);

    /// <summary>The unresolved root (may hold substitutions, which only <see cref="Resolve"/> removes).</summary>
    internal HoconObject Root { get; }

    /// <summary>Parses a file; the grammar follows its extension and includes resolve against its folder.</summary>
    public static HoconDocument ParseFile(string path, HoconParseOptions? options = null) =>
        throw new NotImplementedException();

    /// <summary>Parses text; <paramref name="originName"/> is what error messages call it.</summary>
    public static HoconDocument ParseText(string text, string originName = "<text>", HoconParseOptions? options = null) =>
        throw new NotImplementedException();

    /// <summary>Merges before resolution: this document wins, <paramref name="fallback"/> fills gaps, and substitutions here see the fallback's values.</summary>
    public HoconDocument WithFallback(HoconDocument fallback) => throw new NotImplementedException();

    /// <summary>Resolves every substitution and returns the finished configuration.</summary>
    public Config Resolve(HoconResolveOptions? options = null) => throw new NotImplementedException();
}
