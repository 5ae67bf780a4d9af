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
internal abstract class SyntaxMember
{
    // A large file has tens of thousands of fields whose origin is only read for `+=` and errors, so the parser
    // stores the position and the origin object is made on demand.
    private readonly string file;
    private readonly int line;
    private readonly int column;

    protected SyntaxMember(HoconOrigin origin)
    {
        file = origin.File;
        line = origin.Line;
        column = origin.Column;
    }

    protected SyntaxMember(string file, int line, int column)
    {
        this.file = file;
        this.line = line;
        this.column = column;
    }

    public HoconOrigin Origin => new(file, line, column);
}

/// <summary>`path = value` or `path += value`.</summary>
internal sealed class SyntaxField : SyntaxMember
{
    public SyntaxField(HoconOrigin origin, string[] path, bool append, SyntaxNode value)
        : base(origin)
    {
        Path = path;
        Append = append;
        Value = value;
    }

    public SyntaxField(string file, int line, int column, string[] path, bool append, SyntaxNode value)
        : base(file, line, column)
    {
        Path = path;
        Append = append;
        Value = value;
    }

    public string[] Path { get; }

    public bool Append { get; }

    public SyntaxNode Value { get; }
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
    /// <summary>The tree node for this literal; finished values are immutable, so every replay shares this one (and it holds the value).</summary>
    public LitNode Node { get; } = new LitNode(value, isWhitespace);

    public HoconValue Value => Node.Value;

    public bool IsWhitespace => Node.IsWhitespace;
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
