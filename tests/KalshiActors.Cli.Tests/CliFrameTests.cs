using KalshiActors.Hosting.Bench;

namespace KalshiActors.Cli.Tests;

public sealed class CliFrameTests
{
    private sealed class FixedSuite(string name, Func<BenchOptions, IReadOnlyList<BenchFigure>> run) : IBenchSuite
    {
        public string Name => name;

        public string Description => $"{name} for tests";

        public Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken) =>
            Task.FromResult(run(options));
    }

    private static readonly IBenchSuite Echo = new FixedSuite("echo", options =>
    {
        options.Progress.WriteLine("echo: working");
        return [new BenchFigure("quick", options.Quick ? 1 : 0), new BenchFigure("msgs_per_s", 1234.5), new BenchFigure("journal_given", options.Journal is null ? 0 : 1)];
    });

    [Fact]
    public async Task Help_ListsTheConfigVerbAndGlobalOptions()
    {
        var result = await CliRun.RunAsync(["--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("config", result.Out, StringComparison.Ordinal);
        Assert.Contains("--env", result.Out, StringComparison.Ordinal);
        Assert.Contains("--config", result.Out, StringComparison.Ordinal);
        Assert.Contains("--log-level", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_WithoutBenchSuites_DoesNotListBench()
    {
        var without = await CliRun.RunAsync(["--help"]);
        var with = await CliRun.RunAsync(["--help"], suites: [Echo]);

        Assert.DoesNotContain("bench", without.Out, StringComparison.Ordinal);
        Assert.Contains("bench", with.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVerb_ExitsTwoWithOneLine()
    {
        var result = await CliRun.RunAsync(["frobnicate"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("frobnicate", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task NoVerb_ExitsTwo()
    {
        var result = await CliRun.RunAsync([]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Bench_Json_PrintsExactlyOneJsonObjectOnStdoutAndProgressOnStderr()
    {
        var result = await CliRun.RunAsync(["bench", "echo", "--json", "--quick", "--journal", "memory:"], suites: [Echo]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{\"quick\":1,\"msgs_per_s\":1234.5,\"journal_given\":1}", result.Out.Trim());
        Assert.Contains("echo: working", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_WithoutJson_PrintsATableOfTheFigures()
    {
        var result = await CliRun.RunAsync(["bench", "echo"], suites: [Echo]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("msgs_per_s", result.Out, StringComparison.Ordinal);
        Assert.Contains("1,234.5", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("echo: working", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_UnknownSuite_ExitsTwoNamingTheKnownSuites()
    {
        var result = await CliRun.RunAsync(["bench", "nope"], suites: [Echo, new FixedSuite("other", _ => [])]);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("'nope'", line, StringComparison.Ordinal);
        Assert.Contains("echo, other", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_SuiteFails_ExitsOneWithOneLineAndNoStackTrace()
    {
        var failing = new FixedSuite("failing", _ => throw new InvalidOperationException("journal unreachable"));

        var result = await CliRun.RunAsync(["bench", "failing"], suites: [failing]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("journal unreachable", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_NonFiniteFigure_IsNullInJson()
    {
        var suite = new FixedSuite("nan", _ => [new BenchFigure("ratio", double.NaN)]);

        var result = await CliRun.RunAsync(["bench", "nan", "--json"], suites: [suite]);

        Assert.Equal("{\"ratio\":null}", result.Out.Trim());
    }

    [Fact]
    public async Task Help_AfterAnUnparsableArgument_StillPrintsHelp()
    {
        var result = await CliRun.RunAsync(["config", "show", "--format", "yaml", "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--format", result.Out, StringComparison.Ordinal);
    }
}
