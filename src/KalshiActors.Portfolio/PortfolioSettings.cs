using KalshiActors.Domain;
using KalshiActors.Portfolio.Ledger;

namespace KalshiActors.Portfolio;

/// <summary>Where the portfolio's starting cash comes from.</summary>
public enum StartingCashSource
{
    /// <summary><see cref="PortfolioSettings.StartingCash"/> (paper and simulator runs).</summary>
    Settings,

    /// <summary>The exchange's balance, from the first <see cref="Domain.Protocol.ExchangeBalanceObserved"/> (live runs).</summary>
    Exchange,
}

/// <summary>`kalshi-actors.portfolio`: starting cash, marks, snapshots, publishing, reconciliation and the trading day.</summary>
public sealed record PortfolioSettings
{
    /// <summary>Cash booked on the very first start when <see cref="CashSource"/> is <see cref="StartingCashSource.Settings"/>.</summary>
    public Money StartingCash { get; init; } = Money.FromDollars(10_000);

    /// <summary>Where starting cash comes from.</summary>
    public StartingCashSource CashSource { get; init; } = StartingCashSource.Settings;

    /// <summary>How positions are marked to market.</summary>
    public MarkMethod MarkMethod { get; init; } = MarkMethod.BestBid;

    /// <summary>How often an equity snapshot (the equity curve) is persisted.</summary>
    public TimeSpan EquitySnapshotInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A state snapshot is saved after this many persisted events (fast recovery).</summary>
    public int SnapshotEveryEvents { get; init; } = 500;

    /// <summary>At most one <see cref="Domain.Protocol.PortfolioUpdated"/> per this interval (the first change publishes at once).</summary>
    public TimeSpan PublishThrottle { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often positions are compared with the exchange's (only once exchange positions have been observed).</summary>
    public TimeSpan ReconciliationInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The time zone whose local <see cref="DayStart"/> starts a trading day (IANA or Windows id).</summary>
    public string DayBoundaryTimeZone { get; init; } = "America/New_York";

    /// <summary>The local time a trading day starts at.</summary>
    public TimeOnly DayStart { get; init; } = TimeOnly.MinValue;

    /// <summary>Checks every field and throws one <see cref="ArgumentException"/> naming every problem.</summary>
    public PortfolioSettings Validate()
    {
        var problems = new List<string>();
        if (StartingCash.Units < 0)
        {
            problems.Add($"starting-cash is {StartingCash}; it cannot be negative");
        }

        if (EquitySnapshotInterval <= TimeSpan.Zero)
        {
            problems.Add("equity-snapshot-interval must be positive");
        }

        if (SnapshotEveryEvents < 1)
        {
            problems.Add("snapshot-every-events must be at least 1");
        }

        if (PublishThrottle < TimeSpan.Zero)
        {
            problems.Add("publish-throttle cannot be negative");
        }

        if (ReconciliationInterval <= TimeSpan.Zero)
        {
            problems.Add("reconciliation-interval must be positive");
        }

        if (!TryFindTimeZone(DayBoundaryTimeZone, out _))
        {
            problems.Add($"day-boundary-time-zone '{DayBoundaryTimeZone}' is not a known time zone id (e.g. \"America/New_York\" or \"UTC\")");
        }

        return problems.Count == 0 ? this : throw new ArgumentException("Invalid portfolio settings: " + string.Join("; ", problems) + ".");
    }

    /// <summary>The trading day <paramref name="now"/> falls in.</summary>
    public DateOnly TradingDayOf(DateTimeOffset now) => TradingDayOf(now, ResolveTimeZone());

    /// <summary>The trading day <paramref name="now"/> falls in, in <paramref name="zone"/> (resolved once by callers on a hot path).</summary>
    public DateOnly TradingDayOf(DateTimeOffset now, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime - DayStart.ToTimeSpan());

    /// <summary>The day-boundary time zone (UTC when the id is unknown; <see cref="Validate"/> refuses that first).</summary>
    public TimeZoneInfo ResolveTimeZone() => TryFindTimeZone(DayBoundaryTimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private static bool TryFindTimeZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }
}
