using System.Text;

namespace KalshiActors.Hocon;

/// <summary>Kinds of HOCON tokens.</summary>
internal enum TokenKind
{
    Whitespace,
    Newline,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    QuotedString,
    UnquotedText,
    Number,
    True,
    False,
    Null,
    Substitution,
    End,
}

/// <summary>One token (a struct: a 1 MB file has hundreds of thousands); <see cref="Text"/> is the decoded value for strings and the source text otherwise.</summary>
internal readonly struct Token(TokenKind kind, string text, int line, int column)
{
    public TokenKind Kind { get; } = kind;

    public string Text { get; } = text;

    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>For substitutions: the path elements (already split on unquoted dots).</summary>
    public string[]? Path { get; init; }

    /// <summary>For substitutions: `${?...}`.</summary>
    public bool Optional { get; init; }

    /// <summary>For substitutions: where the `${...}` text starts in the source (its text is only built for error messages).</summary>
    public int SourceStart { get; init; }

    /// <summary>For substitutions: length of the `${...}` text in the source.</summary>
    public int SourceLength { get; init; }

    public override string ToString() => $"{Kind} '{Text}'";
}

/// <summary>Splits HOCON text into tokens; every error names file:line:col and what was expected.</summary>
internal sealed class HoconTokenizer
{
    private const string ForbiddenInUnquoted = "$\"{}[]:=,+#`^?!@*&\\";

    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create(ForbiddenInUnquoted);
    private static readonly System.Buffers.SearchValues<char> NumberCharSet = System.Buffers.SearchValues.Create(NumberChars);

    // Characters that end an unquoted run: the forbidden set, '/' (may start a comment) and ASCII whitespace.
    private static readonly System.Buffers.SearchValues<char> UnquotedStops =
        System.Buffers.SearchValues.Create(ForbiddenInUnquoted + "/ \t\n\r\v\f\u001C\u001D\u001E\u001F");
    private const string NumberChars = "0123456789eE+-.";

    private readonly string text;
    private readonly string file;

    // Reused by every substitution: its parts are consumed before the next token is read.
    private readonly List<Token> substitutionParts = [];
    private int pos;
    private int line = 1;
    private int lineStart;

    // Keys, units and short values repeat all over a large file (and a service name is written in every
    // substitution that points at it); sharing those strings and path arrays keeps a parsed 1 MB file small,
    // which is what parse time depends on (the tree survives every collection while it is built).
    // Direct-mapped and bounded: a collision only costs an allocation, never a wrong result.
    private const int CacheSlots = 2048;
    private const int MaxCachedLength = 48;
    private readonly string?[] strings = new string?[CacheSlots];
    private readonly string[]?[] paths = new string[]?[CacheSlots];

    // Files leave a substitution's text unbuilt (errors read it with SourceOf); short API texts keep it on the token.
    private readonly bool keepSubstitutionText;

    private HoconTokenizer(string text, string file, bool keepSubstitutionText = false)
    {
        this.text = text;
        this.file = file;
        this.keepSubstitutionText = keepSubstitutionText;
    }

    /// <summary>A tokenizer that hands out tokens one at a time, so a large file never holds all its tokens at once.</summary>
    public static HoconTokenizer Create(string text, string file) => new(text, file);

    /// <summary>All tokens of a short text (paths given to the API); the last is <see cref="TokenKind.End"/>.</summary>
    public static List<Token> Tokenize(string text, string file)
    {
        var tokenizer = new HoconTokenizer(text, file, keepSubstitutionText: true);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = tokenizer.NextToken();
            tokens.Add(token);
        }
        while (token.Kind != TokenKind.End);

        return tokens;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool IsWhitespace(char c) =>
        c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or '\uFEFF' || (c >= '\u001C' && c <= '\u001F') ||
        (c > 127 && (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.SpaceSeparator
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator));

    private int Column => pos - lineStart + 1;

    /// <summary>The source text of a substitution token, for error messages.</summary>
    public string SourceOf(Token token) => text.Substring(token.SourceStart, token.SourceLength);

    private static int Hash(ReadOnlySpan<char> span)
    {
        var hash = 2166136261u;
        foreach (var c in span)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash ^ (hash >> 15)) & (CacheSlots - 1);
    }

    /// <summary>The text at [start, start+length) as a string, shared with earlier equal short strings.</summary>
    private string Text(int start, int length) => Intern(text.AsSpan(start, length));

    private string Intern(ReadOnlySpan<char> span)
    {
        if (span.Length > MaxCachedLength || span.Length == 0)
        {
            return span.ToString();
        }

        var slot = Hash(span);
        var cached = strings[slot];
        if (cached is not null && span.SequenceEqual(cached))
        {
            return cached;
        }

        var created = span.ToString();
        strings[slot] = created;
        return created;
    }

    /// <summary>
    /// The path elements of one unquoted token (a key such as `a.b` or a substitution body), or null when an element
    /// is empty (the caller then reports the error). Arrays are shared between equal paths; nothing mutates them.
    /// </summary>
    internal string[]? PathOfUnquoted(ReadOnlySpan<char> span)
    {
        if (span.Length > MaxCachedLength)
        {
            return SplitPath(span);
        }

        var slot = Hash(span);
        var cached = paths[slot];
        if (cached is not null && PathEquals(cached, span))
        {
            return cached;
        }

        var created = SplitPath(span);
        if (created is not null)
        {
            paths[slot] = created;
        }

        return created;
    }

    private static bool PathEquals(string[] path, ReadOnlySpan<char> span)
    {
        var at = 0;
        for (var i = 0; i < path.Length; i++)
        {
            if (i > 0)
            {
                if (at >= span.Length || span[at] != '.')
                {
                    return false;
                }

                at++;
            }

            var element = path[i];
            if (span.Length - at < element.Length || !span.Slice(at, element.Length).SequenceEqual(element))
            {
                return false;
            }

            at += element.Length;
        }

        return at == span.Length;
    }

    private string[]? SplitPath(ReadOnlySpan<char> span)
    {
        var count = span.Count('.') + 1;
        var result = new string[count];
        var index = 0;
        foreach (var range in span.Split('.'))
        {
            var element = span[range];
            if (element.Length == 0)
            {
                return null;
            }

            result[index++] = Intern(element);
        }

        return result;
    }

    private HoconParseException Error(string message, int atLine, int atColumn) =>
        new(new HoconOrigin(file, atLine, atColumn), message);

    private HoconParseException Error(string message) => Error(message, line, Column);

    /// <summary>The next token; comments are skipped, and <see cref="TokenKind.End"/> repeats at the end.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Token NextToken()
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            var startLine = line;
            var startCol = Column;
            if (c == '\n')
            {
                pos++;
                line++;
                lineStart = pos;
                return new Token(TokenKind.Newline, "\n", startLine, startCol);
            }

            if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                var newline = text.IndexOf('\n', pos);
                pos = newline < 0 ? text.Length : newline;
                continue;
            }

            if (IsWhitespace(c))
            {
                var start = pos;
                while (pos < text.Length && text[pos] != '\n' && IsWhitespace(text[pos]))
                {
                    pos++;
                }

                return new Token(TokenKind.Whitespace, Spaces(start, pos - start), startLine, startCol);
            }

            return ReadToken(c, startLine, startCol);
        }

        return new Token(TokenKind.End, "end of file", line, Column);
    }

    private static readonly string[] SpaceRuns = [.. Enumerable.Range(0, 17).Select(n => new string(' ', n))];

    // Indentation is mostly plain spaces; sharing those strings avoids one allocation per line.
    private string Spaces(int start, int length)
    {
        if (length < SpaceRuns.Length && text.AsSpan(start, length).IndexOfAnyExcept(' ') < 0)
        {
            return SpaceRuns[length];
        }

        return text.Substring(start, length);
    }

    private char Peek(int offset) => pos + offset < text.Length ? text[pos + offset] : '\0';

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Token ReadToken(char c, int startLine, int startCol)
    {
        switch (c)
        {
            case ',': pos++; return new Token(TokenKind.Comma, ",", startLine, startCol);
            case ':': pos++; return new Token(TokenKind.Colon, ":", startLine, startCol);
            case '=': pos++; return new Token(TokenKind.Equals, "=", startLine, startCol);
            case '{': pos++; return new Token(TokenKind.OpenBrace, "{", startLine, startCol);
            case '}': pos++; return new Token(TokenKind.CloseBrace, "}", startLine, startCol);
            case '[': pos++; return new Token(TokenKind.OpenBracket, "[", startLine, startCol);
            case ']': pos++; return new Token(TokenKind.CloseBracket, "]", startLine, startCol);
            case '+':
                if (Peek(1) == '=')
                {
                    pos += 2;
                    return new Token(TokenKind.PlusEquals, "+=", startLine, startCol);
                }

                throw Error("'+' must be followed by '=' (the append operator +=); quote the text if '+' is meant literally");
            case '"':
                return Peek(1) == '"' && Peek(2) == '"' ? ReadTripleQuoted(startLine, startCol) : ReadQuoted(startLine, startCol);
            case '$':
                return ReadSubstitution(startLine, startCol);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ReadNumber(startLine, startCol);
                }

                if (Forbidden.Contains(c))
                {
                    throw Error($"reserved character '{c}' is not allowed outside quotes; put the value in double quotes");
                }

                return ReadUnquoted(startLine, startCol);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Token ReadUnquoted(int startLine, int startCol)
    {
        var start = pos;
        if (!StartsWithKeyword(start))
        {
            // Fast path: jump to the next stop character, then finish char by char only if it is not a plain stop.
            var stop = text.AsSpan(pos).IndexOfAny(UnquotedStops);
            var end = stop < 0 ? text.Length : pos + stop;
            var plain = true;
            for (var i = pos; i < end; i++)
            {
                if (text[i] > 127)
                {
                    plain = false;
                    break;
                }
            }

            if (plain && (end == text.Length || text[end] != '/'))
            {
                pos = end;
                return new Token(TokenKind.UnquotedText, Text(start, pos - start), startLine, startCol);
            }
        }

        while (pos < text.Length)
        {
            var c = text[pos];
            if (IsWhitespace(c) || Forbidden.Contains(c) || (c == '/' && Peek(1) == '/'))
            {
                break;
            }

            pos++;
            var length = pos - start;
            if (length == 4 && string.CompareOrdinal(text, start, "true", 0, 4) == 0)
            {
                return new Token(TokenKind.True, "true", startLine, startCol);
            }

            if (length == 4 && string.CompareOrdinal(text, start, "null", 0, 4) == 0)
            {
                return new Token(TokenKind.Null, "null", startLine, startCol);
            }

            if (length == 5 && string.CompareOrdinal(text, start, "false", 0, 5) == 0)
            {
                return new Token(TokenKind.False, "false", startLine, startCol);
            }
        }

        return new Token(TokenKind.UnquotedText, Text(start, pos - start), startLine, startCol);
    }

    private bool StartsWithKeyword(int at) =>
        text.AsSpan(at).StartsWith("true", StringComparison.Ordinal) ||
        text.AsSpan(at).StartsWith("null", StringComparison.Ordinal) ||
        text.AsSpan(at).StartsWith("false", StringComparison.Ordinal);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Token ReadNumber(int startLine, int startCol)
    {
        var start = pos;
        pos++;
        while (pos < text.Length && NumberCharSet.Contains(text[pos]))
        {
            pos++;
        }

        var s = Text(start, pos - start);
        if (IsNumber(s))
        {
            return new Token(TokenKind.Number, s, startLine, startCol);
        }

        if (s.Contains('+', StringComparison.Ordinal))
        {
            throw Error($"'{s}' is not a valid number; quote it if it is meant as text", startLine, startCol);
        }

        // Not a number after all (e.g. "1.2.3" or "-"): it is unquoted text, like the reference implementation.
        return new Token(TokenKind.UnquotedText, s, startLine, startCol);
    }

    /// <summary>
    /// Numbers as the reference implementation reads them: JSON numbers, plus leading zeros (`0377`) and a bare
    /// trailing dot (`1.`), which it accepts too; rendering normalises those to valid JSON.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal static bool IsNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        var digits = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        if (i == digits)
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var exponentDigits = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == exponentDigits)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    /// <summary>Strict JSON number syntax.</summary>
    internal static bool IsJsonNumber(string s)
    {
        var i = 0;
        if (i < s.Length && s[i] == '-')
        {
            i++;
        }

        if (i >= s.Length)
        {
            return false;
        }

        if (s[i] == '0')
        {
            i++;
        }
        else if (s[i] is >= '1' and <= '9')
        {
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
        }
        else
        {
            return false;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            var digits = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return false;
            }
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            var digits = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == digits)
            {
                return false;
            }
        }

        return i == s.Length;
    }

    private static readonly System.Buffers.SearchValues<char> QuotedSpecials =
        System.Buffers.SearchValues.Create("\"\\" + new string([.. Enumerable.Range(0, 32).Select(i => (char)i)]));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Token ReadQuoted(int startLine, int startCol)
    {
        pos++;

        // Fast path: no escapes and no control characters before the closing quote.
        var special = text.AsSpan(pos).IndexOfAny(QuotedSpecials);
        if (special >= 0 && text[pos + special] == '"')
        {
            var value = Text(pos, special);
            pos += special + 1;
            return new Token(TokenKind.QuotedString, value, startLine, startCol);
        }

        var sb = new StringBuilder();
        while (true)
        {
            if (pos >= text.Length)
            {
                throw Error("unterminated quoted string: expected a closing '\"' before the end of the file", startLine, startCol);
            }

            var c = text[pos];
            if (c == '"')
            {
                pos++;
                return new Token(TokenKind.QuotedString, sb.ToString(), startLine, startCol);
            }

            if (c == '\n')
            {
                throw Error("unterminated quoted string: expected a closing '\"' before the end of the line (use \\n or \"\"\" for multi-line text)", startLine, startCol);
            }

            if (c < ' ')
            {
                throw Error($"control character U+{(int)c:X4} is not allowed in a quoted string; escape it");
            }

            if (c == '\\')
            {
                var escapeColumn = Column;
                pos++;
                var e = pos < text.Length ? text[pos] : '\0';
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (pos + 4 >= text.Length || !ushort.TryParse(text.AsSpan(pos + 1, 4), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var code))
                        {
                            throw Error("invalid \\u escape: expected four hexadecimal digits");
                        }

                        sb.Append((char)code);
                        pos += 4;
                        break;
                    default:
                        throw Error($"invalid escape '\\{(e == '\0' ? "" : e.ToString())}' in quoted string; valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", line, escapeColumn);
                }

                pos++;
                continue;
            }

            sb.Append(c);
            pos++;
        }
    }

    private Token ReadTripleQuoted(int startLine, int startCol)
    {
        pos += 3;
        var start = pos;
        while (true)
        {
            if (pos >= text.Length)
            {
                throw Error("unterminated triple-quoted string: expected a closing \"\"\"", startLine, startCol);
            }

            if (text[pos] == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // A run of more than three quotes ends with the last three; the extra ones belong to the string.
                var runEnd = pos;
                while (runEnd < text.Length && text[runEnd] == '"')
                {
                    runEnd++;
                }

                var value = text[start..(runEnd - 3)];
                pos = runEnd;
                return new Token(TokenKind.QuotedString, value, startLine, startCol);
            }

            if (text[pos] == '\n')
            {
                line++;
                lineStart = pos + 1;
            }

            pos++;
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Token ReadSubstitution(int startLine, int startCol)
    {
        var tokenStart = pos;
        if (Peek(1) != '{')
        {
            throw Error("'$' must start a substitution '${path}'; quote the text if '$' is meant literally");
        }

        pos += 2;
        var optional = false;
        if (Peek(0) == '?')
        {
            optional = true;
            pos++;
        }

        // Fast path: `${a.b.c}` written as one plain unquoted path (what nearly every substitution looks like).
        var body = text.AsSpan(pos);
        var stop = body.IndexOfAny(UnquotedStops);
        if (stop > 0 && body[stop] == '}' && body[0] != '-' && !char.IsAsciiDigit(body[0]) && !StartsWithKeyword(pos) &&
            System.Text.Ascii.IsValid(body[..stop]) && PathOfUnquoted(body[..stop]) is { } fastPath)
        {
            pos += stop + 1;
            return SubstitutionToken(tokenStart, fastPath, optional, startLine, startCol);
        }

        var parts = substitutionParts;
        parts.Clear();
        while (true)
        {
            if (pos >= text.Length)
            {
                throw Error("unterminated substitution: expected '}' to close '${'", startLine, startCol);
            }

            var c = text[pos];
            var tokenLine = line;
            var tokenCol = Column;
            if (c == '}')
            {
                pos++;
                break;
            }

            if (c == '\n')
            {
                throw Error("unterminated substitution: expected '}' before the end of the line", startLine, startCol);
            }

            if (IsWhitespace(c))
            {
                var start = pos;
                while (pos < text.Length && text[pos] != '\n' && IsWhitespace(text[pos]))
                {
                    pos++;
                }

                parts.Add(new Token(TokenKind.Whitespace, text[start..pos], tokenLine, tokenCol));
                continue;
            }

            if (c == '$')
            {
                throw Error("substitutions cannot be nested inside a substitution path");
            }

            if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                throw Error("unterminated substitution: expected '}' before the comment");
            }

            Token part;
            if (c == '"')
            {
                part = Peek(1) == '"' && Peek(2) == '"' ? ReadTripleQuoted(tokenLine, tokenCol) : ReadQuoted(tokenLine, tokenCol);
            }
            else if (c == '-' || char.IsAsciiDigit(c))
            {
                part = ReadNumber(tokenLine, tokenCol);
            }
            else if (Forbidden.Contains(c))
            {
                throw Error($"character '{c}' is not allowed in a substitution path; quote that path element");
            }
            else
            {
                part = ReadUnquoted(tokenLine, tokenCol);
            }

            parts.Add(part);
        }

        var path = HoconPath.FromTokens(parts, file, startLine, startCol, "substitution");
        return SubstitutionToken(tokenStart, path, optional, startLine, startCol);
    }

    private Token SubstitutionToken(int tokenStart, string[] path, bool optional, int startLine, int startCol) =>
        new(TokenKind.Substitution, keepSubstitutionText ? text[tokenStart..pos] : null!, startLine, startCol)
        {
            Path = path,
            Optional = optional,
            SourceStart = tokenStart,
            SourceLength = pos - tokenStart,
        };
}
