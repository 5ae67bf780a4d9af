using KalshiActors.Hocon;
using Microsoft.Extensions.Configuration;

namespace KalshiActors.Hocon.Tests;

public sealed class HoconLongListTests
{
    private static readonly string[] Twelve = [.. Enumerable.Range(1, 12).Select(i => $"s{i}")];

    [Fact]
    public void GetStringList_with_twelve_items_keeps_their_order() =>
        Assert.Equal(Twelve, TestConfigs.Parse($"a = [{string.Join(", ", Twelve)}]").GetStringList("a"));

    [Fact]
    public void Concatenated_lists_past_ten_items_keep_their_order() =>
        Assert.Equal(Twelve, TestConfigs.Parse($"a = [{string.Join(", ", Twelve[..6])}] [{string.Join(", ", Twelve[6..])}]").GetStringList("a"));

    [Fact]
    public void Self_referencing_append_past_ten_items_keeps_the_order() =>
        Assert.Equal(Twelve, TestConfigs.Parse($"a = [{string.Join(", ", Twelve[..9])}]\na = ${{a}} [{string.Join(", ", Twelve[9..])}]").GetStringList("a"));

    [Fact]
    public void PlusEquals_past_ten_items_keeps_the_order()
    {
        var text = $"a = [{string.Join(", ", Twelve[..9])}]\n" + string.Join('\n', Twelve[9..].Select(s => $"a += {s}"));
        Assert.Equal(Twelve, TestConfigs.Parse(text).GetStringList("a"));
    }

    [Fact]
    public void Configuration_provider_with_twelve_items_binds_them_in_order()
    {
        var configuration = new ConfigurationBuilder().AddHoconConfig(TestConfigs.Parse($"a = [{string.Join(", ", Twelve)}]")).Build();
        Assert.Equal(Twelve, configuration.GetSection("a").GetChildren().Select(c => c.Value).ToArray());
    }

    [Fact]
    public void Twelve_single_item_lists_concatenated_keep_their_order() =>
        Assert.Equal(Twelve, TestConfigs.Parse("a = " + string.Join(" ", Twelve.Select(s => $"[{s}]"))).GetStringList("a"));

    [Fact]
    public void Twelve_appends_from_empty_keep_their_order() =>
        Assert.Equal(Twelve, TestConfigs.Parse("a = []\n" + string.Join('\n', Twelve.Select(s => $"a += {s}"))).GetStringList("a"));

    [Fact]
    public void Numeric_keyed_object_past_ten_reads_as_a_list_in_index_order() =>
        Assert.Equal(Twelve, TestConfigs.Parse("a { " + string.Join(", ", Twelve.Select((s, i) => $"\"{i}\" = {s}")) + " }").GetStringList("a"));

    [Fact]
    public void Twelve_item_list_renders_to_json_in_order() =>
        Assert.Equal("{\"a\":[" + string.Join(",", Twelve.Select(s => $"\"{s}\"")) + "]}", TestConfigs.Json($"a = [{string.Join(", ", Twelve)}]"));
}
