using KalshiActors.Hocon;
using Microsoft.Extensions.Configuration;

namespace KalshiActors.Hocon.Tests;

/// <summary>Lists of ten or more elements: index "10" must come after "9", never after "1" (text order).</summary>
public sealed class HoconLongListTests
{
    private static readonly string[] Twelve = [.. Enumerable.Range(0, 12).Select(i => $"v{i}")];

    // Written in an order where text sorting and numeric sorting disagree.
    private static readonly int[] Shuffled = [10, 2, 11, 0, 9, 1, 3, 8, 4, 7, 5, 6];

    [Fact]
    public void Numerically_indexed_object_with_twelve_keys_reads_as_list_in_numeric_order()
    {
        var text = string.Join('\n', Shuffled.Select(i => $"list.{i} = v{i}"));

        Assert.Equal(Twelve, TestConfigs.Parse(text).GetStringList("list"));
    }

    [Fact]
    public void Numerically_indexed_object_concatenated_with_list_joins_in_numeric_order()
    {
        var text = string.Join('\n', Shuffled.Select(i => $"base.{i} = v{i}")) + "\nall = ${base} [tail]";

        Assert.Equal([.. Twelve, "tail"], TestConfigs.Parse(text).GetStringList("all"));
    }

    [Fact]
    public void Twelve_concatenated_lists_keep_their_written_order()
    {
        var text = "all = " + string.Join(' ', Enumerable.Range(0, 12).Select(i => $"[v{i}]"));

        Assert.Equal(Twelve, TestConfigs.Parse(text).GetStringList("all"));
    }

    [Fact]
    public void Twelve_substituted_lists_concatenate_in_written_order()
    {
        var text = string.Join('\n', Enumerable.Range(0, 12).Select(i => $"l{i} = [v{i}]")) +
            "\nall = " + string.Join(' ', Enumerable.Range(0, 12).Select(i => $"${{l{i}}}"));

        Assert.Equal(Twelve, TestConfigs.Parse(text).GetStringList("all"));
    }

    [Fact]
    public void Twelve_appends_keep_their_written_order()
    {
        var text = "list = []\n" + string.Join('\n', Twelve.Select(v => $"list += {v}"));

        Assert.Equal(Twelve, TestConfigs.Parse(text).GetStringList("list"));
    }

    [Fact]
    public void Properties_file_with_twelve_indexes_reads_as_list_in_numeric_order()
    {
        var text = string.Join('\n', Shuffled.Select(i => $"list.{i}=v{i}"));
        var config = HoconDocument.ParseText(text, "test.properties", new HoconParseOptions { Syntax = HoconSyntax.Properties })
            .Resolve(TestConfigs.NoEnvironment);

        Assert.Equal(Twelve, config.GetStringList("list"));
    }

    [Fact]
    public void Twelve_element_list_renders_to_json_in_order()
    {
        var text = "list = [" + string.Join(", ", Twelve) + "]";

        var json = TestConfigs.Json(text);

        Assert.Equal("{\"list\":[" + string.Join(',', Twelve.Select(v => $"\"{v}\"")) + "]}", json);
    }

    [Fact]
    public void Twelve_element_list_binds_through_configuration_in_order()
    {
        var config = TestConfigs.Parse("list = [" + string.Join(", ", Twelve) + "]");

        var configuration = new ConfigurationBuilder().AddHoconConfig(config).Build();

        Assert.Equal(Twelve, configuration.GetSection("list").GetChildren().Select(c => c.Value ?? "").ToArray());
        Assert.Equal("v10", configuration["list:10"]);
    }

    [Fact]
    public void Self_referencing_append_past_ten_items_keeps_the_order() =>
        Assert.Equal(Twelve, TestConfigs.Parse($"a = [{string.Join(", ", Twelve[..9])}]\na = ${{a}} [{string.Join(", ", Twelve[9..])}]").GetStringList("a"));

    [Fact]
    public void Numeric_keyed_quoted_object_past_ten_reads_as_a_list_in_index_order() =>
        Assert.Equal(Twelve, TestConfigs.Parse("a { " + string.Join(", ", Twelve.Select((s, i) => $"\"{i}\" = {s}")) + " }").GetStringList("a"));
}
