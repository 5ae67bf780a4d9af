using System.Globalization;
using KalshiActors.Dashboard.Api;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Dashboard.Bridge;

/// <summary>Domain messages to API rows: fixed-point strings, enum names in lower case.</summary>
internal static class ViewMapping
{
    public static string Text<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    public static PositionRow Row(PositionView p) => new(
        p.Ticker.Value, Text(p.Side), p.Contracts.ToFixedString(), p.CostBasis.ToDollarString(), p.RealizedPnl.ToDollarString(), p.Mark?.ToDollarString(), p.UnrealizedPnl.ToDollarString());

    public static TradeRow Row(OrderPartiallyFilled f) => new(
        f.TradeId, f.ClientOrderId.Value, f.Ticker.Value, f.StrategyId, Text(f.Side), Text(f.Action), f.Price.ToDollarString(), f.Count.ToFixedString(), f.Fee.ToDollarString(), f.IsTaker, f.At);

    public static TradeRow Row(OrderFilled f) => new(
        f.TradeId, f.ClientOrderId.Value, f.Ticker.Value, f.StrategyId, Text(f.Side), Text(f.Action), f.Price.ToDollarString(), f.Count.ToFixedString(), f.Fee.ToDollarString(), f.IsTaker, f.At);

    public static SignalRow Row(SignalRaised s) => new(
        s.StrategyId, s.SignalNumber, s.Ticker.Value, Text(s.Side), Text(s.Action), s.ModelProbability, s.MarketPrice.ToDollarString(),
        s.EdgeAfterFees.ToDollarString(), s.Sizing.Contracts.ToFixedString(), s.IntentId?.Value, s.At);

    public static AlertRow Row(AlertRaised a) => new(a.AlertId, ToKebab(a.Kind.ToString()), a.Ticker?.Value, a.Message, a.Figures, a.At);

    public static BreakerRow Row(CircuitBreakerStateChanged b) =>
        new(b.Dependency, ToKebab(b.To.ToString()), b.Reason, [.. b.AffectedMarkets.Select(m => m.Value)], b.At);

    public static LimitRow Row(RiskLimitUsage l) => new(l.Name, l.Used, l.Limit, double.IsFinite(l.Fraction) ? l.Fraction : 0);

    public static RiskView View(RiskStatus r) => new(Text(r.State), r.Reason, r.KillSwitch, r.DrawdownBreakerTripped, [.. r.Limits.Select(Row)]);

    public static BookView View(BookUpdated b, IReadOnlyList<ChartPoint> history) => new(
        b.Ticker.Value,
        b.Sequence,
        Text(b.Status),
        [.. b.YesBids.Select(l => new LevelRow(l.Price.ToDollarString(), l.Size.ToFixedString()))],
        // A NO bid at p is a YES offer at 1 − p: the ladder shows both legs in YES prices.
        [.. b.NoBids.Select(l => new LevelRow(l.Price.Complement.ToDollarString(), l.Size.ToFixedString()))],
        b.Mid?.ToDollarString(),
        b.Spread?.ToDollarString(),
        b.Microprice?.ToDollarString(),
        b.ReceivedAt,
        history);

    public static MarketRow Row(MarketTicker ticker, MarketInfo? info, BookUpdated? book) => new(
        ticker.Value,
        info?.EventTicker.Value,
        info?.Title,
        info?.Category,
        info is null ? null : Text(info.State),
        info?.CloseTime,
        book?.Top.YesBid?.ToDollarString(),
        book?.Top.YesAsk?.ToDollarString(),
        book?.Mid?.ToDollarString(),
        book?.Spread?.ToDollarString(),
        book is null ? null : Text(book.Status),
        book?.ReceivedAt);

    public static string Dollars(Money money) => money.ToDollarString();

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"HalfOpen" → "half-open", "PriceDrop" → "price-drop".</summary>
    public static string ToKebab(string name)
    {
        var text = new System.Text.StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }

    /// <summary>Folds an order event into the order's row (null <paramref name="row"/> = first seen).</summary>
    public static OrderRow Fold(OrderRow? row, OrderLifecycleEvent e)
    {
        // An order first seen after its submission (history cut, or a late answer) is not open unless an event says so.
        row ??= new OrderRow(e.ClientOrderId.Value, null, null, e.Ticker.Value, null, null, null, null, "0.00", null, "seen", null, e.At, e.At);
        return e switch
        {
            OrderSubmitted s => row with
            {
                IntentId = s.IntentId.Value,
                StrategyId = s.StrategyId,
                Side = Text(s.Side),
                Action = Text(s.Action),
                LimitPrice = s.LimitPrice.ToDollarString(),
                Count = s.Count.ToFixedString(),
                Status = "submitted",
                Detail = Text(s.Style) + (s.Paper ? ", paper" : string.Empty),
                At = s.At,
                UpdatedAt = s.At,
            },
            OrderAccepted a => row with { Resting = a.Resting.ToFixedString(), Status = a.Resting.IsZero ? row.Status : "resting", UpdatedAt = a.At },
            OrderRepriced r => row with { LimitPrice = r.NewLimitPrice.ToDollarString(), Resting = r.Resting.ToFixedString(), UpdatedAt = r.At },
            OrderPartiallyFilled f => row with { Filled = f.FilledTotal.ToFixedString(), Resting = f.Remaining.ToFixedString(), Status = "partially-filled", UpdatedAt = f.At },
            OrderFilled f => row with { Filled = f.FilledTotal.ToFixedString(), Resting = "0.00", Status = "filled", UpdatedAt = f.At },
            OrderCanceled c => row with { Resting = "0.00", Status = "canceled", Detail = c.Reason, UpdatedAt = c.At },
            OrderRejected r => row with { Resting = "0.00", Status = "rejected", Detail = $"{r.Code}: {r.Message}", UpdatedAt = r.At },
            OrderOutcomeUnknown u => row with { Status = "unknown", Detail = u.Reason, UpdatedAt = u.At },
            OrderReconciled r => row with { Status = r.FoundAtExchange ? row.Status : "canceled", Detail = r.Resolution, UpdatedAt = r.At },
            _ => row,
        };
    }

    /// <summary>Whether an order in this status can still trade.</summary>
    public static bool IsOpen(OrderRow row) => row.Status is "submitted" or "resting" or "partially-filled" or "unknown";
}
