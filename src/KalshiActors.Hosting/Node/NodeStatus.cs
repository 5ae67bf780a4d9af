using System.Globalization;
using System.Text;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Node;

/// <summary>Ask the node-status actor for the counts so far; the reply is <see cref="NodeStatus"/>.</summary>
public sealed record GetNodeStatus;

/// <summary>What the node has done this session, as counted from the event stream (the status line and the summary).</summary>
public sealed record NodeStatus(
    string Mode,
    int BooksLive,
    int BooksStale,
    int BooksOther,
    long Signals,
    long IntentsApproved,
    long IntentsRejected,
    long OrdersSubmitted,
    int OrdersOpen,
    long OrdersRejected,
    long Fills,
    int Positions,
    Money? Equity,
    Money? RealizedPnl,
    Money? UnrealizedPnl,
    IReadOnlyDictionary<string, BreakerState> Breakers,
    TradingState? Trading)
{
    /// <summary>The one-line status printed every few seconds.</summary>
    public string ToLine()
    {
        var line = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        line.Append(c, $"{Mode} | books {BooksLive} live, {BooksStale} stale");
        if (BooksOther > 0)
        {
            line.Append(c, $", {BooksOther} syncing");
        }

        line.Append(c, $" | signals {Signals} | intents {IntentsApproved} approved, {IntentsRejected} rejected");
        line.Append(c, $" | orders {OrdersSubmitted} ({OrdersOpen} open, {OrdersRejected} rejected) | fills {Fills} | positions {Positions}");
        line.Append(" | equity ").Append(Equity is { } equity ? Dollars(equity) : "-");
        line.Append(" | pnl ").Append(RealizedPnl is { } realized && UnrealizedPnl is { } unrealized ? Dollars(realized + unrealized) : "-");
        var open = Breakers.Where(b => b.Value != BreakerState.Closed).Select(b => $"{b.Key} {(b.Value == BreakerState.Open ? "open" : "half-open")}").ToList();
        line.Append(" | breakers ").Append(open.Count == 0 ? "closed" : string.Join(", ", open));
        line.Append(" | trading ").Append(Trading?.ToString().ToLowerInvariant() ?? "active");
        return line.ToString();
    }

    private static string Dollars(Money money) =>
        (money.Units < 0 ? "-$" : "$") + (Math.Abs(money.Units) / 10_000m).ToString("0.00", CultureInfo.InvariantCulture);
}
