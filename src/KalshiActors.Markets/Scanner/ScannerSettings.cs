using KalshiActors.Domain;

namespace KalshiActors.Markets.Scanner;

/// <summary>
/// Settings of the market scanner (HOCON section <c>kalshi-actors.scanner</c>): schedule, request budget, filters and the
/// ranking's scales. A filter whose minimum is zero lets every market through.
/// </summary>
public sealed record ScannerSettings
{
    /// <summary>Whether the node runs the scanner.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Time between the end of one scan and the start of the next.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Delay before the first scan after start.</summary>
    public TimeSpan InitialDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Markets (after the listing filters, best first) whose price history and last trade are fetched: two requests each.</summary>
    public int MaxHistoryLookups { get; init; } = 100;

    /// <summary>History requests in flight at once (the client's rate limiter paces them further).</summary>
    public int HistoryConcurrency { get; init; } = 4;

    /// <summary>Ranked markets kept in <c>ScanCompleted</c>.</summary>
    public int MaxRanked { get; init; } = 100;

    /// <summary>Filter: lowest reference price (mid of a two-sided book, else last trade).</summary>
    public Price MinPrice { get; init; } = Price.FromCents(20);

    /// <summary>Filter: highest reference price.</summary>
    public Price MaxPrice { get; init; } = Price.FromCents(80);

    /// <summary>Filter: least contracts traded in the last 24 hours.</summary>
    public Quantity MinVolume24h { get; init; } = Quantity.Zero;

    /// <summary>Filter: a market must close at least this far ahead.</summary>
    public TimeSpan MinTimeToClose { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Filter: a market must close at most this far ahead.</summary>
    public TimeSpan MaxTimeToClose { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Filter: widest YES spread (a one-sided book has no spread and never passes).</summary>
    public Price MaxSpread { get; init; } = Price.FromCents(10);

    /// <summary>Filter: least open interest (contracts).</summary>
    public Quantity MinOpenInterest { get; init; } = Quantity.Zero;

    /// <summary>Filter: least liquidity at the top of the book (bid size × bid + ask size × ask, in dollars).</summary>
    public Money MinLiquidity { get; init; } = Money.Zero;

    /// <summary>Filter: least price drop over 24 hours (zero = off; when set, a market without a price a day ago fails).</summary>
    public Price MinDrop24h { get; init; } = Price.Zero;

    /// <summary>Filter: least price drop over 7 days (zero = off).</summary>
    public Price MinDrop7d { get; init; } = Price.Zero;

    /// <summary>Ranking: a market that traded within this window gets its full score.</summary>
    public TimeSpan ActiveWithin { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Ranking: a market whose last trade is this old (or unknown) gets only <see cref="InactiveFactorPercent"/> of its score.</summary>
    public TimeSpan InactiveAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Ranking: the percentage of its score an inactive market keeps (0 to 100).</summary>
    public int InactiveFactorPercent { get; init; } = 25;

    /// <summary>Ranking: a 24-hour drop of this size earns the full drop score.</summary>
    public Price FullScoreDrop24h { get; init; } = Price.FromCents(20);

    /// <summary>Ranking: a 7-day drop of this size earns the full drop score.</summary>
    public Price FullScoreDrop7d { get; init; } = Price.FromCents(30);

    /// <summary>Ranking: 24-hour volume that earns the full volume score.</summary>
    public Quantity FullScoreVolume24h { get; init; } = Quantity.FromContracts(10_000);

    /// <summary>The shipped defaults.</summary>
    public static ScannerSettings Default { get; } = new();

    /// <summary>Every problem with these settings (empty when valid); each message starts with the key it is about.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        Positive(Interval, "interval");
        if (InitialDelay < TimeSpan.Zero)
        {
            errors.Add($"initial-delay must not be negative (got {InitialDelay})");
        }

        AtLeast(MaxHistoryLookups, 0, "max-history-lookups");
        AtLeast(HistoryConcurrency, 1, "history-concurrency");
        AtLeast(MaxRanked, 1, "max-ranked");
        if (MinPrice > MaxPrice)
        {
            errors.Add($"min-price must not exceed max-price (got {MinPrice} > {MaxPrice})");
        }

        NotNegative(MinVolume24h.Units, "min-volume-24h");
        NotNegative(MinOpenInterest.Units, "min-open-interest");
        NotNegative(MinLiquidity.Units, "min-liquidity");
        if (MinTimeToClose < TimeSpan.Zero)
        {
            errors.Add($"min-time-to-close must not be negative (got {MinTimeToClose})");
        }

        if (MaxTimeToClose < MinTimeToClose)
        {
            errors.Add("max-time-to-close must not be shorter than min-time-to-close");
        }

        Positive(ActiveWithin, "active-within");
        if (InactiveAfter <= ActiveWithin)
        {
            errors.Add("inactive-after must be longer than active-within");
        }

        if (InactiveFactorPercent is < 0 or > 100)
        {
            errors.Add($"inactive-factor-percent must be between 0 and 100 (got {InactiveFactorPercent})");
        }

        AtLeast(FullScoreDrop24h.Units, 1, "full-score-drop-24h");
        AtLeast(FullScoreDrop7d.Units, 1, "full-score-drop-7d");
        AtLeast(FullScoreVolume24h.Units, 1, "full-score-volume-24h");
        return errors;

        void Positive(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{key} must be positive (got {value})");
            }
        }

        void AtLeast(long value, long minimum, string key)
        {
            if (value < minimum)
            {
                errors.Add($"{key} must be at least {minimum} (got {value})");
            }
        }

        void NotNegative(long value, string key) => AtLeast(value, 0, key);
    }

    /// <summary>Throws with every problem listed when the settings are invalid.</summary>
    public ScannerSettings EnsureValid()
    {
        var errors = Validate();
        return errors.Count == 0 ? this : throw new ArgumentException("Invalid kalshi-actors.scanner settings: " + string.Join("; ", errors));
    }
}
