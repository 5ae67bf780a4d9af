using System.Text;

namespace KalshiActors.Hocon;

/// <summary>Path expressions: splitting keys and substitution paths into elements, and rendering them back.</summary>
internal static class HoconPath
{
    /// <summary>Builds path elements from key or substitution tokens; unquoted dots separate elements, quoted dots do not.</summary>
    public static string[] FromTokens(IReadOnlyList<Token> parts, string file, int line, int column, string what)
    {
        var first = 0;
        var last = parts.Count - 1;
        while (first <= last && parts[first].Kind == TokenKind.Whitespace)
        {
            first++;
        }

        while (last >= first && parts[last].Kind == TokenKind.Whitespace)
        {
            last--;
        }

        if (first > last)
        {
            throw new HoconParseException(new HoconOrigin(file, line, column), $"empty {what} path: expected a path such as a.b.c");
        }

        if (first == last && parts[first].Kind == TokenKind.QuotedString)
        {
            return [parts[first].Text];
        }

        if (first == last && parts[first].Kind == TokenKind.UnquotedText && !parts[first].Text.Contains('.', StringComparison.Ordinal))
        {
            return [parts[first].Text];
        }

        var elements = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        for (var i = first; i <= last; i++)
        {
            var token = parts[i];
            if (token.Kind == TokenKind.QuotedString)
            {
                current.Append(token.Text);
                hasContent = true;
                continue;
            }

            if (token.Kind is not (TokenKind.UnquotedText or TokenKind.Number or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Whitespace))
            {
                throw new HoconParseException(new HoconOrigin(file, token.Line, token.Column), $"'{token.Text}' is not allowed in a {what} path");
            }

            var s = token.Text;
            var start = 0;
            for (var j = 0; j < s.Length; j++)
            {
                if (s[j] != '.')
                {
                    continue;
                }

                current.Append(s, start, j - start);
                if (j > start)
                {
                    hasContent = true;
                }

                if (!hasContent)
                {
                    throw new HoconParseException(
                        new HoconOrigin(file, token.Line, token.Column),
                        $"invalid {what} path: empty element (a path may not start with '.' or contain '..'; quote an empty key as \"\")");
                }

                elements.Add(current.ToString());
                current.Clear();
                hasContent = false;
                start = j + 1;
            }

            if (start < s.Length)
            {
                current.Append(s, start, s.Length - start);
                hasContent = true;
            }
        }

        if (!hasContent)
        {
            var token = parts[last];
            throw new HoconParseException(
                new HoconOrigin(file, token.Line, token.Column),
                $"invalid {what} path: it may not end with '.'");
        }

        elements.Add(current.ToString());
        return [.. elements];
    }

    /// <summary>Parses a dotted path given to the API (`a.b."c.d"`).</summary>
    public static string[] Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var tokens = HoconTokenizerAccess.TokenizePath(path);
            return FromTokens(tokens, "<path>", 1, 1, "lookup");
        }
        catch (HoconParseException e)
        {
            throw new HoconException($"invalid path \"{path}\": {e.Detail}", e);
        }
    }

    /// <summary>Renders path elements back to a dotted path, quoting elements that need it.</summary>
    public static string Render(IReadOnlyList<string> path)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < path.Count; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            sb.Append(RenderKey(path[i]));
        }

        return sb.ToString();
    }

    /// <summary>A key as HOCON text: bare when safe, quoted otherwise.</summary>
    public static string RenderKey(string key)
    {
        if (key.Length > 0 && IsSafeBare(key))
        {
            return key;
        }

        return HoconRenderer.Quote(key);
    }

    private static bool IsSafeBare(string key)
    {
        if (key is "true" or "false" or "null" or "include")
        {
            return false;
        }

        foreach (var c in key)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                return false;
            }
        }

        // A leading digit or '-' would be read as a number token; that is still a valid key unless it contains '.'.
        return true;
    }
}

/// <summary>Tokenizes a path given to the API the same way a substitution path is tokenized.</summary>
internal static class HoconTokenizerAccess
{
    public static List<Token> TokenizePath(string path)
    {
        var tokens = HoconTokenizer.Tokenize(path, "<path>");
        tokens.RemoveAt(tokens.Count - 1);
        foreach (var token in tokens)
        {
            if (token.Kind is not (TokenKind.UnquotedText or TokenKind.Number or TokenKind.True or TokenKind.False or TokenKind.Null or TokenKind.Whitespace or TokenKind.QuotedString))
            {
                throw new HoconParseException(new HoconOrigin("<path>", token.Line, token.Column), $"'{token.Text}' is not allowed in a path");
            }
        }

        return tokens;
    }
}
