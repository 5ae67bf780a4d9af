using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

public sealed class HoconIncludeTests
{
    [Fact]
    public void ParseFile_resolves_includes_relative_to_the_including_file()
    {
        using var folder = new TempFolder();
        var main = folder.Write("main.conf", "include \"sub/a.conf\"\nlocal = 1");
        folder.Write("sub/a.conf", "a = 1\ninclude \"b.conf\"");
        folder.Write("sub/b.conf", "b = 2");

        var config = HoconDocument.ParseFile(main).Resolve(TestConfigs.NoEnvironment);

        Assert.Equal("{\"a\":1,\"b\":2,\"local\":1}", config.ToJson(indented: false));
    }

    [Fact]
    public void Include_inside_object_fixes_up_substitutions_and_falls_back_to_root_paths()
    {
        using var folder = new TempFolder();
        var main = folder.Write("main.conf", "top = 7\nsection { include \"part.conf\" }\nsection.x = 42");
        folder.Write("part.conf", "x = 10\ny = ${x}\nz = ${top}");

        var config = HoconDocument.ParseFile(main).Resolve(TestConfigs.NoEnvironment);

        Assert.Equal(42, config.GetInt32("section.y"));
        Assert.Equal(7, config.GetInt32("section.z"));
    }

    [Fact]
    public void Include_without_extension_merges_properties_json_and_conf_with_conf_winning()
    {
        using var folder = new TempFolder();
        var main = folder.Write("main.conf", "include \"settings\"");
        folder.Write("settings.properties", "a=from-properties\nonly.props=true");
        folder.Write("settings.json", "{ \"a\": \"from-json\", \"b\": 1 }");
        folder.Write("settings.conf", "a = from-conf");

        var config = HoconDocument.ParseFile(main).Resolve(TestConfigs.NoEnvironment);

        Assert.Equal("from-conf", config.GetString("a"));
        Assert.Equal(1, config.GetInt32("b"));
        Assert.Equal("true", config.GetString("only.props"));
        Assert.True(config.GetBoolean("only.props"));
    }

    [Fact]
    public void Include_of_missing_file_is_ignored_but_required_include_fails_with_location()
    {
        using var folder = new TempFolder();
        var optional = folder.Write("optional.conf", "include \"nothere.conf\"\ninclude file(\"nothere\")\na = 1");
        var required = folder.Write("required.conf", "a = 1\ninclude required(file(\"nothere.conf\"))");

        Assert.Equal(1, HoconDocument.ParseFile(optional).Resolve(TestConfigs.NoEnvironment).GetInt32("a"));
        var error = Assert.Throws<HoconParseException>(() => HoconDocument.ParseFile(required));
        Assert.Equal(2, error.Line);
        Assert.Contains("required include \"nothere.conf\" was not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Include_cycle_is_reported_instead_of_recursing_forever()
    {
        using var folder = new TempFolder();
        var a = folder.Write("a.conf", "x = 1\ninclude \"b.conf\"");
        folder.Write("b.conf", "include \"a.conf\"");

        var error = Assert.Throws<HoconParseException>(() => HoconDocument.ParseFile(a));

        Assert.Contains("include cycle: a.conf -> b.conf -> a.conf", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("b.conf", error.File, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Include_of_file_with_error_reports_the_included_file_position()
    {
        using var folder = new TempFolder();
        var main = folder.Write("main.conf", "include \"bad.conf\"");
        folder.Write("bad.conf", "ok = 1\nbroken = [1, 2");

        var error = Assert.Throws<HoconParseException>(() => HoconDocument.ParseFile(main));

        Assert.EndsWith("bad.conf", error.File, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void ParseText_resolves_includes_against_base_directory_option()
    {
        using var folder = new TempFolder();
        folder.Write("defaults.conf", "a = 1");

        var config = HoconDocument.ParseText("include \"defaults.conf\"\nb = ${a}", options: new HoconParseOptions { BaseDirectory = folder.Path })
            .Resolve(TestConfigs.NoEnvironment);

        Assert.Equal(1, config.GetInt32("b"));
    }

    [Fact]
    public void ParseFile_reads_properties_with_object_winning_over_string()
    {
        using var folder = new TempFolder();
        var file = folder.Write("app.properties", "# comment\na=hello\na.b=world\nlong.value=one \\\n  two\nescaped=tab\\there");

        var config = HoconDocument.ParseFile(file).Resolve(TestConfigs.NoEnvironment);

        Assert.Equal("world", config.GetString("a.b"));
        Assert.Equal("one two", config.GetString("long.value"));
        Assert.Equal("tab\there", config.GetString("escaped"));
    }
}
