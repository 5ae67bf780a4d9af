using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

public sealed class HoconRobustnessTests
{
    private static readonly string[] Fragments =
    [
        "a", "b.c", "\"q\"", "\"\"\"t\"\"\"", " ", "\n", "=", ":", "+=", ",", "{", "}", "[", "]", "${a}", "${?b.c}", "$", "1", "-2.5e3",
        "true", "null", "include", "include \"x.conf\"", "#c\n", "//c\n", "\\", "\"", "?", "10s", "${", "}}", "\t", "\u00A0", "\uFEFF",
    ];

    [Fact]
    public void Random_input_either_parses_or_fails_with_a_located_hocon_error()
    {
        var random = new Random(20261122);
        for (var iteration = 0; iteration < 3000; iteration++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 25)).Select(_ => Fragments[random.Next(Fragments.Length)]));
            try
            {
                var config = TestConfigs.Parse(text);
                Assert.NotNull(config.ToJson());
                Assert.Equal(config.ToJson(), TestConfigs.Parse(config.ToHocon()).ToJson());
            }
            catch (HoconException e)
            {
                Assert.True(e is HoconParseException or HoconResolveException, $"{e.GetType().Name} for {text}");
                Assert.True(e.Line > 0, $"no line for input {text}: {e.Message}");
            }
        }
    }

    [Theory]
    [InlineData(100_000, "[")]
    [InlineData(100_000, "{a:")]
    public void Deep_nesting_is_rejected_with_a_parse_error(int repeat, string fragment)
    {
        var text = "x = " + string.Concat(Enumerable.Repeat(fragment, repeat)) + "1";

        var error = Assert.Throws<HoconParseException>(() => HoconDocument.ParseText(text));

        Assert.Contains("256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_dotted_key_is_rejected_with_a_parse_error()
    {
        var text = string.Join('.', Enumerable.Repeat("k", 100_000)) + " = 1";

        Assert.Throws<HoconParseException>(() => HoconDocument.ParseText(text));
    }

    [Fact]
    public void Generated_large_document_resolves_every_reference()
    {
        var text = string.Join('\n', Enumerable.Range(0, 2000).Select(i =>
            $"s{i} {{ port = {i}, url = \"h:\"${{s{i}.port}}, prev = ${{?s{i - 1}.port}} }}"));

        var config = TestConfigs.Parse(text);

        Assert.Equal("h:1999", config.GetString("s1999.url"));
        Assert.Equal(1998, config.GetInt32("s1999.prev"));
        Assert.False(config.HasPath("s0.prev"));
    }
}
