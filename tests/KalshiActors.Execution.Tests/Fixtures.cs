using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Execution.Tests;

/// <summary>Builders for the messages the tests send.</summary>
internal static class Fixtures
{
    public static readonly MarketTicker Ticker = new("KXTEST-26DEC04-T50");
    public static readonly EventTicker Event = new("KXTEST-26DEC04");
    public static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public static Price Cents(long cents) => Price.FromCents(cents);

    public static Quantity Contracts(long n) => Quantity.FromContracts(n);

    public static IntentApproved Intent(
        long number,
        ExecutionStyle style = ExecutionStyle.Maker,
        Side side = Side.Yes,
        Domain.Action action = Domain.Action.Buy,
        long limitCents = 50,
        long count = 10) =>
        new(
            new OrderIntent(
                IntentId.For("test-strategy", Ticker, number),
                "test-strategy",
                Ticker,
                Event,
                side,
                action,
                Cents(limitCents),
                Contracts(count),
                style,
                0.6,
                Money.FromCents(2),
                null,
                [],
                Start),
            new Dictionary<string, string>(),
            Start);

    /// <summary>A live book with one level each side: YES bid and YES ask (NO bids in NO prices).</summary>
    public static BookUpdated Book(long bidCents, long bidSize, long askCents, long askSize, BookStatus status = BookStatus.Live, long sequence = 1) =>
        Book([(bidCents, bidSize)], [(askCents, askSize)], status, sequence);

    /// <summary>A book with several levels: YES bids best first, YES asks best first.</summary>
    public static BookUpdated Book(IReadOnlyList<(long Cents, long Size)> bids, IReadOnlyList<(long Cents, long Size)> asks, BookStatus status = BookStatus.Live, long sequence = 1)
    {
        var yesBids = bids.Select(b => new BookLevel(Cents(b.Cents), Contracts(b.Size))).ToList();
        var noBids = asks.Select(a => new BookLevel(Cents(100 - a.Cents), Contracts(a.Size))).ToList();
        var top = new BookTop(
            bids.Count > 0 ? Cents(bids[0].Cents) : null,
            bids.Count > 0 ? Contracts(bids[0].Size) : Quantity.Zero,
            asks.Count > 0 ? Cents(asks[0].Cents) : null,
            asks.Count > 0 ? Contracts(asks[0].Size) : Quantity.Zero);
        return new BookUpdated(Ticker, sequence, top, yesBids, noBids, null, null, null, status, Start, null);
    }

    public static FillRecord Fill(string tradeId, OrderId orderId, long yesCents, long count, BookSide side = BookSide.Bid, bool isTaker = false) =>
        new(tradeId, orderId, Ticker, side, Cents(yesCents), Contracts(count), isTaker, Money.Zero, Start);

    public static OrderState State(OrderId id, ClientOrderId clientOrderId, OrderStatus status, long count, long filled, long remaining, long yesCents = 41) =>
        new(id, clientOrderId, Ticker, BookSide.Bid, Cents(yesCents), status, Contracts(count), Contracts(filled), Contracts(remaining), Money.Zero, Money.Zero, Start, Start);
}
