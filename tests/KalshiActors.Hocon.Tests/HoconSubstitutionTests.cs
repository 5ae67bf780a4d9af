using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

public sealed class HoconSubstitutionTests
{
    [Theory]
    [InlineData("a = ${b}\nb = ${a}")]
    [InlineData("a = ${b}\nb = ${c}\nc = ${a}")]
    [InlineData("a : { b : ${a} }")]
    [InlineData("a : [${a}]")]
    [InlineData("a : a\na : { b : ${a} }")]
    public void Resolve_with_cycle_reports_substitution_cycle(string text)
    {
        var error = Assert.Throws<HoconResolveException>(() => TestConfigs.Parse(text));

        Assert.Contains("substitution cycle", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void Resolve_with_cycle_through_optional_substitutions_treats_them_as_missing()
    {
        Assert.Equal("{}", TestConfigs.Json("a = ${?b}\nb = ${?a}"));
    }

    [Fact]
    public void Resolve_with_very_long_substitution_chain_fails_cleanly_instead_of_overflowing_the_stack()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => $"a{i} = ${{a{i + 1}}}").Append("a5000 = 1");

        var error = Assert.Throws<HoconResolveException>(() => TestConfigs.Parse(string.Join('\n', lines)));

        Assert.Contains("nest more than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_with_self_reference_appends_to_older_value()
    {
        Assert.Equal("{\"path\":\"a:b:c:d\"}", TestConfigs.Json("path = \"a:b:c\"\npath = ${path}\":d\""));
        Assert.Equal("{\"list\":[1,2,3]}", TestConfigs.Json("list = [1]\nlist += 2\nlist += 3"));
    }

    [Fact]
    public void Resolve_with_reference_to_sibling_inside_same_object_looks_forward_to_final_value()
    {
        Assert.Equal("{\"bar\":{\"foo\":43,\"baz\":43}}", TestConfigs.Json("bar : { foo : 42, baz : ${bar.foo} }\nbar : { foo : 43 }"));
    }

    [Fact]
    public void Resolve_with_missing_setting_falls_back_to_injected_environment()
    {
        var environment = new Dictionary<string, string> { ["DB_HOST"] = "db.internal" };
        var options = new HoconResolveOptions { EnvironmentLookup = name => environment.GetValueOrDefault(name) };

        var config = HoconDocument.ParseText("db.host = ${DB_HOST}\ndb.port = ${?DB_PORT}").Resolve(options);

        Assert.Equal("db.internal", config.GetString("db.host"));
        Assert.False(config.HasPath("db.port"));
    }

    [Fact]
    public void Resolve_with_explicit_null_does_not_consult_environment()
    {
        var options = new HoconResolveOptions { EnvironmentLookup = _ => "from-environment" };

        var config = HoconDocument.ParseText("HOME = null\nhome = ${HOME}").Resolve(options);

        Assert.IsType<HoconNull>(config.GetValue("home"));
    }

    [Fact]
    public void Resolve_with_environment_disabled_reports_missing_substitution()
    {
        var options = new HoconResolveOptions { EnvironmentLookup = _ => "ignored", UseEnvironment = false };

        Assert.Throws<HoconResolveException>(() => HoconDocument.ParseText("a = ${X}").Resolve(options));
    }

    [Fact]
    public void Resolve_with_empty_environment_variable_treats_it_as_absent()
    {
        var options = new HoconResolveOptions { EnvironmentLookup = _ => "" };

        Assert.Equal("{}", HoconDocument.ParseText("a = ${?X}").Resolve(options).ToJson(indented: false));
    }

    [Fact]
    public void WithFallback_lets_higher_layer_substitutions_see_lower_layers()
    {
        var reference = HoconDocument.ParseText("app { name = base, port = 80, tags = [a], url = \"http://\"${app.host}\":\"${app.port} }\napp.host = localhost");
        var environment = HoconDocument.ParseText("app.port = 8080\napp.tags += b\napp.name = ${app.name}-paper");
        var overrides = HoconDocument.ParseText("app.host = example.org");

        var config = overrides.WithFallback(environment).WithFallback(reference).Resolve(TestConfigs.NoEnvironment);

        Assert.Equal("http://example.org:8080", config.GetString("app.url"));
        Assert.Equal(["a", "b"], config.GetStringList("app.tags"));
        Assert.Equal("base-paper", config.GetString("app.name"));
    }

    [Fact]
    public void Resolve_with_hidden_substitution_never_evaluates_it()
    {
        Assert.Equal("{\"foo\":42}", TestConfigs.Json("foo : ${does-not-exist}\nfoo : 42"));
    }

    [Fact]
    public void Resolve_with_object_inheritance_merges_substituted_object()
    {
        var json = TestConfigs.Json("base { size = 6, name = generic }\neast = ${base} { name = east }");

        Assert.Equal("{\"base\":{\"size\":6,\"name\":\"generic\"},\"east\":{\"size\":6,\"name\":\"east\"}}", json);
    }

    [Fact]
    public void Resolve_with_substitution_to_list_concatenated_with_text_reports_both_kinds()
    {
        var error = Assert.Throws<HoconResolveException>(() => TestConfigs.Parse("a = [1]\nb = ${a} text"));

        Assert.Contains("cannot concatenate a list", error.Message, StringComparison.Ordinal);
    }
}
