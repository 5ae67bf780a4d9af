namespace KalshiActors.Cli;

/// <summary>The command line asked for something that cannot be done as asked; printed as one line with exit code 2.</summary>
public sealed class CliUsageException : Exception
{
    /// <summary>Creates the exception; <paramref name="message"/> says what was wrong and what is accepted.</summary>
    public CliUsageException(string message)
        : base(message)
    {
    }
}
