using System.Globalization;
using System.Text.Json;
using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

/// <summary>Compares HOCON values with expected JSON using the conformance rules: numbers numerically, key order ignored, array order kept.</summary>
internal static class JsonTree
{
    public static void AssertEqual(JsonElement expected, HoconValue actual, string where)
    {
        var difference = FindDifference(expected, actual, where);
        Assert.True(difference is null, difference + "\nactual: " + actual.ToJson(indented: false));
    }

    public static string? FindDifference(JsonElement expected, HoconValue actual, string path)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual is not HoconObject obj)
                {
                    return $"{path}: expected an object, got {actual.TypeName}";
                }

                var expectedKeys = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualKeys = obj.Keys.ToHashSet(StringComparer.Ordinal);
                if (!expectedKeys.SetEquals(actualKeys))
                {
                    return $"{path}: expected keys [{string.Join(",", expectedKeys.Order(StringComparer.Ordinal))}], got [{string.Join(",", actualKeys.Order(StringComparer.Ordinal))}]";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    var d = FindDifference(property.Value, obj[property.Name], $"{path}.{property.Name}");
                    if (d is not null)
                    {
                        return d;
                    }
                }

                return null;
            case JsonValueKind.Array:
                if (actual is not HoconArray array)
                {
                    return $"{path}: expected a list, got {actual.TypeName}";
                }

                var items = expected.EnumerateArray().ToList();
                if (items.Count != array.Items.Count)
                {
                    return $"{path}: expected {items.Count} elements, got {array.Items.Count}";
                }

                for (var i = 0; i < items.Count; i++)
                {
                    var d = FindDifference(items[i], array.Items[i], $"{path}[{i}]");
                    if (d is not null)
                    {
                        return d;
                    }
                }

                return null;
            case JsonValueKind.String:
                return actual is HoconString s && s.Value == expected.GetString()
                    ? null
                    : $"{path}: expected string \"{expected.GetString()}\", got {actual.ToJson(indented: false)}";
            case JsonValueKind.Number:
                return actual is HoconNumber n && SameNumber(expected.GetRawText(), n.Text)
                    ? null
                    : $"{path}: expected number {expected.GetRawText()}, got {actual.ToJson(indented: false)}";
            case JsonValueKind.True:
            case JsonValueKind.False:
                return actual is HoconBoolean b && b.Value == (expected.ValueKind == JsonValueKind.True)
                    ? null
                    : $"{path}: expected {expected.GetRawText()}, got {actual.ToJson(indented: false)}";
            case JsonValueKind.Null:
                return actual is HoconNull ? null : $"{path}: expected null, got {actual.ToJson(indented: false)}";
            default:
                return $"{path}: unsupported expected JSON {expected.ValueKind}";
        }
    }

    private static bool SameNumber(string a, string b)
    {
        if (decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var da) &&
            decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var db))
        {
            return da == db;
        }

        return double.Parse(a, CultureInfo.InvariantCulture) == double.Parse(b, CultureInfo.InvariantCulture);
    }
}
