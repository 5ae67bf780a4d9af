using System.Text.Json;

namespace KalshiActors.Cli.Tests;

public sealed class ConfigCommandsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        using var document = JsonDocument.Parse(result.Out);
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task ConfigShow_NoOptions_PrintsTheReferenceDefaultsAsHocon()
    {
        var result = await CliRun.RunAsync(["config", "show"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        Assert.Contains("kalshi-actors", result.Out, StringComparison.Ordinal);
        Assert.Contains("simulator", result.Out, StringComparison.Ordinal);
        Assert.Contains("retained-files", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_EnvironmentConfigVariableAndFlag_AreLayeredInOrder()
    {
        var file = _temp.Write("user.conf", "kalshi-actors.logging { level = error, file.retained-files = 5, file.path = from-file.json }");

        var json = Json(await CliRun.RunAsync(
            ["config", "show", "--env", "live", "--config", file, "--log-level", "debug", "--format", "json"],
            new Dictionary<string, string> { ["KALSHI_ACTORS__logging__file__retained_files"] = "6" }));

        var actors = json.GetProperty("kalshi-actors");
        Assert.Equal("live", actors.GetProperty("mode").GetString());
        Assert.Equal("debug", actors.GetProperty("logging").GetProperty("level").GetString());
        Assert.Equal("from-file.json", actors.GetProperty("logging").GetProperty("file").GetProperty("path").GetString());
        Assert.Equal("6", actors.GetProperty("logging").GetProperty("file").GetProperty("retained-files").ToString());
    }

    [Fact]
    public async Task ConfigShow_RepeatedConfig_LaterFileWins()
    {
        var first = _temp.Write("first.conf", "kalshi-actors.mode = paper");
        var second = _temp.Write("second.conf", "kalshi-actors.mode = demo");

        var json = Json(await CliRun.RunAsync(["config", "show", "--config", first, "--config", second, "--format", "json"]));

        Assert.Equal("demo", json.GetProperty("kalshi-actors").GetProperty("mode").GetString());
    }

    [Fact]
    public async Task ConfigShow_SecretNamedKeys_AreMaskedInBothFormats()
    {
        var file = _temp.Write("secrets.conf", """
            my-app {
              api-token = "tok-abc"
              db { password = "pw-123", host = "db.local" }
              private-key-path = "/keys/id.pem"
              client-secret = "cs-999"
            }
            """);

        var json = await CliRun.RunAsync(["config", "show", "--config", file, "--format", "json"]);
        var hocon = await CliRun.RunAsync(["config", "show", "--config", file]);

        foreach (var result in new[] { json, hocon })
        {
            Assert.Equal(0, result.ExitCode);
            Assert.DoesNotContain("tok-abc", result.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("pw-123", result.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("/keys/id.pem", result.Out, StringComparison.Ordinal);
            Assert.DoesNotContain("cs-999", result.Out, StringComparison.Ordinal);
            Assert.Contains("db.local", result.Out, StringComparison.Ordinal);
            Assert.Contains("***", result.Out, StringComparison.Ordinal);
        }

        Assert.Equal("***", Json(json).GetProperty("my-app").GetProperty("db").GetProperty("password").GetString());
    }

    [Fact]
    public async Task ConfigShow_UnknownKey_ExitsTwoWithPathAndLocation()
    {
        var file = _temp.Write("typo.conf", "kalshi-actors {\n  logging.levle = debug\n}\n");

        var result = await CliRun.RunAsync(["config", "show", "--config", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"typo\.conf:2:\d+: kalshi-actors\.logging\.levle: unknown setting", line);
    }

    [Fact]
    public async Task ConfigShow_MalformedFile_ExitsTwoWithFileLineColumnMessage()
    {
        var file = _temp.Write("broken.conf", "kalshi-actors {\n  mode = \"unterminated\n}\n");

        var result = await CliRun.RunAsync(["config", "show", "--config", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^.*broken\.conf:\d+:\d+: \S", line);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_UnknownEnvironment_ExitsTwoNamingTheKnownOnes()
    {
        var result = await CliRun.RunAsync(["config", "show", "--env", "prod"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("paper", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ConfigShow_BadLogLevel_IsAUsageError()
    {
        var result = await CliRun.RunAsync(["config", "show", "--log-level", "loud"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("loud", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task ConfigRender_FileWithIncludeAndEnvironmentSubstitution_PrintsJsonInFileOrderWithNumbersAsWritten()
    {
        _temp.Write("conf/parts/common.conf", "shared { zeta = 1, alpha = 2 }");
        var main = _temp.Write("conf/main.conf", """
            include "parts/common.conf"
            zebra = 1.50
            apple = ${shared.alpha}
            home = ${?RENDER_HOME}
            big = 12345678901234567890
            """);

        var result = await CliRun.RunAsync(["config", "render", main], new Dictionary<string, string> { ["RENDER_HOME"] = "/home/render" });

        var json = Json(result);
        Assert.Equal(["shared", "zebra", "apple", "home", "big"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["zeta", "alpha"], json.GetProperty("shared").EnumerateObject().Select(p => p.Name));
        Assert.Equal("1.50", json.GetProperty("zebra").GetRawText());
        Assert.Equal("12345678901234567890", json.GetProperty("big").GetRawText());
        Assert.Equal(2, json.GetProperty("apple").GetInt32());
        Assert.Equal("/home/render", json.GetProperty("home").GetString());
    }

    [Fact]
    public async Task ConfigRender_DoesNotLayerReferenceConf()
    {
        var file = _temp.Write("alone.conf", "x = 1");

        var json = Json(await CliRun.RunAsync(["config", "render", file]));

        Assert.Equal(["x"], json.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task ConfigRender_HoconFormat_ParsesBackToTheSameJson()
    {
        var file = _temp.Write("round.conf", "a { b = [1, 2, {c = \"d e\"}], f = true, g = null }");
        var rendered = await CliRun.RunAsync(["config", "render", file, "--format", "hocon"]);
        var again = _temp.Write("again.conf", rendered.Out);

        var original = await CliRun.RunAsync(["config", "render", file]);
        var roundTripped = await CliRun.RunAsync(["config", "render", again]);

        Assert.Equal(0, rendered.ExitCode);
        Assert.Equal(original.Out, roundTripped.Out);
    }

    [Fact]
    public async Task ConfigRender_MalformedFile_ExitsTwoWithFileLineColumnMessage()
    {
        var file = _temp.Write("bad.conf", "a {\n  b = [1, 2\n");

        var result = await CliRun.RunAsync(["config", "render", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Out);
        Assert.Matches(@"^.*bad\.conf:\d+:\d+: \S", Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task ConfigRender_UnresolvableSubstitution_ExitsTwoWithLocation()
    {
        var file = _temp.Write("subst.conf", "a = 1\nb = ${missing.path}\n");

        var result = await CliRun.RunAsync(["config", "render", file]);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"subst\.conf:2:\d+: ", result.Error);
    }

    [Fact]
    public async Task ConfigRender_MissingFile_ExitsTwo()
    {
        var result = await CliRun.RunAsync(["config", "render", Path.Combine(_temp.Path, "absent.conf")]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("absent.conf: file not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_SeveralProblems_PrintsOneLocatedLinePerProblem()
    {
        var file = _temp.Write("many.conf", "kalshi-actors {\n  bogus = 1\n  mode = sideways\n  logging.file.retained-files = none\n}\n");

        var result = await CliRun.RunAsync(["config", "show", "--config", file]);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains(lines, l => l.Contains("many.conf:2:", StringComparison.Ordinal) && l.Contains("kalshi-actors.bogus", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("many.conf:3:", StringComparison.Ordinal) && l.Contains("kalshi-actors.mode", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("many.conf:4:", StringComparison.Ordinal) && l.Contains("retained-files", StringComparison.Ordinal));
    }

    [Fact]
    public void HoconDirectory_FromTheCliOutput_IsTheCopyBesideTheExecutable()
    {
        var located = KalshiActors.Hosting.Configuration.HoconDirectory.Locate();

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "hocon"), located);
        Assert.True(File.Exists(Path.Combine(located, "environments", "paper.conf")));
    }
}
