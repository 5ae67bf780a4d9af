using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Xunit.Abstractions;

namespace KalshiActors.Risk.Tests;

/// <summary>
/// The day's starting equity must not depend on which portfolio report reaches the guardian first: after a restart the
/// portfolio reports figures before and after booking the fills it finds in the journal, in an order thread timing decides.
/// </summary>
public sealed class RiskGuardianDayStartSpec(ITestOutputHelper output) : RiskGuardianSpecBase(output)
{
    // Before the catch-up: starting cash only. After it: the journal's fill booked, its $0.09 fee paid.
    private static readonly PortfolioUpdated BeforeCatchUp = Report(Money.FromCents(1_000_000)) with { CaughtUp = false };
    private static readonly PortfolioUpdated AfterCatchUp = Report(Money.FromCents(999_991));

    public static TheoryData<string> Orders => ["incomplete first", "complete first", "complete only", "incomplete twice, then complete"];

    [Theory]
    [MemberData(nameof(Orders))]
    public void DayStart_is_the_caught_up_portfolio_equity_whatever_order_the_reports_arrive_in(string order)
    {
        var guardian = StartGuardian();
        PortfolioUpdated[] reports = order switch
        {
            "incomplete first" => [BeforeCatchUp, AfterCatchUp],
            "complete first" => [AfterCatchUp, BeforeCatchUp],
            "complete only" => [AfterCatchUp],
            _ => [BeforeCatchUp, BeforeCatchUp, AfterCatchUp],
        };

        foreach (var report in reports)
        {
            guardian.Tell(report);
        }

        Assert.Contains("\"day_start_equity\":\"9999.9100\"", Text(Digest(guardian)), StringComparison.Ordinal);
        AwaitAssert(() => Assert.Equal(
            [Money.FromCents(999_991)],
            PersistedEvents(RiskGuardian.PersistenceId).OfType<TradingDayStarted>().Select(d => d.StartEquity)));
    }

    [Fact]
    public void A_portfolio_still_catching_up_starts_no_day_and_trips_no_breaker()
    {
        var guardian = StartGuardian(RiskSettings.Default with { DrawdownBreakerFraction = 0.10m });

        // Half the peak: a breaker trip if these figures were complete.
        guardian.Tell(Report(Money.FromDollars(500), peak: Money.FromDollars(1_000)) with { CaughtUp = false });
        var json = Text(Digest(guardian));

        Assert.Contains("\"day_start_equity\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"drawdown_breaker_tripped\":false", json, StringComparison.Ordinal);
        Assert.DoesNotContain(PersistedEvents(RiskGuardian.PersistenceId), e => e is TradingDayStarted or DrawdownBreakerTripped);

        guardian.Tell(Report(Money.FromDollars(1_000)));

        Assert.Contains("\"day_start_equity\":\"1000.0000\"", Text(Digest(guardian)), StringComparison.Ordinal);
    }

    private static PortfolioUpdated Report(Money equity, Money? peak = null) =>
        new(equity, equity, peak ?? equity, Money.Zero, Money.Zero, Money.Zero, Money.Zero, [], Start);
}
