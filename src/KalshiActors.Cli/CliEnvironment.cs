using KalshiActors.Hosting.Bench;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Cli;

/// <summary>What a CLI run talks to: its output streams, its environment variables and the bench suites it offers.</summary>
/// <param name="Out">Command output (what scripts read).</param>
/// <param name="Error">Errors and progress.</param>
/// <param name="Variables">Environment variables: `KALSHI_ACTORS__` overrides and the fallback of `${?NAME}` substitutions.</param>
/// <param name="BenchSuites">Suites the `bench` verb can run.</param>
public sealed record CliEnvironment(
    TextWriter Out,
    TextWriter Error,
    IReadOnlyDictionary<string, string> Variables,
    IReadOnlyList<IBenchSuite> BenchSuites)
{
    /// <summary>The real console, process environment and <see cref="Hosting.Bench.BenchSuites.All"/>.</summary>
    public static CliEnvironment FromProcess() =>
        new(Console.Out, Console.Error, ConfigurationSources.ProcessEnvironment(), Hosting.Bench.BenchSuites.All);

    /// <summary>Looks a variable up, for substitutions.</summary>
    public string? Lookup(string name) => Variables.TryGetValue(name, out var value) ? value : null;
}
