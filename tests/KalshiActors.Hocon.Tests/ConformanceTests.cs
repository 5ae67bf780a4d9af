using System.Numerics;
using System.Text.Json;
using KalshiActors.Hocon;
using KalshiActors.Testing;

namespace KalshiActors.Hocon.Tests;

/// <summary>Runs every row of ../shared/conformance/hocon/expected.tsv (see that folder's README for the columns).</summary>
public sealed class ConformanceTests
{
    private static readonly Lazy<string[]> Lines = new(() =>
        File.ReadAllLines(RepositoryLayout.Shared("conformance", "hocon", "expected.tsv")));

    public static IEnumerable<object[]> Rows()
    {
        if (RepositoryLayout.SharedDirectory is null)
        {
            // The theory is skipped without ../shared; xunit still needs one row to report the skip.
            yield return [0, "shared data missing"];
            yield break;
        }

        var lines = Lines.Value;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var columns = lines[i].Split('\t');
            yield return [i + 1, $"{columns[0]} {columns[2]} {columns[3]}"];
        }
    }

    [SharedDataTheory]
    [MemberData(nameof(Rows))]
    public void Conformance_row_matches_expected_tsv(int line, string description)
    {
        Assert.False(string.IsNullOrEmpty(description));
        var columns = Lines.Value[line - 1].Split('\t');
        var (file, path, kind, expected, env) = (columns[1], columns[2], columns[3], columns[4], columns[5]);
        var fullPath = RepositoryLayout.Shared("conformance", "hocon", file);
        var options = new HoconResolveOptions { EnvironmentLookup = Environment(env) };

        if (kind == "error")
        {
            var error = Assert.ThrowsAny<HoconException>(() => HoconDocument.ParseFile(fullPath).Resolve(options));
            Assert.True(error is HoconParseException or HoconResolveException, $"expected a parse or resolve error, got {error.GetType().Name}: {error.Message}");
            Assert.True(error.Line > 0 && error.Column > 0, $"error has no line/column: {error.Message}");
            Assert.StartsWith($"{error.File}:{error.Line}:{error.Column}: ", error.Message, StringComparison.Ordinal);
            return;
        }

        if (kind == "oneof")
        {
            using var choices = JsonDocument.Parse(expected);
            Config? resolved = null;
            HoconException? failure = null;
            try
            {
                resolved = HoconDocument.ParseFile(fullPath).Resolve(options);
            }
            catch (HoconException caught)
            {
                failure = caught;
            }

            var accepted = choices.RootElement.EnumerateArray().Any(choice =>
                choice.ValueKind == JsonValueKind.String && choice.GetString() == "<error>"
                    ? failure is not null
                    : resolved is not null && JsonTree.FindDifference(choice, ValueAt(resolved, path)!, path) is null);
            Assert.True(accepted, failure?.Message ?? resolved!.ToJson(indented: false));
            return;
        }

        var config = HoconDocument.ParseFile(fullPath).Resolve(options);
        var value = ValueAt(config, path);
        switch (kind)
        {
            case "absent":
                Assert.Null(value);
                return;
            case "same-as":
                var other = JsonSerializer.Deserialize<string>(expected)!;
                using (var json = JsonDocument.Parse(File.ReadAllText(RepositoryLayout.Shared("conformance", "hocon", other))))
                {
                    JsonTree.AssertEqual(json.RootElement, config.Root, "$");
                }

                // JSON is a subset of HOCON: the same file read by our parser must give the same tree.
                var viaHocon = HoconDocument.ParseFile(RepositoryLayout.Shared("conformance", "hocon", other)).Resolve(options);
                using (var json = JsonDocument.Parse(File.ReadAllText(RepositoryLayout.Shared("conformance", "hocon", other))))
                {
                    JsonTree.AssertEqual(json.RootElement, viaHocon.Root, "$");
                }

                return;
        }

        Assert.True(value is not null, $"no value at {path}");
        using var expectedJson = JsonDocument.Parse(expected);
        var e = expectedJson.RootElement;
        switch (kind)
        {
            case "tree":
                JsonTree.AssertEqual(e, value, path);
                break;
            case "bool":
                Assert.Equal(e.GetBoolean(), HoconConversions.ToBoolean(path, value));
                break;
            case "bytes":
                Assert.Equal(BigInteger.Parse(e.GetRawText()), HoconConversions.ToBytes(path, value));
                break;
            case "bytes-list":
                Assert.Equal(
                    e.EnumerateArray().Select(x => BigInteger.Parse(x.GetRawText())).ToList(),
                    HoconConversions.ToList(path, value).Select(v => HoconConversions.ToBytes(path, v)).ToList());
                break;
            case "duration-ns":
                Assert.Equal(BigInteger.Parse(e.GetRawText()), HoconConversions.ToNanoseconds(path, value));
                break;
            case "duration-ns-list":
                Assert.Equal(
                    e.EnumerateArray().Select(x => BigInteger.Parse(x.GetRawText())).ToList(),
                    HoconConversions.ToList(path, value).Select(v => HoconConversions.ToNanoseconds(path, v)).ToList());
                break;
            case "as-list":
                if (e.ValueKind == JsonValueKind.String && e.GetString() == "<error>")
                {
                    Assert.ThrowsAny<HoconException>(() => HoconConversions.ToList(path, value));
                }
                else
                {
                    JsonTree.AssertEqual(e, new HoconArray(HoconConversions.ToList(path, value)), path);
                }

                break;
            default:
                Assert.Fail($"unknown kind '{kind}' in expected.tsv line {line}");
                break;
        }
    }

    private static HoconValue? ValueAt(Config config, string path) => path == "$" ? config.Root : config.GetValue(path);

    private static Func<string, string?> Environment(string env)
    {
        if (env == "-")
        {
            return _ => null;
        }

        var variables = env.Split(';').Select(pair => pair.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return name => variables.GetValueOrDefault(name);
    }
}
