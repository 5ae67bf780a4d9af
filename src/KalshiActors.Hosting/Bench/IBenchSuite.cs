namespace KalshiActors.Hosting.Bench;

/// <summary>A benchmark that the `bench` verb runs; it reports named figures that scripts read as one JSON object.</summary>
public interface IBenchSuite
{
    /// <summary>The verb's argument: `kalshi-actors bench NAME`.</summary>
    string Name { get; }

    /// <summary>One line for `bench --help`.</summary>
    string Description { get; }

    /// <summary>Runs the workloads and returns the figures in the order they should print.</summary>
    Task<IReadOnlyList<BenchFigure>> RunAsync(BenchOptions options, CancellationToken cancellationToken);
}

/// <summary>One measured figure: a stable key (e.g. `pingpong_1p_1f_msgs_per_s`) and its value.</summary>
public sealed record BenchFigure(string Key, double Value);

/// <summary>What the caller asked of a bench run.</summary>
/// <param name="Quick">Smaller workloads for a smoke run (tests use this); figures are then indicative only.</param>
/// <param name="Journal">Journal URI for suites that persist (`sqlite:PATH`, `postgres:...`, `memory:`), or null for the default.</param>
/// <param name="Progress">Where human-readable progress goes (stderr in the CLI), never stdout.</param>
public sealed record BenchOptions(bool Quick, string? Journal, TextWriter Progress);
