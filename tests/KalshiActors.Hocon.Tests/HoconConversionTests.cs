using System.Numerics;
using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

public sealed class HoconConversionTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("yes", true)]
    [InlineData("on", true)]
    [InlineData("\"on\"", true)]
    [InlineData("false", false)]
    [InlineData("no", false)]
    [InlineData("off", false)]
    public void GetBoolean_accepts_the_six_spellings(string written, bool expected)
    {
        Assert.Equal(expected, TestConfigs.Parse($"flag = {written}").GetBoolean("flag"));
    }

    [Theory]
    [InlineData("maybe")]
    [InlineData("1")]
    [InlineData("True")]
    public void GetBoolean_rejects_other_values(string written)
    {
        Assert.Throws<HoconException>(() => TestConfigs.Parse($"flag = {written}").GetBoolean("flag"));
    }

    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("500", 500)]
    [InlineData("\"250\"", 250)]
    [InlineData("1.5 minutes", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1 d", 86_400_000)]
    [InlineData("750 us", 0.75)]
    public void GetDuration_reads_units_and_treats_bare_numbers_as_milliseconds(string written, double expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), TestConfigs.Parse($"t = {written}").GetDuration("t"));
    }

    [Fact]
    public void GetDurationNanoseconds_keeps_nanosecond_precision()
    {
        Assert.Equal(4878955355435272204L, TestConfigs.Parse("t = 4878955355435272204ns").GetDurationNanoseconds("t"));
        Assert.Equal(-3_000_000_000L, TestConfigs.Parse("t = -3 s").GetDurationNanoseconds("t"));
    }

    [Theory]
    [InlineData("10 S")]
    [InlineData("10 seconds5")]
    [InlineData("s10")]
    [InlineData("fast")]
    public void GetDuration_rejects_unknown_units_with_the_offending_text(string written)
    {
        var error = Assert.Throws<HoconException>(() => TestConfigs.Parse($"t = {written}").GetDuration("t"));

        Assert.Contains("'t'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Theory]
    [InlineData("512", 512L)]
    [InlineData("512K", 524_288L)]
    [InlineData("1 kB", 1_000L)]
    [InlineData("10 MiB", 10_485_760L)]
    [InlineData("0.5M", 524_288L)]
    [InlineData("2 gigabytes", 2_000_000_000L)]
    [InlineData("1e", 1_152_921_504_606_846_976L)]
    public void GetByteSize_reads_decimal_and_binary_units(string written, long expected)
    {
        Assert.Equal(expected, TestConfigs.Parse($"size = {written}").GetByteSize("size"));
    }

    [Fact]
    public void GetByteSize_beyond_64_bits_needs_the_big_integer_getter()
    {
        var config = TestConfigs.Parse("size = 1 YiB");

        Assert.Equal(BigInteger.Pow(1024, 8), config.GetByteSizeBig("size"));
        var error = Assert.Throws<HoconException>(() => config.GetByteSize("size"));
        Assert.Contains("64 bits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetByteSize_rejects_wrong_case_multi_letter_unit()
    {
        Assert.Throws<HoconException>(() => TestConfigs.Parse("size = 10 Kb").GetByteSize("size"));
    }

    [Fact]
    public void Number_getters_convert_strings_and_check_ranges()
    {
        var config = TestConfigs.Parse("a = \"42\", b = 3000000000, c = 1.25, d = 10.0, e = 1e3");

        Assert.Equal(42, config.GetInt32("a"));
        Assert.Equal(3_000_000_000L, config.GetInt64("b"));
        Assert.Throws<HoconException>(() => config.GetInt32("b"));
        Assert.Equal(1.25m, config.GetDecimal("c"));
        Assert.Equal(1.25, config.GetDouble("c"));
        Assert.Equal(10L, config.GetInt64("d"));
        Assert.Equal(1000L, config.GetInt64("e"));
        Assert.Throws<HoconException>(() => config.GetInt64("c"));
    }

    [Fact]
    public void GetList_converts_numerically_indexed_object_in_index_order()
    {
        var config = TestConfigs.Parse("list.2 = c\nlist.0 = a\nlist.10 = d\nlist.x = ignored\nlist.1 = b");

        Assert.Equal(["a", "b", "c", "d"], config.GetStringList("list"));
    }

    [Fact]
    public void GetList_rejects_object_without_numeric_keys_and_scalars()
    {
        var config = TestConfigs.Parse("o { a = 1 }\ns = text");

        Assert.Throws<HoconException>(() => config.GetList("o"));
        Assert.Throws<HoconException>(() => config.GetList("s"));
    }

    [Fact]
    public void GetConfig_returns_subtree_and_paths_accept_quoted_elements()
    {
        var config = TestConfigs.Parse("a { \"b.c\" { d = 1 } }");

        Assert.Equal(1, config.GetConfig("a").GetInt32("\"b.c\".d"));
        Assert.Equal(1, config.GetInt32("a.\"b.c\".d"));
        Assert.False(config.HasPath("a.b"));
    }

    [Fact]
    public void Config_WithFallback_merges_objects_with_this_config_winning()
    {
        var merged = TestConfigs.Parse("a { x = 1 }\nb = 2").WithFallback(TestConfigs.Parse("a { x = 0, y = 3 }\nc = 4"));

        Assert.Equal("{\"a\":{\"x\":1,\"y\":3},\"c\":4,\"b\":2}", merged.ToJson(indented: false));
        Assert.Same(Config.Empty.Root, Config.Empty.WithFallback(Config.Empty).Root);
    }
}
