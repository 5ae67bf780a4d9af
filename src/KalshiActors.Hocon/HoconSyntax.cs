namespace KalshiActors.Hocon;

/// <summary>A parsed but not yet merged piece of HOCON; documents keep these so layering can replay them in order.</summary>
internal abstract class SyntaxNode(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;
}

/// <summary>`{ ... }` as written: fields and includes in file order.</summary>
internal sealed class SyntaxObject(HoconOrigin origin, List<SyntaxMember> members) : SyntaxNode(origin)
{
    public List<SyntaxMember> Members { get; } = members;
}

/// <summary>A field or an include inside an object.</summary>
internal abstract class SyntaxMember(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;
}

/// <summary>`path = value` or `path += value`.</summary>
internal sealed class SyntaxField(HoconOrigin origin, string[] path, bool append, SyntaxNode value) : SyntaxMember(origin)
{
    public string[] Path { get; } = path;

    public bool Append { get; } = append;

    public SyntaxNode Value { get; } = value;
}

/// <summary>An include whose target was already read (null content = missing optional file).</summary>
internal sealed class SyntaxInclude(HoconOrigin origin, SyntaxObject? content) : SyntaxMember(origin)
{
    public SyntaxObject? Content { get; } = content;
}

/// <summary>`[ ... ]` as written.</summary>
internal sealed class SyntaxArray(HoconOrigin origin, List<SyntaxNode> items) : SyntaxNode(origin)
{
    public List<SyntaxNode> Items { get; } = items;
}

/// <summary>A string, number, boolean or null; <see cref="IsWhitespace"/> marks unquoted whitespace between concatenated values.</summary>
internal sealed class SyntaxLiteral(HoconValue value, bool isWhitespace = false) : SyntaxNode(value.Origin)
{
    public HoconValue Value { get; } = value;

    public bool IsWhitespace { get; } = isWhitespace;
}

/// <summary>`${path}` or `${?path}`.</summary>
internal sealed class SyntaxSubstitution(HoconOrigin origin, string[] path, bool optional) : SyntaxNode(origin)
{
    public string[] Path { get; } = path;

    public bool Optional { get; } = optional;
}

/// <summary>Values written side by side on one line, joined at resolution (strings, lists or objects).</summary>
internal sealed class SyntaxConcat(HoconOrigin origin, List<SyntaxNode> parts) : SyntaxNode(origin)
{
    public List<SyntaxNode> Parts { get; } = parts;
}
