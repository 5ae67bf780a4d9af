namespace KalshiActors.Hocon;

/// <summary>Where a value or token came from: file (or origin name), 1-based line and column.</summary>
public sealed record HoconOrigin(string File, int Line, int Column)
{
    /// <summary>An origin for values built in code rather than parsed from text.</summary>
    public static HoconOrigin Code { get; } = new("<code>", 0, 0);

    /// <summary>The `file:line:col` form every error message starts with (just the file when no line is known).</summary>
    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
