using System.Collections.Immutable;

namespace KalshiActors.Hocon;

/// <summary>Turns tokens into a syntax tree, reading includes as it goes.</summary>
internal sealed class HoconParser
{
    private readonly HoconTokenizer lexer;

    // Ring buffer of tokens read but not yet consumed; the grammar never looks more than two tokens ahead.
    private const int AheadMask = 7;
    private readonly Token[] ahead = new Token[AheadMask + 1];
    private int aheadStart;
    private int aheadCount;
    private readonly string file;
    private readonly HoconLoadContext context;

    // Reused for every key: a key's tokens are consumed before its value (and any nested key) is parsed.
    private readonly List<Token> keyTokens = [];
    private readonly List<List<SyntaxMember>> memberScratch = [];
    private int scratchLevel;
    private int depth;

    private HoconParser(HoconTokenizer lexer, string file, HoconLoadContext context)
    {
        this.lexer = lexer;
        this.file = file;
        this.context = context;
        depth = context.Depth;
    }

    /// <summary>Parses HOCON (or JSON) text whose root must be an object.</summary>
    public static SyntaxObject ParseDocument(string text, string file, HoconLoadContext context)
    {
        var parser = new HoconParser(HoconTokenizer.Create(text, file), file, context);
        return parser.ParseRoot();
    }

    private Token Peek => PeekAt(0);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Token PeekAt(int offset)
    {
        while (aheadCount <= offset)
        {
            ahead[(aheadStart + aheadCount) & AheadMask] = lexer.NextToken();
            aheadCount++;
        }

        return ahead[(aheadStart + offset) & AheadMask];
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Token Next()
    {
        var token = PeekAt(0);
        aheadStart = (aheadStart + 1) & AheadMask;
        aheadCount--;
        return token;
    }

    private HoconOrigin OriginOf(Token token) => new(file, token.Line, token.Column);

    private HoconParseException Error(Token token, string message) => new(OriginOf(token), message);

    private string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "end of file",
        TokenKind.Newline => "a newline",
        TokenKind.QuotedString => $"quoted string \"{token.Text}\"",
        TokenKind.Substitution => $"substitution {token.Text ?? lexer.SourceOf(token)}",
        _ => $"'{token.Text}'",
    };

    private void SkipWhitespace()
    {
        while (Peek.Kind == TokenKind.Whitespace)
        {
            Next();
        }
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Peek.Kind is TokenKind.Whitespace or TokenKind.Newline)
        {
            Next();
        }
    }

    private SyntaxObject ParseRoot()
    {
        SkipWhitespaceAndNewlines();
        var first = Peek;
        if (first.Kind == TokenKind.OpenBracket)
        {
            throw Error(first, "the root of a configuration must be an object, found a list ('['); wrap it in a key, e.g. items = [...]");
        }

        SyntaxObject root;
        if (first.Kind == TokenKind.OpenBrace)
        {
            Next();
            root = ParseObjectBody(braced: true, first);
            SkipWhitespaceAndNewlines();
            if (Peek.Kind != TokenKind.End)
            {
                throw Error(Peek, $"expected end of file after the root object's closing '}}', found {Describe(Peek)}");
            }
        }
        else
        {
            root = ParseObjectBody(braced: false, first);
        }

        return root;
    }

    private void Enter(Token at)
    {
        if (++depth > context.Options.MaxDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw Error(at, $"objects and lists are nested more than {context.Options.MaxDepth} levels deep");
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private SyntaxObject ParseObjectBody(bool braced, Token open)
    {
        Enter(open);

        // Members collect in a scratch list reused per nesting level, then move to an exactly sized list: the tree
        // lives through the whole parse, so growth leftovers would be carried through every collection.
        var level = scratchLevel++;
        if (level == memberScratch.Count)
        {
            memberScratch.Add([]);
        }

        var scratch = memberScratch[level];
        scratch.Clear();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var t = Peek;
            if (braced && t.Kind == TokenKind.CloseBrace)
            {
                Next();
                break;
            }

            if (t.Kind == TokenKind.End)
            {
                if (braced)
                {
                    throw Error(t, $"unterminated object: expected '}}' to close the '{{' at {open.Line}:{open.Column}");
                }

                break;
            }

            if (t.Kind == TokenKind.CloseBrace)
            {
                throw Error(t, "unexpected '}': this file did not open its root object with '{'");
            }

            if (t.Kind == TokenKind.Comma)
            {
                throw Error(t, "unexpected ',': expected a key (commas go only between fields)");
            }

            scratch.Add(ParseMember());
            ParseSeparator(braced ? TokenKind.CloseBrace : TokenKind.End, "field");
        }

        depth--;
        scratchLevel--;
        var members = new List<SyntaxMember>(scratch);
        scratch.Clear();
        return new SyntaxObject(OriginOf(open), members);
    }

    /// <summary>After a field or list element: one comma, a newline, or the closing token.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ParseSeparator(TokenKind closing, string what)
    {
        SkipWhitespace();
        var t = Peek;
        if (t.Kind == TokenKind.Comma)
        {
            Next();
            SkipWhitespaceAndNewlines();
            if (Peek.Kind == TokenKind.Comma)
            {
                throw Error(Peek, $"two commas in a row: expected a {what} or '{ClosingText(closing)}'");
            }

            return;
        }

        if (t.Kind == TokenKind.Newline)
        {
            SkipWhitespaceAndNewlines();
            if (Peek.Kind == TokenKind.Comma)
            {
                Next();
                SkipWhitespaceAndNewlines();
                if (Peek.Kind == TokenKind.Comma)
                {
                    throw Error(Peek, $"two commas in a row: expected a {what} or '{ClosingText(closing)}'");
                }
            }

            return;
        }

        if (t.Kind == closing || (t.Kind == TokenKind.End && closing == TokenKind.End))
        {
            return;
        }

        if (t.Kind == TokenKind.End)
        {
            var unterminated = closing == TokenKind.CloseBracket ? "list" : "object";
            throw Error(t, $"unterminated {unterminated}: expected '{ClosingText(closing)}' before the end of the file");
        }

        throw Error(t, $"expected ',' or a newline after the {what}, found {Describe(t)}");
    }

    private static string ClosingText(TokenKind closing) => closing switch
    {
        TokenKind.CloseBrace => "}",
        TokenKind.CloseBracket => "]",
        _ => "end of file",
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private SyntaxMember ParseMember()
    {
        var start = Peek;
        if (start.Kind == TokenKind.UnquotedText && start.Text == "include")
        {
            return ParseInclude();
        }

        keyTokens.Clear();
        while (true)
        {
            var t = Peek;
            if (t.Kind is TokenKind.UnquotedText or TokenKind.QuotedString or TokenKind.Number or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Whitespace)
            {
                keyTokens.Add(Next());
                continue;
            }

            if (t.Kind == TokenKind.Substitution)
            {
                throw Error(t, "substitutions are not allowed in keys; a key must be literal text");
            }

            if (t.Kind == TokenKind.OpenBracket)
            {
                throw Error(t, "a list cannot be used as a key: expected a key such as a.b");
            }

            break;
        }

        if (keyTokens.TrueForAll(k => k.Kind == TokenKind.Whitespace))
        {
            throw Error(Peek, $"expected a key, found {Describe(Peek)}");
        }

        var path = SingleUnquotedKey() is { } single
            ? lexer.PathOfUnquoted(single) ?? HoconPath.FromTokens(keyTokens, file, start.Line, start.Column, "key")
            : HoconPath.FromTokens(keyTokens, file, start.Line, start.Column, "key");
        // a.b.c nests three objects; only one of them is counted by the brace that may follow.
        depth += path.Length - 1;
        if (depth > context.Options.MaxDepth)
        {
            throw Error(start, $"key '{HoconPath.Render(path)}' nests objects more than {context.Options.MaxDepth} levels deep");
        }

        SkipWhitespaceAndNewlines();
        var separator = Peek;
        var append = false;
        switch (separator.Kind)
        {
            case TokenKind.Colon:
            case TokenKind.Equals:
                Next();
                break;
            case TokenKind.PlusEquals:
                Next();
                append = true;
                break;
            case TokenKind.OpenBrace:
                break;
            default:
                throw Error(separator, $"expected ':', '=' or '{{' after the key '{HoconPath.Render(path)}', found {Describe(separator)}");
        }

        SkipWhitespaceAndNewlines();
        var value = ParseValue() ?? throw Error(Peek, $"expected a value for key '{HoconPath.Render(path)}', found {Describe(Peek)}");
        depth -= path.Length - 1;
        return new SyntaxField(file, start.Line, start.Column, path, append, value);
    }

    /// <summary>The key's text when it is one unquoted token between optional whitespace (the common `a.b = 1`).</summary>
    private string? SingleUnquotedKey()
    {
        string? single = null;
        foreach (var token in keyTokens)
        {
            if (token.Kind == TokenKind.Whitespace)
            {
                continue;
            }

            if (single is not null || token.Kind != TokenKind.UnquotedText)
            {
                return null;
            }

            single = token.Text;
        }

        return single;
    }

    private static bool StartsValue(TokenKind kind) => kind is TokenKind.QuotedString or TokenKind.UnquotedText or TokenKind.Number
        or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Substitution or TokenKind.OpenBrace or TokenKind.OpenBracket;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private SyntaxNode? ParseValue()
    {
        SkipWhitespace();
        if (!StartsValue(Peek.Kind))
        {
            return null;
        }

        // Fast path: most values are one token followed by a separator.
        var first = ParseSingle();
        var after = PeekAt(0).Kind == TokenKind.Whitespace ? 1 : 0;
        if (!StartsValue(PeekAt(after).Kind))
        {
            SkipWhitespace();
            return first;
        }

        var parts = new List<SyntaxNode> { first };
        Token? pendingWhitespace = null;
        while (true)
        {
            var t = Peek;
            switch (t.Kind)
            {
                case TokenKind.Whitespace:
                    if (parts.Count > 0)
                    {
                        pendingWhitespace = t;
                    }

                    Next();
                    continue;
                case TokenKind.QuotedString:
                case TokenKind.UnquotedText:
                case TokenKind.Number:
                case TokenKind.True:
                case TokenKind.False:
                case TokenKind.Null:
                case TokenKind.Substitution:
                case TokenKind.OpenBrace:
                case TokenKind.OpenBracket:
                    if (pendingWhitespace is not null)
                    {
                        parts.Add(new SyntaxLiteral(new HoconString(pendingWhitespace.Value.Text, OriginOf(pendingWhitespace.Value)), isWhitespace: true));
                        pendingWhitespace = null;
                    }

                    parts.Add(ParseSingle());
                    continue;
                default:
                    break;
            }

            break;
        }

        return parts.Count switch
        {
            0 => null,
            1 => parts[0],
            _ => MakeConcat(parts),
        };
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private SyntaxNode ParseSingle()
    {
        var t = Next();
        var origin = OriginOf(t);
        return t.Kind switch
        {
            TokenKind.QuotedString => new SyntaxLiteral(new HoconString(t.Text, origin)),
            TokenKind.UnquotedText => new SyntaxLiteral(new HoconString(t.Text, origin)),
            TokenKind.Number => new SyntaxLiteral(new HoconNumber(t.Text, origin)),
            TokenKind.True => new SyntaxLiteral(new HoconBoolean(true, origin)),
            TokenKind.False => new SyntaxLiteral(new HoconBoolean(false, origin)),
            TokenKind.Null => new SyntaxLiteral(new HoconNull(origin)),
            TokenKind.Substitution => new SyntaxSubstitution(origin, t.Path!, t.Optional),
            TokenKind.OpenBrace => ParseObjectBody(braced: true, t),
            TokenKind.OpenBracket => ParseArray(t),
            _ => throw Error(t, $"expected a value, found {Describe(t)}"),
        };
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private SyntaxArray ParseArray(Token open)
    {
        Enter(open);
        var items = new List<SyntaxNode>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            var t = Peek;
            if (t.Kind == TokenKind.CloseBracket)
            {
                Next();
                break;
            }

            if (t.Kind == TokenKind.End)
            {
                throw Error(t, $"unterminated list: expected ']' to close the '[' at {open.Line}:{open.Column}");
            }

            if (t.Kind == TokenKind.Comma)
            {
                throw Error(t, "unexpected ',': expected a list element (commas go only between elements)");
            }

            var value = ParseValue() ?? throw Error(t, $"expected a list element or ']', found {Describe(t)}");
            items.Add(value);
            ParseSeparator(TokenKind.CloseBracket, "list element");
        }

        depth--;
        return new SyntaxArray(OriginOf(open), items);
    }

    /// <summary>Checks what can be checked before resolution and folds concatenations without substitutions.</summary>
    private SyntaxNode MakeConcat(List<SyntaxNode> parts)
    {
        bool hasObject = false, hasArray = false, hasText = false, hasSubstitution = false;
        SyntaxNode? firstText = null;
        foreach (var part in parts)
        {
            switch (part)
            {
                case SyntaxObject:
                    hasObject = true;
                    break;
                case SyntaxArray:
                    hasArray = true;
                    break;
                case SyntaxSubstitution:
                    hasSubstitution = true;
                    break;
                case SyntaxLiteral literal when !literal.IsWhitespace:
                    hasText = true;
                    firstText ??= part;
                    break;
            }
        }

        if ((hasObject || hasArray) && hasText)
        {
            var what = hasArray ? "a list" : "an object";
            throw new HoconParseException(firstText!.Origin, $"cannot concatenate {what} with text on the same line; put the text on its own line or quote the whole value");
        }

        if (hasSubstitution)
        {
            return new SyntaxConcat(parts[0].Origin, parts);
        }

        if (!hasObject && !hasArray)
        {
            var sb = new System.Text.StringBuilder();
            foreach (var part in parts)
            {
                sb.Append(HoconResolver.ConcatText(((SyntaxLiteral)part).Value));
            }

            return new SyntaxLiteral(new HoconString(sb.ToString(), parts[0].Origin));
        }

        if (hasArray && !hasObject)
        {
            var items = new List<SyntaxNode>();
            foreach (var part in parts)
            {
                if (part is SyntaxArray array)
                {
                    items.AddRange(array.Items);
                }
            }

            return new SyntaxArray(parts[0].Origin, items);
        }

        return new SyntaxConcat(parts[0].Origin, parts);
    }

    private SyntaxInclude ParseInclude()
    {
        var keyword = Next();
        SkipWhitespaceAndNewlines();
        var required = false;
        var kind = IncludeKind.Heuristic;
        var parens = 0;
        var t = Next();
        while (t.Kind == TokenKind.UnquotedText)
        {
            var s = t.Text;
            while (s.Length > 0)
            {
                if (s.StartsWith("required(", StringComparison.Ordinal) && !required && kind == IncludeKind.Heuristic)
                {
                    required = true;
                    s = s["required(".Length..];
                }
                else if (kind == IncludeKind.Heuristic && TryIncludeKind(s, out var found, out var length))
                {
                    kind = found;
                    s = s[length..];
                }
                else
                {
                    throw Error(t, $"include must be followed by a quoted file name, file(\"...\") or required(...), found '{t.Text}'");
                }

                parens++;
            }

            SkipWhitespace();
            t = Next();
        }

        if (t.Kind != TokenKind.QuotedString)
        {
            throw Error(t, $"include must be followed by a quoted file name, file(\"...\") or required(...), found {Describe(t)}");
        }

        var name = t.Text;
        while (parens > 0)
        {
            SkipWhitespace();
            var close = Next();
            if (close.Kind != TokenKind.UnquotedText || close.Text.Length > parens || close.Text.Any(c => c != ')'))
            {
                throw Error(close, $"expected ')' to close the include, found {Describe(close)}");
            }

            parens -= close.Text.Length;
        }

        var content = context.Include(OriginOf(keyword), name, kind, required, depth);
        return new SyntaxInclude(OriginOf(keyword), content);
    }

    private static bool TryIncludeKind(string s, out IncludeKind kind, out int length)
    {
        foreach (var (prefix, k) in new[] { ("file(", IncludeKind.File), ("classpath(", IncludeKind.Classpath), ("url(", IncludeKind.Url) })
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                kind = k;
                length = prefix.Length;
                return true;
            }
        }

        kind = IncludeKind.Heuristic;
        length = 0;
        return false;
    }
}

/// <summary>How an include names its target.</summary>
internal enum IncludeKind
{
    Heuristic,
    File,
    Classpath,
    Url,
}

/// <summary>Reads files for the parser: include resolution relative to the including file, cycle and depth limits.</summary>
internal sealed class HoconLoadContext
{
    private HoconLoadContext(HoconParseOptions options, string baseDirectory, ImmutableList<string> chain, int depth)
    {
        Options = options;
        BaseDirectory = baseDirectory;
        Chain = chain;
        Depth = depth;
    }

    /// <summary>Nesting depth at which this file's content starts (includes count toward the limit).</summary>
    public int Depth { get; }

    public HoconParseOptions Options { get; }

    /// <summary>Folder relative includes resolve against.</summary>
    public string BaseDirectory { get; }

    /// <summary>Full paths of the files currently being read, outermost first (include cycle detection).</summary>
    public ImmutableList<string> Chain { get; }

    public static HoconLoadContext ForText(HoconParseOptions options) =>
        new(options, Path.GetFullPath(options.BaseDirectory ?? Directory.GetCurrentDirectory()), [], 0);

    public static SyntaxObject LoadFile(string path, HoconParseOptions options, HoconSyntax? syntax) =>
        new HoconLoadContext(options, Directory.GetCurrentDirectory(), [], 0).LoadFile(path, path, syntax, null, 0);

    public SyntaxObject? Include(HoconOrigin origin, string name, IncludeKind kind, bool required, int depth)
    {
        if (kind is IncludeKind.Classpath or IncludeKind.Url)
        {
            throw new HoconParseException(origin, $"{(kind == IncludeKind.Url ? "url" : "classpath")}(\"{name}\") includes are not supported; use include \"file.conf\" or file(\"...\")");
        }

        var path = Path.IsPathRooted(name) ? name : Path.Combine(BaseDirectory, name);
        var extension = Path.GetExtension(name);
        List<(string Path, HoconSyntax Syntax)> found = [];
        if (extension is ".conf" or ".json" or ".properties")
        {
            if (File.Exists(path))
            {
                found.Add((path, SyntaxFor(path)));
            }
        }
        else
        {
            foreach (var (ext, syntax) in new[] { (".properties", HoconSyntax.Properties), (".json", HoconSyntax.Json), (".conf", HoconSyntax.Conf) })
            {
                if (File.Exists(path + ext))
                {
                    found.Add((path + ext, syntax));
                }
            }

            if (found.Count == 0 && extension.Length > 0 && File.Exists(path))
            {
                found.Add((path, HoconSyntax.Conf));
            }
        }

        if (found.Count == 0)
        {
            if (required)
            {
                var tried = extension is ".conf" or ".json" or ".properties" ? path : $"{path}.properties, {path}.json, {path}.conf";
                throw new HoconParseException(origin, $"required include \"{name}\" was not found (looked for {tried})");
            }

            return null;
        }

        if (found.Count == 1)
        {
            return LoadFile(found[0].Path, DisplayName(found[0].Path), found[0].Syntax, origin, depth);
        }

        var members = new List<SyntaxMember>();
        foreach (var (p, s) in found)
        {
            members.Add(new SyntaxInclude(origin, LoadFile(p, DisplayName(p), s, origin, depth)));
        }

        return new SyntaxObject(origin, members);
    }

    private static string DisplayName(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? Path.GetFullPath(path) : relative;
    }

    public static HoconSyntax SyntaxFor(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".json" => HoconSyntax.Json,
        ".properties" => HoconSyntax.Properties,
        _ => HoconSyntax.Conf,
    };

    private SyntaxObject LoadFile(string path, string displayName, HoconSyntax? syntax, HoconOrigin? includedFrom, int depth)
    {
        var full = Path.GetFullPath(path);
        if (Chain.Contains(full, StringComparer.Ordinal))
        {
            var cycle = string.Join(" -> ", Chain.SkipWhile(p => p != full).Append(full).Select(Path.GetFileName));
            throw new HoconParseException(includedFrom ?? new HoconOrigin(displayName, 0, 0), $"include cycle: {cycle}");
        }

        if (Chain.Count >= Options.MaxDepth || depth >= Options.MaxDepth)
        {
            throw new HoconParseException(includedFrom ?? new HoconOrigin(displayName, 0, 0), $"includes are nested more than {Options.MaxDepth} files deep");
        }

        string text;
        try
        {
            text = File.ReadAllText(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HoconParseException(includedFrom ?? new HoconOrigin(displayName, 0, 0), $"cannot read {displayName}: {e.Message}", e);
        }

        var child = new HoconLoadContext(Options, Path.GetDirectoryName(full)!, Chain.Add(full), depth + 1);
        return (syntax ?? SyntaxFor(full)) == HoconSyntax.Properties
            ? HoconPropertiesParser.Parse(text, displayName)
            : HoconParser.ParseDocument(text, displayName, child);
    }
}
