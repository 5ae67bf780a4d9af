using System.Globalization;
using System.Text;

namespace KalshiActors.Hocon;

/// <summary>Reads Java `.properties` text: keys split on '.', values always strings, and a key that is also a parent of other keys is dropped ("object wins").</summary>
internal static class HoconPropertiesParser
{
    public static SyntaxObject Parse(string text, string file)
    {
        var entries = new List<(string[] Path, string Value, HoconOrigin Origin)>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var logical = new StringBuilder();
            var current = lines[i].TrimStart(' ', '\t', '\f');
            if (logical.Length == 0 && (current.Length == 0 || current[0] == '#' || current[0] == '!'))
            {
                continue;
            }

            // A line ending in an odd number of backslashes continues on the next line.
            while (EndsWithContinuation(current) && i + 1 < lines.Length)
            {
                logical.Append(current, 0, current.Length - 1);
                i++;
                current = lines[i].TrimStart(' ', '\t', '\f');
            }

            logical.Append(EndsWithContinuation(current) ? current[..^1] : current);
            var (key, value) = SplitKeyValue(logical.ToString(), file, lineNumber);
            entries.Add((key.Split('.'), value, new HoconOrigin(file, lineNumber, 1)));
        }

        var parents = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, _, _) in entries)
        {
            for (var n = 1; n < path.Length; n++)
            {
                parents.Add(string.Join('\u0000', path, 0, n));
            }
        }

        var members = new List<SyntaxMember>();
        foreach (var (path, value, origin) in entries)
        {
            if (parents.Contains(string.Join('\u0000', path)))
            {
                continue;
            }

            members.Add(new SyntaxField(origin, path, append: false, new SyntaxLiteral(new HoconString(value, origin))));
        }

        return new SyntaxObject(new HoconOrigin(file, 1, 1), members);
    }

    private static bool EndsWithContinuation(string line)
    {
        var count = 0;
        for (var i = line.Length - 1; i >= 0 && line[i] == '\\'; i--)
        {
            count++;
        }

        return count % 2 == 1;
    }

    private static (string Key, string Value) SplitKeyValue(string line, string file, int lineNumber)
    {
        var key = new StringBuilder();
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c == '\\')
            {
                i = Unescape(line, i, key, file, lineNumber);
                continue;
            }

            if (c is '=' or ':' or ' ' or '\t' or '\f')
            {
                break;
            }

            key.Append(c);
            i++;
        }

        while (i < line.Length && line[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        if (i < line.Length && line[i] is '=' or ':')
        {
            i++;
        }

        while (i < line.Length && line[i] is ' ' or '\t' or '\f')
        {
            i++;
        }

        var value = new StringBuilder();
        while (i < line.Length)
        {
            if (line[i] == '\\')
            {
                i = Unescape(line, i, value, file, lineNumber);
                continue;
            }

            value.Append(line[i]);
            i++;
        }

        return (key.ToString(), value.ToString());
    }

    private static int Unescape(string line, int at, StringBuilder into, string file, int lineNumber)
    {
        if (at + 1 >= line.Length)
        {
            return at + 1;
        }

        var e = line[at + 1];
        switch (e)
        {
            case 't': into.Append('\t'); break;
            case 'n': into.Append('\n'); break;
            case 'r': into.Append('\r'); break;
            case 'f': into.Append('\f'); break;
            case 'u':
                if (at + 6 > line.Length || !ushort.TryParse(line.AsSpan(at + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    throw new HoconParseException(new HoconOrigin(file, lineNumber, at + 1), "invalid \\u escape: expected four hexadecimal digits");
                }

                into.Append((char)code);
                return at + 6;
            default: into.Append(e); break;
        }

        return at + 2;
    }
}
