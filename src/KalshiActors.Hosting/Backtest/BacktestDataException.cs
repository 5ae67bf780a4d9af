using KalshiActors.Domain;

namespace KalshiActors.Hosting.Backtest;

/// <summary>A recording a backtest cannot read: names the file and the 1-based line (0 when the file itself is the problem).</summary>
public sealed class BacktestDataException : KalshiActorsException
{
    /// <summary>Creates the error for <paramref name="path"/> line <paramref name="line"/>.</summary>
    public BacktestDataException(string path, long line, string reason, Exception? inner = null)
        : base(line > 0 ? $"{path}:{line}: {reason}" : $"{path}: {reason}", inner!)
    {
        FilePath = path;
        Line = line;
        Reason = reason;
    }

    /// <summary>The recording.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line, or 0 when the file as a whole is the problem (missing, empty).</summary>
    public long Line { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }
}
