using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

public sealed class HoconRenderingTests
{
    [Fact]
    public void ToJson_keeps_file_order_and_numbers_as_written()
    {
        var config = TestConfigs.Parse("zeta = 1e5\nalpha { b = 10.50, a = -0 }\nmid = [3, 2.0, 1]\nalpha.c = true\nzeta = 1E5");

        Assert.Equal("{\"zeta\":1E5,\"alpha\":{\"b\":10.50,\"a\":-0,\"c\":true},\"mid\":[3,2.0,1]}", config.ToJson(indented: false));
    }

    [Fact]
    public void ToJson_indented_uses_two_spaces_and_escapes_strings()
    {
        var json = TestConfigs.Parse("a { b = \"line\\nbreak \\\"quoted\\\"\" }\nempty {}\nlist = []").ToJson();

        Assert.Equal("{\n  \"a\": {\n    \"b\": \"line\\nbreak \\\"quoted\\\"\"\n  },\n  \"empty\": {},\n  \"list\": []\n}", json);
    }

    [Fact]
    public void ToJson_and_ToHocon_mask_values_whose_path_matches()
    {
        var config = TestConfigs.Parse("db { user = app, password = hunter2 }\napi.tokens = [t1, t2]");
        static bool Secret(string path) => path.EndsWith("password", StringComparison.Ordinal) || path.EndsWith("tokens", StringComparison.Ordinal);

        var json = config.ToJson(indented: false, Secret);
        var hocon = config.ToHocon(Secret);

        Assert.Equal("{\"db\":{\"user\":\"app\",\"password\":\"***\"},\"api\":{\"tokens\":\"***\"}}", json);
        Assert.DoesNotContain("hunter2", hocon, StringComparison.Ordinal);
        Assert.DoesNotContain("t1", hocon, StringComparison.Ordinal);
        Assert.Contains("password = \"***\"", hocon, StringComparison.Ordinal);
    }

    [Fact]
    public void ToJson_mask_receives_dotted_paths_with_list_indexes()
    {
        var seen = new List<string>();

        TestConfigs.Parse("a { b = [x, { c = 1 }] }").ToJson(mask: path =>
        {
            seen.Add(path);
            return false;
        });

        Assert.Equal(["a", "a.b", "a.b.0", "a.b.1", "a.b.1.c"], seen);
    }

    [Theory]
    [InlineData("a = 1\nb { c = [1, \"two\", { d = null }], e = true }")]
    [InlineData("\"quoted.key\" = \"x\"\n\"\" = empty\ntrue = \"true\"\ninclude-not = 1\nk = \"tab\\there \\\"q\\\"\"")]
    [InlineData("nums { big = 123456789012345678901234567890, neg = -1.5e-3 }\nlist = [[1], [], {}]")]
    public void ToHocon_round_trips_to_the_same_tree(string text)
    {
        var config = TestConfigs.Parse(text);

        var reparsed = TestConfigs.Parse(config.ToHocon());

        Assert.Equal(config.ToJson(), reparsed.ToJson());
    }

    [Fact]
    public void ToHocon_writes_readable_nested_blocks()
    {
        var hocon = TestConfigs.Parse("a { b = 1, c = [x] }").ToHocon();

        Assert.Equal("a {\n  b = 1\n  c = [\n    \"x\"\n  ]\n}\n", hocon);
    }
}
