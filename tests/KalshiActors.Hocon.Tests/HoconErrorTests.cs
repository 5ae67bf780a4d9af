using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

public sealed class HoconErrorTests
{
    [Theory]
    [InlineData("a = [1, 2", 1, 10, "unterminated list")]
    [InlineData("a = \"abc", 1, 5, "unterminated quoted string")]
    [InlineData("a {\n  b = 1\n", 3, 1, "unterminated object")]
    [InlineData("a = 1\n}", 2, 1, "unexpected '}'")]
    [InlineData("a = 1\nb = ", 2, 5, "expected a value for key 'b'")]
    [InlineData("a = 1\nb", 2, 2, "expected ':', '=' or '{' after the key 'b'")]
    [InlineData("a = [1,,2]", 1, 8, "two commas in a row")]
    [InlineData("a = [,1]", 1, 6, "unexpected ','")]
    [InlineData("a = $ {b}", 1, 5, "'$' must start a substitution")]
    [InlineData("${a} = 1", 1, 1, "substitutions are not allowed in keys")]
    [InlineData("a = ${b.${c}}", 1, 9, "cannot be nested")]
    [InlineData("a..b = 1", 1, 1, "empty element")]
    [InlineData("a = { b = 1 } text", 1, 15, "cannot concatenate an object with text")]
    [InlineData("a = 1 @", 1, 7, "reserved character '@'")]
    [InlineData("a = \"\\q\"", 1, 6, "invalid escape")]
    [InlineData("[1, 2]", 1, 1, "root of a configuration must be an object")]
    [InlineData("include foo", 1, 9, "include must be followed by a quoted file name")]
    public void ParseText_with_malformed_input_reports_file_line_column_and_expectation(string text, int line, int column, string expected)
    {
        var error = Assert.Throws<HoconParseException>(() => HoconDocument.ParseText(text, "conf/app.conf"));

        Assert.Equal("conf/app.conf", error.File);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.StartsWith($"conf/app.conf:{line}:{column}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_with_undefined_substitution_names_it_and_its_position()
    {
        var error = Assert.Throws<HoconResolveException>(() => TestConfigs.Parse("a = 1\nb {\n  c = ${missing.path}\n}"));

        Assert.Equal("test.conf", error.File);
        Assert.Equal(3, error.Line);
        Assert.Equal(7, error.Column);
        Assert.Contains("${missing.path}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseFile_with_missing_file_names_the_file()
    {
        var error = Assert.Throws<HoconParseException>(() => HoconDocument.ParseFile("no/such/file.conf"));

        Assert.StartsWith("no/such/file.conf: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetInt32_on_text_names_path_origin_and_expected_type()
    {
        var config = TestConfigs.Parse("server {\n  port = eighty\n}");

        var error = Assert.Throws<HoconException>(() => config.GetInt32("server.port"));

        Assert.Equal(2, error.Line);
        Assert.Equal(10, error.Column);
        Assert.Contains("'server.port'", error.Message, StringComparison.Ordinal);
        Assert.Contains("the string \"eighty\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("a number", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetString_on_missing_path_names_the_missing_key()
    {
        var config = TestConfigs.Parse("server { port = 80 }");

        var error = Assert.Throws<HoconException>(() => config.GetString("server.host"));

        Assert.Contains("'server.host' is missing", error.Message, StringComparison.Ordinal);
        Assert.Contains("no key 'host'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetString_on_null_value_reports_null()
    {
        var config = TestConfigs.Parse("a = null");

        var error = Assert.Throws<HoconException>(() => config.GetString("a"));

        Assert.Contains("is null", error.Message, StringComparison.Ordinal);
        Assert.False(config.HasPath("a"));
        Assert.IsType<HoconNull>(config.GetValue("a"));
    }
}
