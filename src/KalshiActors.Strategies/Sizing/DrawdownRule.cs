namespace KalshiActors.Strategies.Sizing;

/// <summary>
/// How much of the Kelly fraction survives a drawdown: full size up to <see cref="Start"/> drawdown, then linearly less
/// down to <see cref="MinimumScale"/> at <see cref="Full"/> drawdown and beyond (0 stops new positions). Cutting size
/// while losing protects against a model that has stopped being right, which is the usual reason for a drawdown.
/// </summary>
/// <param name="Start">Drawdown (fraction of peak equity) where the reduction begins.</param>
/// <param name="Full">Drawdown where the reduction reaches <see cref="MinimumScale"/>.</param>
/// <param name="MinimumScale">Multiplier applied from <see cref="Full"/> on.</param>
public sealed record DrawdownRule(double Start, double Full, double MinimumScale)
{
    /// <summary>5% → 20% drawdown scales size from 1 down to 0.25.</summary>
    public static DrawdownRule Default { get; } = new(0.05, 0.20, 0.25);

    /// <summary>Why the values cannot be used, or null when they can.</summary>
    public string? Validate() =>
        Start is < 0 or >= 1 ? $"drawdown-start must be in [0, 1), got {Start}"
        : Full <= Start || Full > 1 ? $"drawdown-full must be above drawdown-start ({Start}) and at most 1, got {Full}"
        : MinimumScale is < 0 or > 1 ? $"drawdown-min-scale must be in [0, 1], got {MinimumScale}"
        : null;

    /// <summary>The multiplier for a drawdown of <paramref name="drawdown"/> (fraction of peak equity).</summary>
    public double Scale(double drawdown)
    {
        if (drawdown <= Start)
        {
            return 1;
        }

        if (drawdown >= Full)
        {
            return MinimumScale;
        }

        return 1 - ((drawdown - Start) / (Full - Start) * (1 - MinimumScale));
    }
}
