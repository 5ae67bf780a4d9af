using KalshiActors.Hocon;
using Microsoft.Extensions.Configuration;

namespace KalshiActors.Hocon.Tests;

public sealed class HoconConfigurationProviderTests
{
    [Fact]
    public void AddHoconFile_flattens_keys_with_colons_and_lists_by_index()
    {
        using var folder = new TempFolder();
        var file = folder.Write("app.conf", "logging { level = Debug }\nhosts = [a, b]\nport = 8080\nbase = x\nderived = ${base}y\nnothing = null");

        var configuration = new ConfigurationBuilder().AddHoconFile(file).Build();

        Assert.Equal("Debug", configuration["logging:level"]);
        Assert.Equal("a", configuration["hosts:0"]);
        Assert.Equal("b", configuration["hosts:1"]);
        Assert.Equal("8080", configuration["port"]);
        Assert.Equal("xy", configuration["derived"]);
        Assert.Null(configuration["nothing"]);
        Assert.Equal(["a", "b"], configuration.GetSection("hosts").GetChildren().Select(c => c.Value ?? "").ToList());
    }

    [Fact]
    public void AddHoconFile_optional_missing_file_adds_nothing_but_required_missing_file_fails()
    {
        using var folder = new TempFolder();
        var missing = Path.Combine(folder.Path, "missing.conf");

        var configuration = new ConfigurationBuilder().AddHoconFile(missing, optional: true).Build();

        Assert.Empty(configuration.AsEnumerable());
        Assert.Throws<HoconParseException>(() => new ConfigurationBuilder().AddHoconFile(missing).Build());
    }

    [Fact]
    public void AddHoconFile_with_syntax_error_reports_file_line_column()
    {
        using var folder = new TempFolder();
        var file = folder.Write("bad.conf", "a = 1\nb = [");

        var error = Assert.Throws<HoconParseException>(() => new ConfigurationBuilder().AddHoconFile(file).Build());

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void AddHoconConfig_layers_with_other_sources()
    {
        var config = TestConfigs.Parse("a { b = 1, c = 2 }");

        var configuration = new ConfigurationBuilder()
            .AddHoconConfig(config)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["a:c"] = "3" })
            .Build();

        Assert.Equal("1", configuration["a:b"]);
        Assert.Equal("3", configuration["a:c"]);
    }
}
