using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

/// <summary>The tokenizer shares repeated strings and paths between tokens; sharing must never change what is read.</summary>
public sealed class HoconSharedTextTests
{
    [Fact]
    public void Thousands_of_distinct_keys_and_substitution_paths_each_resolve_to_their_own_value()
    {
        // More distinct keys than the tokenizer's cache has slots, so slots collide and get replaced.
        const int Count = 6000;
        var lines = new List<string>();
        for (var i = 0; i < Count; i++)
        {
            lines.Add($"s{i} {{ name = n{i}, port = {i} }}");
            lines.Add($"r{i} = ${{s{i}.name}}\":\"${{s{i}.port}}");
        }

        var config = TestConfigs.Parse(string.Join('\n', lines));

        for (var i = 0; i < Count; i++)
        {
            Assert.Equal($"n{i}:{i}", config.GetString($"r{i}"));
            Assert.Equal(i, config.GetInt64($"s{i}.port"));
        }
    }

    [Fact]
    public void Keys_and_paths_sharing_a_prefix_are_not_confused()
    {
        var config = TestConfigs.Parse("a.b = 1\na.bc = 2\nab.c = 3\nx = ${a.b}\ny = ${a.bc}\nz = ${ab.c}");

        Assert.Equal(1L, config.GetInt64("x"));
        Assert.Equal(2L, config.GetInt64("y"));
        Assert.Equal(3L, config.GetInt64("z"));
    }

    [Theory]
    [InlineData("{ a = 1 } ${x.y}", "found substitution ${x.y}")]
    [InlineData("{ a = 1 } ${?x}", "found substitution ${?x}")]
    [InlineData("{ a = 1 } ${ x }", "found substitution ${ x }")]
    public void A_misplaced_substitution_is_described_as_written(string text, string expected)
    {
        var error = Assert.Throws<HoconParseException>(() => HoconDocument.ParseText(text, "app.conf"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
