using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

public sealed class HoconDocumentLayeringTests
{
    [Fact]
    public void FromObject_overrides_lower_layers_and_feeds_their_substitutions()
    {
        var flags = new HoconObject([new("app", new HoconObject([new("port", new HoconNumber("9090"))]))]);
        var reference = HoconDocument.ParseText("app { port = 80, host = localhost, url = ${app.host}\":\"${app.port} }");

        var config = HoconDocument.FromObject(flags).WithFallback(reference).Resolve(TestConfigs.NoEnvironment);

        Assert.Equal("localhost:9090", config.GetString("app.url"));
        Assert.Equal(9090, config.GetInt32("app.port"));
    }

    [Fact]
    public void HoconNumber_rejects_text_that_is_not_a_number()
    {
        Assert.Throws<ArgumentException>(() => new HoconNumber("12abc"));
    }
}
