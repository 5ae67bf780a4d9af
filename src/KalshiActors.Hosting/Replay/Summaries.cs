using System.Globalization;
using KalshiActors.Domain.Protocol;
using KalshiActors.Portfolio;

namespace KalshiActors.Hosting.Replay;

/// <summary>One-line descriptions of the events the audit trail and `--explain` show.</summary>
internal static class Summaries
{
    public static string Signal(SignalRaised s)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"{s.StrategyId} signal #{s.SignalNumber}: {s.Action} {s.Side} at {s.MarketPrice}, model p={s.ModelProbability:0.0000}, edge {s.EdgeAfterFees}/contract after fees; size {s.Sizing.Contracts} (kelly {s.Sizing.FullKelly:0.0000} x {s.Sizing.KellyFraction:0.##} x drawdown {s.Sizing.DrawdownScale:0.###}, bankroll {s.Sizing.Bankroll}): {s.Sizing.Explanation}");
        return s.Book is { } book ? text + "; book " + Book(book) : text;
    }

    public static string Book(SignalBook book) => string.Create(
        CultureInfo.InvariantCulture,
        $"#{book.Sequence} {book.Status}: yes bid {Level(book.Top.YesBid, book.Top.YesBidSize)}, yes ask {Level(book.Top.YesAsk, book.Top.YesAskSize)}, mid {book.Mid?.ToString() ?? "-"}, spread {book.Spread?.ToString() ?? "-"}");

    public static string Intent(OrderIntent i) => string.Create(
        CultureInfo.InvariantCulture,
        $"{i.StrategyId} intent {i.Action} {i.Count} {i.Side} limit {i.LimitPrice} ({i.Style}), model p={i.ModelProbability:0.0000}, edge {i.EdgeAfterFees}{(i.ArbitrageGroup is null ? string.Empty : " arbitrage " + i.ArbitrageGroup)}");

    public static string Figures(IReadOnlyDictionary<string, string> figures) =>
        figures.Count == 0 ? "(none)" : string.Join(", ", figures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));

    public static string Order(OrderLifecycleEvent e) => e switch
    {
        OrderSubmitted o => $"submitted {o.Action} {o.Count} {o.Side} @ {o.LimitPrice} ({o.Style}{(o.PostOnly ? ", post-only" : string.Empty)}{(o.Paper ? ", paper" : string.Empty)})",
        OrderAccepted a => $"accepted as {a.OrderId}; resting {a.Resting}",
        OrderRepriced r => $"repriced to {r.NewLimitPrice}; resting {r.Resting}",
        OrderPartiallyFilled p => $"partly filled {p.Count} {p.Side} @ {p.Price}, fee {p.Fee}, {(p.IsTaker ? "taker" : "maker")}; filled {p.FilledTotal}, remaining {p.Remaining} (trade {p.TradeId})",
        OrderFilled f => $"filled {f.Count} {f.Side} @ {f.Price}, fee {f.Fee}, {(f.IsTaker ? "taker" : "maker")}; filled {f.FilledTotal} in all (trade {f.TradeId})",
        OrderCanceled c => $"canceled {c.CanceledCount}: {c.Reason}",
        OrderRejected r => $"rejected by the exchange: {r.Code}: {r.Message}",
        OrderOutcomeUnknown u => $"outcome unknown: {u.Reason}",
        OrderReconciled r => $"reconciled, {(r.FoundAtExchange ? "found" : "absent")} at the exchange: {r.Resolution}",
        _ => e.GetType().Name,
    };

    public static string Booked(FillBooked b) =>
        $"booked trade {b.TradeId}: {b.Action} {b.Count} {b.Side} @ {b.Price}, fee {b.Fee}{(b.CaughtUp ? " (caught up from the journal)" : string.Empty)}";

    private static string Level(Domain.Price? price, Domain.Quantity size) => price is { } p ? $"{p} x {size}" : "-";
}
