namespace KalshiActors.Hosting.Configuration;

/// <summary>The configuration cannot be used; carries every problem found, so one run shows them all.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception from every problem found (at least one).</summary>
    public ConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception for a single problem.</summary>
    public ConfigurationException(ConfigurationProblem problem)
        : this([problem])
    {
    }

    /// <summary>Every problem, in the order found; each prints as `file:line:col: path: message`.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (problems.Count == 0)
        {
            throw new ArgumentException("a configuration exception needs at least one problem", nameof(problems));
        }

        return problems.Count == 1
            ? problems[0].ToString()
            : $"{problems.Count} configuration problems:{Environment.NewLine}" +
              string.Join(Environment.NewLine, problems.Select(p => p.ToString()));
    }
}
