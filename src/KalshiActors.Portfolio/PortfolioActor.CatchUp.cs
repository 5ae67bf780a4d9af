using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence.Journal;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Portfolio;

/// <summary>Catching up on fills the routers persisted (tag "fill") that the portfolio never booked.</summary>
internal sealed partial class PortfolioActor
{
    // A router persists a fill, then publishes it; a crash between the two (or while our persist is in flight) would lose
    // the fill from the books. So after recovery every fill in the journal is offered again; trade ids dedupe.
    private void StartCatchUp() =>
        CollectFillsAsync(Persistence.Journal).PipeTo(Self, Self, fills => new CaughtUpFills(fills), ex => new CatchUpFailed(ex));

    private static async Task<IReadOnlyList<OrderLifecycleEvent>> CollectFillsAsync(EventJournal journal)
    {
        var fills = new List<OrderLifecycleEvent>();
        await foreach (var page in journal.CurrentEventPagesByTag(FillTag).ConfigureAwait(false))
        {
            foreach (var @event in page.Span)
            {
                if (@event is OrderPartiallyFilled or OrderFilled)
                {
                    fills.Add((OrderLifecycleEvent)@event);
                }
            }
        }

        return fills;
    }

    private void OnCaughtUp(CaughtUpFills caughtUp)
    {
        var booked = 0;
        foreach (var fill in caughtUp.Fills)
        {
            var before = _bookedTradeIds.Count;
            switch (fill)
            {
                case OrderPartiallyFilled f:
                    OnFill(f.TradeId, f.ClientOrderId, f.Ticker, f.StrategyId, f.Side, f.Action, f.Price, f.Count, f.Fee, f.IsTaker, f.At, caughtUp: true);
                    break;
                case OrderFilled f:
                    OnFill(f.TradeId, f.ClientOrderId, f.Ticker, f.StrategyId, f.Side, f.Action, f.Price, f.Count, f.Fee, f.IsTaker, f.At, caughtUp: true);
                    break;
            }

            booked += _bookedTradeIds.Count - before;
        }

        if (booked > 0)
        {
            Context.GetLogger().LogWarning(
                "Portfolio caught up on {MissedFills} fill(s) from the journal that were never booked (of {JournalFills} fills stored)", booked, caughtUp.Fills.Count);
        }

        MarkCaughtUpWhenBooked();
    }

    // Once the caught-up fills are applied, the complete figures go out at once, past the publish throttle: the risk
    // guardian takes a day's starting equity only from a caught-up report, and a throttled one may never come (replay
    // stands its clock still, so no timer fires there).
    private void MarkCaughtUpWhenBooked() => DeferAsync(CaughtUpMarker.Instance, _ =>
    {
        _caughtUp = true;
        _dirty = false;
        _lastPublished = Now;
        Context.System.EventStream.Publish(BuildUpdate());
    });

    private void OnCatchUpFailed(CatchUpFailed failed)
    {
        // Fills may be missing from the books: say so loudly rather than carry on silently.
        Context.GetLogger().LogError(failed.Cause, "Portfolio could not read the journal's fills to catch up; positions may miss fills until restart");
        Context.System.EventStream.Publish(new AlertRaised(
            "portfolio-catch-up-failed:" + Now.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            AlertKind.PortfolioCatchUpFailed,
            null,
            "The portfolio could not read fills from the journal; positions may be missing fills.",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["error"] = failed.Cause.GetType().Name },
            Now));

        // The figures will not get more complete than this before a restart; holding the flag back would leave the risk
        // guardian without a trading day.
        MarkCaughtUpWhenBooked();
    }

    /// <summary>The fills stored under the journal's "fill" tag, in journal order.</summary>
    internal sealed record CaughtUpFills(IReadOnlyList<OrderLifecycleEvent> Fills);

    /// <summary>Deferred behind the caught-up fills' writes: they are applied when it runs.</summary>
    private sealed record CaughtUpMarker
    {
        public static CaughtUpMarker Instance { get; } = new();
    }

    /// <summary>Reading the journal's fills failed.</summary>
    internal sealed record CatchUpFailed(Exception Cause);
}
