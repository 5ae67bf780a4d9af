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

/// <summary>One token; <see cref="Text"/> is the decoded value for strings and the source text otherwise.</summary>
internal sealed class Token(TokenKind kind, string text, int line, int column)
{
    public TokenKind Kind { get; } = kind;

    public string Text { get; } = text;

    public int Line { get; } = line;

    public int Column { get; } = column;

    /// <summary>For substitutions: the path elements (already split on unquoted dots).</summary>
    public IReadOnlyList<string>? Path { get; init; }

    /// <summary>For substitutions: `${?...}`.</summary>
    public bool Optional { get; init; }

    public override string ToString() => $"{Kind} '{Text}'";
}

/// <summary>Splits HOCON text into tokens; every error names file:line:col and what was expected.</summary>
internal sealed class HoconTokenizer
{
    private const string ForbiddenInUnquoted = "$\"{}[]:=,+#`^?!@*&\\";

    // Characters that end an unquoted run: the forbidden set, '/' (may start a comment) and ASCII whitespace.
    private static readonly System.Buffers.SearchValues<char> UnquotedStops =
        System.Buffers.SearchValues.Create(ForbiddenInUnquoted + "/ \t\n\r\v\f\u001C\u001D\u001E\u001F");
    private const string NumberChars = "0123456789eE+-.";

    private readonly string text;
    private readonly string file;
    private readonly List<Token> tokens = [];
    private int pos;
    private int line = 1;
    private int lineStart;

    private HoconTokenizer(string text, string file)
    {
        this.text = text;
        this.file = file;
    }

    public static List<Token> Tokenize(string text, string file)
    {
        var tokenizer = new HoconTokenizer(text, file);
        tokenizer.Run();
        return tokenizer.tokens;
    }

    internal static bool IsWhitespace(char c) =>
        c is ' ' or '\t' or '\n' or '\r' or '\v' or '\f' or '\uFEFF' || (c >= '\u001C' && c <= '\u001F') ||
        (c > 127 && (char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.SpaceSeparator
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator));

    private int Column => pos - lineStart + 1;

    private HoconParseException Error(string message, int atLine, int atColumn) =>
        new(new HoconOrigin(file, atLine, atColumn), message);

    private HoconParseException Error(string message) => Error(message, line, Column);

    private void Run()
    {
        while (pos < text.Length)
        {
            var c = text[pos];
            var startLine = line;
            var startCol = Column;
            if (c == '\n')
            {
                tokens.Add(new Token(TokenKind.Newline, "\n", startLine, startCol));
                pos++;
                line++;
                lineStart = pos;
            }
            else if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                while (pos < text.Length && text[pos] != '\n')
                {
                    pos++;
                }
            }
            else if (IsWhitespace(c))
            {
                var start = pos;
                while (pos < text.Length && text[pos] != '\n' && IsWhitespace(text[pos]))
                {
                    pos++;
                }

                tokens.Add(new Token(TokenKind.Whitespace, pos - start == 1 && c == ' ' ? " " : text[start..pos], startLine, startCol));
            }
            else
            {
                tokens.Add(ReadToken(c, startLine, startCol));
            }
        }

        tokens.Add(new Token(TokenKind.End, "end of file", line, Column));
    }

    private char Peek(int offset) => pos + offset < text.Length ? text[pos + offset] : '\0';

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

                if (ForbiddenInUnquoted.Contains(c, StringComparison.Ordinal))
                {
                    throw Error($"reserved character '{c}' is not allowed outside quotes; put the value in double quotes");
                }

                return ReadUnquoted(startLine, startCol);
        }
    }

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
                return new Token(TokenKind.UnquotedText, text[start..pos], startLine, startCol);
            }
        }

        while (pos < text.Length)
        {
            var c = text[pos];
            if (IsWhitespace(c) || ForbiddenInUnquoted.Contains(c, StringComparison.Ordinal) || (c == '/' && Peek(1) == '/'))
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

        return new Token(TokenKind.UnquotedText, text[start..pos], startLine, startCol);
    }

    private bool StartsWithKeyword(int at) =>
        text.AsSpan(at).StartsWith("true", StringComparison.Ordinal) ||
        text.AsSpan(at).StartsWith("null", StringComparison.Ordinal) ||
        text.AsSpan(at).StartsWith("false", StringComparison.Ordinal);

    private Token ReadNumber(int startLine, int startCol)
    {
        var start = pos;
        pos++;
        while (pos < text.Length && NumberChars.Contains(text[pos], StringComparison.Ordinal))
        {
            pos++;
        }

        var s = text[start..pos];
        if (IsJsonNumber(s))
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

    private Token ReadQuoted(int startLine, int startCol)
    {
        pos++;
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

    private Token ReadSubstitution(int startLine, int startCol)
    {
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

        var parts = new List<Token>();
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
            else if (ForbiddenInUnquoted.Contains(c, StringComparison.Ordinal))
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
        return new Token(TokenKind.Substitution, "${" + (optional ? "?" : "") + HoconPath.Render(path) + "}", startLine, startCol)
        {
            Path = path,
            Optional = optional,
        };
    }
}
