namespace KalshiActors.Domain;

/// <summary>One band of a market's price grid: prices from <see cref="Start"/> to <see cref="End"/> in steps of <see cref="Step"/>.</summary>
public sealed record PriceRange
{
    /// <summary>Creates a band after checking start &lt;= end and a positive step that divides the band.</summary>
    public PriceRange(Price start, Price end, Price step)
    {
        if (start > end || step.Units <= 0 || (end.Units - start.Units) % step.Units != 0)
        {
            throw new InvalidFieldValueException(
                "price_ranges",
                $"{{start:{start}, end:{end}, step:{step}}}",
                "start <= end and a positive step that divides end - start");
        }

        Start = start;
        End = end;
        Step = step;
    }

    /// <summary>Lowest price of the band (on the grid).</summary>
    public Price Start { get; }

    /// <summary>Highest price of the band (on the grid).</summary>
    public Price End { get; }

    /// <summary>The tick inside the band.</summary>
    public Price Step { get; }

    /// <summary>Whether the price falls inside the band (bounds included).</summary>
    public bool Contains(Price price) => price >= Start && price <= End;

    /// <summary>Whether the price is inside the band and on its grid.</summary>
    public bool IsOnGrid(Price price) => Contains(price) && (price.Units - Start.Units) % Step.Units == 0;
}

/// <summary>Which way to move a price that is not on the grid.</summary>
public enum SnapDirection
{
    /// <summary>To the highest valid price not above it (buying: never pay more than intended).</summary>
    Down,

    /// <summary>To the lowest valid price not below it (selling: never receive less than intended).</summary>
    Up,
}

/// <summary>A market's valid prices, from its <c>price_ranges</c>; the only reliable source of ticks since mid-2026.</summary>
public sealed class TickStructure
{
    /// <summary>Creates the structure from the market's bands (in any order, possibly touching at their bounds).</summary>
    public TickStructure(IEnumerable<PriceRange> ranges)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        Ranges = [.. ranges.OrderBy(r => r.Start)];
        if (Ranges.Count == 0)
        {
            throw new InvalidFieldValueException("price_ranges", "[]", "at least one {start, end, step} band");
        }
    }

    /// <summary>$0.01 everywhere from $0.01 to $0.99 (the classic <c>linear_cent</c> structure).</summary>
    public static TickStructure LinearCent { get; } =
        new([new PriceRange(Price.FromCents(0), Price.FromCents(100), Price.FromCents(1))]);

    /// <summary>The bands sorted by start.</summary>
    public IReadOnlyList<PriceRange> Ranges { get; }

    /// <summary>Whether an order at this price is on the grid of some band.</summary>
    public bool IsValid(Price price)
    {
        foreach (var range in Ranges)
        {
            if (range.IsOnGrid(price))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Moves the price onto the grid in the given direction; null when no valid price lies that way.</summary>
    public Price? Snap(Price price, SnapDirection direction)
    {
        if (IsValid(price))
        {
            return price;
        }

        Price? best = null;
        foreach (var range in Ranges)
        {
            Price? candidate;
            if (direction == SnapDirection.Down)
            {
                if (price < range.Start)
                {
                    continue;
                }

                var capped = Math.Min(price.Units, range.End.Units);
                candidate = Price.FromUnits(range.Start.Units + ((capped - range.Start.Units) / range.Step.Units * range.Step.Units));
                if (best is null || candidate > best)
                {
                    best = candidate;
                }
            }
            else
            {
                if (price > range.End)
                {
                    continue;
                }

                var floored = Math.Max(price.Units, range.Start.Units);
                var offset = floored - range.Start.Units;
                var steps = (offset + range.Step.Units - 1) / range.Step.Units;
                candidate = Price.FromUnits(range.Start.Units + (steps * range.Step.Units));
                if (best is null || candidate < best)
                {
                    best = candidate;
                }
            }
        }

        return best;
    }
}
