using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// The report's own books, kept per (strategy, market) from the fills in a fixed order: a position sits on one leg at a
/// time (buying the other leg closes it, since a YES and a NO pay $1 together), at average cost. Amounts are in
/// <see cref="Money"/> units (1/10,000 dollar); a price times a quantity is <c>price.Units * quantity.Units / 100</c>,
/// truncated toward zero, as is the cost share of a partial close.
/// </summary>
internal sealed class BacktestLedger
{
    private readonly Dictionary<(string Strategy, MarketTicker Ticker), Position> _books = [];
    private readonly Dictionary<MarketTicker, long> _lastPrice = [];

    /// <summary>Every fill booked, in booking order.</summary>
    public List<BookedFill> Fills { get; } = [];

    /// <summary>The (strategy, market) pairs that traded, in ordinal order.</summary>
    public IEnumerable<(string Strategy, MarketTicker Ticker)> Keys =>
        _books.Keys.OrderBy(k => k.Strategy, StringComparer.Ordinal).ThenBy(k => k.Ticker.Value, StringComparer.Ordinal);

    /// <summary>Books one fill (of <see cref="OrderPartiallyFilled"/> or <see cref="OrderFilled"/>).</summary>
    public void Record(OrderLifecycleEvent fill)
    {
        var (strategy, side, action, price, count, fee, isTaker, tradeId) = fill switch
        {
            OrderFilled f => (f.StrategyId, f.Side, f.Action, f.Price, f.Count, f.Fee, f.IsTaker, f.TradeId),
            OrderPartiallyFilled p => (p.StrategyId, p.Side, p.Action, p.Price, p.Count, p.Fee, p.IsTaker, p.TradeId),
            _ => throw new ArgumentException($"{fill.GetType().Name} is not a fill", nameof(fill)),
        };
        var key = (strategy, fill.Ticker);
        if (!_books.TryGetValue(key, out var book))
        {
            book = new Position();
            _books[key] = book;
        }

        // Selling a leg at p is buying the other leg at 1 - p.
        var leg = action == Action.Buy ? side : Opposite(side);
        var legPrice = action == Action.Buy ? price.Units : Price.UnitsPerDollar - price.Units;
        var quantity = count.Units;
        var realizedBefore = book.Realized;
        var closed = false;
        if (book.Quantity > 0 && book.Leg != leg)
        {
            var closing = Math.Min(book.Quantity, quantity);
            var costShare = book.Cost * closing / book.Quantity;
            book.Realized += Value(Price.UnitsPerDollar - legPrice, closing) - costShare;
            book.Cost -= costShare;
            book.Quantity -= closing;
            closed = true;
            quantity -= closing;
        }

        if (quantity > 0)
        {
            if (book.Quantity == 0)
            {
                book.Leg = leg;
                book.Cost = 0;
            }

            book.Quantity += quantity;
            book.Cost += Value(legPrice, quantity);
        }

        book.Realized -= fee.Units;
        book.Fees += fee.Units;
        book.Trades++;
        book.Notional += Value(price.Units, count.Units);
        // A win is a fill that closed (part of) a position at a profit after its fee.
        if (closed)
        {
            book.Closes++;
            if (book.Realized > realizedBefore)
            {
                book.Wins++;
            }
        }

        book.MaxExposure = Math.Max(book.MaxExposure, book.Cost);
        _lastPrice[fill.Ticker] = side == Side.Yes ? price.Units : Price.UnitsPerDollar - price.Units;
        Fills.Add(new BookedFill(fill.At, strategy, fill.Ticker, fill.ClientOrderId, tradeId, side, action, price, count, fee, isTaker));
    }

    /// <summary>
    /// Equity change of one (strategy, market) so far: realized P&amp;L plus the open leg marked at
    /// <paramref name="yesMark"/> (the YES price; null = the last fill's price), fees included.
    /// </summary>
    public long Pnl((string Strategy, MarketTicker Ticker) key, long? yesMark)
    {
        var book = _books[key];
        if (book.Quantity == 0)
        {
            return book.Realized;
        }

        var yes = yesMark ?? _lastPrice.GetValueOrDefault(key.Ticker);
        var legMark = book.Leg == Side.Yes ? yes : Price.UnitsPerDollar - yes;
        return book.Realized + Value(legMark, book.Quantity) - book.Cost;
    }

    /// <summary>The figures of one (strategy, market) that do not depend on marks.</summary>
    public (long Fees, long Trades, long Closes, long Wins, long Notional, long MaxExposure, long OpenCost) Figures((string Strategy, MarketTicker Ticker) key)
    {
        var b = _books[key];
        return (b.Fees, b.Trades, b.Closes, b.Wins, b.Notional, b.MaxExposure, b.Cost);
    }

    private static Side Opposite(Side side) => side == Side.Yes ? Side.No : Side.Yes;

    private static long Value(long priceUnits, long quantityUnits) => priceUnits * quantityUnits / Quantity.UnitsPerContract;

    // One (strategy, market) position and its running figures; amounts in Money units.
    private sealed class Position
    {
        public Side Leg;
        public long Quantity;
        public long Cost;
        public long Realized;
        public long Fees;
        public long Trades;
        public long Closes;
        public long Wins;
        public long Notional;
        public long MaxExposure;
    }
}

/// <summary>One of our fills as the report lists it.</summary>
internal sealed record BookedFill(
    DateTimeOffset At,
    string StrategyId,
    MarketTicker Ticker,
    ClientOrderId ClientOrderId,
    string TradeId,
    Side Side,
    Action Action,
    Price Price,
    Quantity Count,
    Money Fee,
    bool IsTaker);
