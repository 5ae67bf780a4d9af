using KalshiActors.Hosting.Bench;

namespace KalshiActors.Cli.Tests;

/// <summary>The outcome of one in-process CLI run.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error);

/// <summary>Runs <see cref="KalshiActorsCli.RunAsync(string[], CliEnvironment, CancellationToken)"/> with captured output.</summary>
internal static class CliRun
{
    public static async Task<CliResult> RunAsync(
        string[] args,
        IReadOnlyDictionary<string, string>? variables = null,
        IReadOnlyList<IBenchSuite>? suites = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, variables ?? new Dictionary<string, string>(), suites ?? []);
        var exitCode = await KalshiActorsCli.RunAsync(args, environment);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>A scratch folder deleted after the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kalshi-actors-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string text)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
