using KalshiActors.Domain;

namespace KalshiActors.Markets.Scanner;

/// <summary>
/// Settings of the alerts (HOCON section <c>kalshi-actors.alerts</c>). Each condition raises once when it starts to hold;
/// it is raised again only after it cleared past its re-arm level and the cool-down has passed since the last raise.
/// </summary>
public sealed record AlertSettings
{
    /// <summary>Whether the node raises alerts.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Least time between two alerts of the same kind for the same market (or the portfolio).</summary>
    public TimeSpan CoolDown { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Price drop over 24 hours that raises a price-drop alert.</summary>
    public Price PriceDrop { get; init; } = Price.FromCents(10);

    /// <summary>A price-drop alert re-arms once the drop is back under this.</summary>
    public Price PriceDropRearm { get; init; } = Price.FromCents(5);

    /// <summary>Least 24-hour volume for a market to count as liquid for price-drop alerts.</summary>
    public Quantity PriceDropMinVolume24h { get; init; } = Quantity.FromContracts(100);

    /// <summary>Least top-of-book liquidity (dollars) for a market to count as liquid for price-drop alerts.</summary>
    public Money PriceDropMinLiquidity { get; init; } = Money.FromDollars(10);

    /// <summary>A spread that narrows to this width or less (from wider) raises a spread alert.</summary>
    public Price SpreadTight { get; init; } = Price.FromCents(2);

    /// <summary>A spread alert re-arms once the spread is wider than this.</summary>
    public Price SpreadRearm { get; init; } = Price.FromCents(4);

    /// <summary>A market first seen after the first scan that closes within this window raises a new-market alert.</summary>
    public TimeSpan NewMarketClosingWithin { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Drawdown from peak equity, in basis points of the peak, that raises a drawdown alert.</summary>
    public int DrawdownBasisPoints { get; init; } = 500;

    /// <summary>A drawdown alert re-arms once the drawdown is back under this (basis points).</summary>
    public int DrawdownRearmBasisPoints { get; init; } = 300;

    /// <summary>The shipped defaults.</summary>
    public static AlertSettings Default { get; } = new();

    /// <summary>Every problem with these settings (empty when valid); each message starts with the key it is about.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (CoolDown < TimeSpan.Zero)
        {
            errors.Add($"cool-down must not be negative (got {CoolDown})");
        }

        if (PriceDrop.Units <= 0)
        {
            errors.Add("price-drop must be positive");
        }

        if (PriceDropRearm > PriceDrop)
        {
            errors.Add($"price-drop-rearm must not exceed price-drop (got {PriceDropRearm} > {PriceDrop})");
        }

        if (PriceDropMinVolume24h.Units < 0)
        {
            errors.Add("price-drop-min-volume-24h must not be negative");
        }

        if (PriceDropMinLiquidity.Units < 0)
        {
            errors.Add("price-drop-min-liquidity must not be negative");
        }

        if (SpreadRearm < SpreadTight)
        {
            errors.Add($"spread-rearm must not be narrower than spread-tight (got {SpreadRearm} < {SpreadTight})");
        }

        if (NewMarketClosingWithin <= TimeSpan.Zero)
        {
            errors.Add($"new-market-closing-within must be positive (got {NewMarketClosingWithin})");
        }

        if (DrawdownBasisPoints is <= 0 or > 10_000)
        {
            errors.Add($"drawdown-basis-points must be between 1 and 10000 (got {DrawdownBasisPoints})");
        }

        if (DrawdownRearmBasisPoints < 0 || DrawdownRearmBasisPoints > DrawdownBasisPoints)
        {
            errors.Add($"drawdown-rearm-basis-points must be between 0 and drawdown-basis-points (got {DrawdownRearmBasisPoints})");
        }

        return errors;
    }

    /// <summary>Throws with every problem listed when the settings are invalid.</summary>
    public AlertSettings EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException("Invalid kalshi-actors.alerts settings: " + string.Join("; ", errors));
    }
}
