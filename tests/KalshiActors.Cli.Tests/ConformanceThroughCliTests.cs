using System.Globalization;
using System.Numerics;
using System.Text.Json;
using KalshiActors.Testing;

namespace KalshiActors.Cli.Tests;

/// <summary>
/// The HOCON conformance table (../shared/conformance/hocon) through `config render FILE --format json`: every
/// whole-tree row (`tree` or `same-as` at path `$`), compared by the README's equality rules.
/// </summary>
public sealed class ConformanceThroughCliTests
{
    private const string NotPresent = "(../shared absent)";

    public static TheoryData<string, string, string, string, string> WholeTreeRows()
    {
        var data = new TheoryData<string, string, string, string, string>();
        if (RepositoryLayout.SharedDirectory is null)
        {
            // The theory is skipped then; xunit still wants one row to attach the skip to.
            data.Add(NotPresent, NotPresent, NotPresent, NotPresent, NotPresent);
            return data;
        }

        var lines = File.ReadAllLines(RepositoryLayout.Shared("conformance", "hocon", "expected.tsv"));
        var row = 1;
        foreach (var line in lines.Skip(1))
        {
            row++;
            var columns = line.Split('\t');
            if (columns.Length < 6 || columns[2] != "$" || columns[3] is not ("tree" or "same-as"))
            {
                continue;
            }

            data.Add($"{row}:{columns[0]}", columns[1], columns[3], columns[4], columns[5]);
        }

        return data;
    }

    [SharedDataTheory]
    [MemberData(nameof(WholeTreeRows))]
    public async Task ConfigRender_WholeTreeRow_MatchesExpectedTree(string row, string file, string kind, string expected, string env)
    {
        var folder = RepositoryLayout.Shared("conformance", "hocon");
        var result = await CliRun.RunAsync(["config", "render", Path.Combine(folder, file), "--format", "json"], Environment(env));

        Assert.True(result.ExitCode == 0, $"row {row}: exit {result.ExitCode}: {result.Error}");
        using var actual = JsonDocument.Parse(result.Out);
        var expectedText = kind == "same-as"
            ? File.ReadAllText(Path.Combine(folder, JsonSerializer.Deserialize<string>(expected)!))
            : expected;
        using var wanted = JsonDocument.Parse(expectedText);
        var difference = Difference(wanted.RootElement, actual.RootElement, "$");
        Assert.True(difference is null, $"row {row} ({file}): {difference}\nactual: {result.Out}");
    }

    /// <summary>`-` means no variables at all; otherwise exactly the listed `NAME=value;NAME=value` pairs.</summary>
    private static Dictionary<string, string> Environment(string column)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        if (column == "-")
        {
            return variables;
        }

        foreach (var pair in column.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            variables[pair[..equals]] = pair[(equals + 1)..];
        }

        return variables;
    }

    /// <summary>Null when equal by the README's rules, else where and how the trees differ.</summary>
    internal static string? Difference(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind &&
            !(expected.ValueKind is JsonValueKind.True or JsonValueKind.False && actual.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return $"{path}: expected {expected.ValueKind} {expected.GetRawText()}, got {actual.ValueKind} {actual.GetRawText()}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                if (!expectedNames.SetEquals(actualNames))
                {
                    return $"{path}: keys differ; missing [{string.Join(", ", expectedNames.Except(actualNames))}], " +
                           $"unexpected [{string.Join(", ", actualNames.Except(expectedNames))}]";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    var inner = Difference(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;

            case JsonValueKind.Array:
                if (expected.GetArrayLength() != actual.GetArrayLength())
                {
                    return $"{path}: expected {expected.GetArrayLength()} elements, got {actual.GetArrayLength()}";
                }

                var index = 0;
                foreach (var (left, right) in expected.EnumerateArray().Zip(actual.EnumerateArray()))
                {
                    var inner = Difference(left, right, $"{path}[{index++}]");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;

            case JsonValueKind.Number:
                return NumbersEqual(expected.GetRawText(), actual.GetRawText())
                    ? null
                    : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";

            case JsonValueKind.String:
                return expected.GetString() == actual.GetString()
                    ? null
                    : $"{path}: expected \"{expected.GetString()}\", got \"{actual.GetString()}\"";

            default:
                return expected.ValueKind == actual.ValueKind ? null : $"{path}: expected {expected.ValueKind}, got {actual.ValueKind}";
        }
    }

    /// <summary>Numeric equality: `10`, `10.0` and `1e1` are equal; integers beyond 64 bits compare exactly.</summary>
    private static bool NumbersEqual(string left, string right)
    {
        if (BigInteger.TryParse(left, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var a) &&
            BigInteger.TryParse(right, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var b))
        {
            return a == b;
        }

        if (decimal.TryParse(left, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) &&
            decimal.TryParse(right, NumberStyles.Float, CultureInfo.InvariantCulture, out var y))
        {
            return x == y;
        }

        return double.Parse(left, NumberStyles.Float, CultureInfo.InvariantCulture) ==
               double.Parse(right, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
