using System.Globalization;
using System.Text;

namespace KalshiActors.Hocon;

/// <summary>Writes values as JSON or HOCON: object keys in file order, numbers exactly as written, masked values as "***".</summary>
internal static class HoconRenderer
{
    private const string Masked = "\"***\"";

    public static string ToJson(HoconValue value, bool indented, Func<string, bool>? mask)
    {
        var sb = new StringBuilder();
        WriteJson(sb, value, indented, mask, [], 0);
        return sb.ToString();
    }

    public static string ToHocon(HoconValue value, Func<string, bool>? mask)
    {
        var sb = new StringBuilder();
        if (value is HoconObject root)
        {
            // The root object is written without braces, one field per line.
            foreach (var (key, child) in root.Fields)
            {
                WriteHoconField(sb, key, child, mask, [key], 0);
            }
        }
        else
        {
            WriteHoconValue(sb, value, mask, [], 0);
            sb.Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>A JSON (and HOCON) quoted string.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2);
        AppendQuoted(sb, s);
        return sb.ToString();
    }

    private static void AppendQuoted(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c == '\u2028' || c == '\u2029')
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    private static bool IsMasked(Func<string, bool>? mask, List<string> path) =>
        mask is not null && path.Count > 0 && mask(HoconPath.Render(path));

    private static void Indent(StringBuilder sb, int level) => sb.Append(' ', level * 2);

    private static void WriteScalar(StringBuilder sb, HoconValue value)
    {
        switch (value)
        {
            case HoconString s: AppendQuoted(sb, s.Value); break;
            case HoconNumber n: sb.Append(n.Text); break;
            case HoconBoolean b: sb.Append(b.Value ? "true" : "false"); break;
            case HoconNull: sb.Append("null"); break;
            default: throw new InvalidOperationException($"not a scalar: {value.TypeName}");
        }
    }

    private static void WriteJson(StringBuilder sb, HoconValue value, bool indented, Func<string, bool>? mask, List<string> path, int level)
    {
        if (IsMasked(mask, path))
        {
            sb.Append(Masked);
            return;
        }

        switch (value)
        {
            case HoconObject obj:
                if (obj.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }

                sb.Append('{');
                for (var i = 0; i < obj.Fields.Count; i++)
                {
                    var (key, child) = obj.Fields[i];
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    if (indented)
                    {
                        sb.Append('\n');
                        Indent(sb, level + 1);
                    }

                    AppendQuoted(sb, key);
                    sb.Append(indented ? ": " : ":");
                    path.Add(key);
                    WriteJson(sb, child, indented, mask, path, level + 1);
                    path.RemoveAt(path.Count - 1);
                }

                if (indented)
                {
                    sb.Append('\n');
                    Indent(sb, level);
                }

                sb.Append('}');
                return;
            case HoconArray array:
                if (array.Items.Count == 0)
                {
                    sb.Append("[]");
                    return;
                }

                sb.Append('[');
                for (var i = 0; i < array.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    if (indented)
                    {
                        sb.Append('\n');
                        Indent(sb, level + 1);
                    }

                    path.Add(i.ToString(CultureInfo.InvariantCulture));
                    WriteJson(sb, array.Items[i], indented, mask, path, level + 1);
                    path.RemoveAt(path.Count - 1);
                }

                if (indented)
                {
                    sb.Append('\n');
                    Indent(sb, level);
                }

                sb.Append(']');
                return;
            default:
                WriteScalar(sb, value);
                return;
        }
    }

    private static void WriteHoconField(StringBuilder sb, string key, HoconValue value, Func<string, bool>? mask, List<string> path, int level)
    {
        Indent(sb, level);
        sb.Append(HoconPath.RenderKey(key));
        sb.Append(value is HoconObject && !IsMasked(mask, path) ? " " : " = ");
        WriteHoconValue(sb, value, mask, path, level);
        sb.Append('\n');
    }

    private static void WriteHoconValue(StringBuilder sb, HoconValue value, Func<string, bool>? mask, List<string> path, int level)
    {
        if (IsMasked(mask, path))
        {
            sb.Append(Masked);
            return;
        }

        switch (value)
        {
            case HoconObject obj:
                if (obj.Count == 0)
                {
                    sb.Append("{}");
                    return;
                }

                sb.Append("{\n");
                foreach (var (key, child) in obj.Fields)
                {
                    path.Add(key);
                    WriteHoconField(sb, key, child, mask, path, level + 1);
                    path.RemoveAt(path.Count - 1);
                }

                Indent(sb, level);
                sb.Append('}');
                return;
            case HoconArray array:
                if (array.Items.Count == 0)
                {
                    sb.Append("[]");
                    return;
                }

                sb.Append("[\n");
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Indent(sb, level + 1);
                    path.Add(i.ToString(CultureInfo.InvariantCulture));
                    WriteHoconValue(sb, array.Items[i], mask, path, level + 1);
                    path.RemoveAt(path.Count - 1);
                    sb.Append(i < array.Items.Count - 1 ? ",\n" : "\n");
                }

                Indent(sb, level);
                sb.Append(']');
                return;
            default:
                WriteScalar(sb, value);
                return;
        }
    }
}
