using System.Text.Json.Serialization;
using KalshiActors.Domain;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Portfolio.Ledger;

/// <summary>A fill as the ledger books it: a leg, a direction, a leg price, a count and the exchange's fee.</summary>
public sealed record LedgerFill(MarketTicker Ticker, Side Side, Action Action, Price Price, Quantity Count, Money Fee);

/// <summary>What booking a fill did to its market: contracts closed against the opposite leg and the P&amp;L they realized.</summary>
public sealed record FillEffect(MarketTicker Ticker, Side HeldSide, Quantity HeldAfter, Quantity Closed, long RealizedMicros, long CashDeltaMicros);

/// <summary>What a settlement paid and realized.</summary>
public sealed record SettlementEffect(MarketTicker Ticker, Side Side, Quantity Contracts, long PayoutMicros, long RealizedMicros);

/// <summary>How positions are marked to market.</summary>
public enum MarkMethod
{
    /// <summary>The held leg's best bid: what selling now would fetch at the top (conservative).</summary>
    BestBid,

    /// <summary>The YES mid (1 − mid for a NO position).</summary>
    Mid,
}

/// <summary>One market's position as the ledger holds it (micro-dollar figures are exact).</summary>
/// <param name="Ticker">The market.</param>
/// <param name="Side">The leg held (YES when flat).</param>
/// <param name="Contracts">Contracts held of <paramref name="Side"/>, never negative.</param>
/// <param name="CostMicros">What the held contracts cost (average-cost basis).</param>
/// <param name="RealizedMicros">P&amp;L realized in this market, gross of fees.</param>
/// <param name="FeesMicros">Fees paid in this market.</param>
/// <param name="Mark">The mark of the held leg, if the market has been marked.</param>
public sealed record LedgerPosition(MarketTicker Ticker, Side Side, Quantity Contracts, long CostMicros, long RealizedMicros, long FeesMicros, Price? Mark)
{
    /// <summary>Marked value: contracts × mark, or the cost while the market has no mark.</summary>
    public long ValueMicros => Mark is { } mark ? MicroDollars.Value(Contracts, mark) : CostMicros;

    /// <summary>Marked value minus cost.</summary>
    public long UnrealizedMicros => ValueMicros - CostMicros;
}

/// <summary>
/// A position's figures as <see cref="LedgerPosition"/> has them, as a value: the portfolio reads every position several
/// times a second to publish them, and a view object each time was garbage.
/// </summary>
public readonly record struct LedgerPositionFigures(MarketTicker Ticker, Side Side, Quantity Contracts, long CostMicros, long RealizedMicros, long FeesMicros, Price? Mark)
{
    /// <summary>Marked value minus cost (as <see cref="LedgerPosition.UnrealizedMicros"/>).</summary>
    public long UnrealizedMicros => (Mark is { } mark ? MicroDollars.Value(Contracts, mark) : CostMicros) - CostMicros;
}

/// <summary>The ledger's persistent state (no marks: those are derived from books and never persisted).</summary>
public sealed record LedgerState(
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long CashMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long DepositsMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long RealizedMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long FeesMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long PeakEquityMicros,
    DateOnly? TradingDay,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long DayOpeningEquityMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long DayOpeningDepositsMicros,
    IReadOnlyList<LedgerPositionState> Positions);

/// <summary>One market's persistent position state.</summary>
public sealed record LedgerPositionState(
    MarketTicker Ticker,
    Side Side,
    Quantity Contracts,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long CostMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long RealizedMicros,
    [property: JsonConverter(typeof(MicroDollarsJsonConverter))] long FeesMicros);

/// <summary>
/// The portfolio's books, pure and exact: positions per market netted the Kalshi way (a market holds YES or NO, never
/// both: buying NO while long YES closes YES pairs, each pair worth $1), average cost, realized P&amp;L, fees,
/// settlements, cash, marked equity, its peak and the trading day's P&amp;L. Every figure is in micro-dollars
/// (<see cref="MicroDollars"/>), so nothing is rounded; invariant: cash + Σ cost = deposits + realized − fees.
/// </summary>
public sealed class PortfolioLedger
{
    // Positions by market; a closed position stays (with its realized P&L) until the market settles.
    private readonly SortedDictionary<string, MarketPosition> _positions = new(StringComparer.Ordinal);

    // Latest marks per market and leg; derived from books, never persisted.
    private readonly Dictionary<string, (Price? Yes, Price? No)> _marks = new(StringComparer.Ordinal);

    // Σ marked value and Σ cost of every position, kept as positions and marks change so equity is O(1) per read
    // (it is read after every fill); a property test checks them against a full recount.
    private long _positionsValueMicros;
    private long _positionsCostMicros;

    /// <summary>Creates empty books with no cash.</summary>
    public PortfolioLedger()
    {
    }

    /// <summary>Cash: deposits, minus what positions cost, plus proceeds and payouts, minus fees.</summary>
    public long CashMicros { get; private set; }

    /// <summary>Net cash put in (starting cash, balance corrections).</summary>
    public long DepositsMicros { get; private set; }

    /// <summary>P&amp;L realized by closing and settling positions, gross of fees.</summary>
    public long RealizedMicros { get; private set; }

    /// <summary>Fees paid.</summary>
    public long FeesMicros { get; private set; }

    /// <summary>The highest equity observed.</summary>
    public long PeakEquityMicros { get; private set; }

    /// <summary>The trading day in progress, once one has started.</summary>
    public DateOnly? TradingDay { get; private set; }

    /// <summary>Equity when <see cref="TradingDay"/> started.</summary>
    public long DayOpeningEquityMicros { get; private set; }

    /// <summary>Cash plus the marked value of every position.</summary>
    public long EquityMicros => checked(CashMicros + _positionsValueMicros);

    /// <summary>Marked value minus cost, over every position.</summary>
    public long UnrealizedMicros => checked(_positionsValueMicros - _positionsCostMicros);

    /// <summary>Deposits when <see cref="TradingDay"/> started (cash put in during the day is not P&amp;L).</summary>
    public long DayOpeningDepositsMicros { get; private set; }

    /// <summary>Equity now minus equity at the start of the trading day, less deposits made since (0 before the first day starts).</summary>
    public long DailyPnlMicros => TradingDay is null ? 0 : EquityMicros - DayOpeningEquityMicros - (DepositsMicros - DayOpeningDepositsMicros);

    /// <summary>Every position, by ticker (ordinal).</summary>
    public IReadOnlyList<LedgerPosition> Positions => [.. _positions.Values.Select(ToView)];

    /// <summary>Every position's figures, by ticker (ordinal), without a view object each.</summary>
    public IEnumerable<LedgerPositionFigures> PositionFigures =>
        _positions.Values.Select(p => new LedgerPositionFigures(p.Ticker, p.Side, p.Contracts, p.CostMicros, p.RealizedMicros, p.FeesMicros, MarkOf(p)));

    /// <summary>Whether the ledger has a position in <paramref name="ticker"/>.</summary>
    public bool HasPosition(MarketTicker ticker) => _positions.ContainsKey(ticker.Value);

    /// <summary>How many positions the ledger has.</summary>
    public int PositionCount => _positions.Count;

    /// <summary>The position in <paramref name="ticker"/>, if the ledger has one.</summary>
    public LedgerPosition? PositionOf(MarketTicker ticker) => _positions.TryGetValue(ticker.Value, out var p) ? ToView(p) : null;

    /// <summary>The signed position the exchange reports: YES contracts positive, NO contracts negative.</summary>
    public Quantity SignedPositionOf(MarketTicker ticker) =>
        _positions.TryGetValue(ticker.Value, out var p) ? (p.Side == Side.Yes ? p.Contracts : -p.Contracts) : Quantity.Zero;

    /// <summary>Adds (or, negative, withdraws) cash.</summary>
    public void Deposit(long micros)
    {
        CashMicros = checked(CashMicros + micros);
        DepositsMicros = checked(DepositsMicros + micros);
    }

    /// <summary>
    /// Books a fill. Selling a leg is buying the other at the complement (Kalshi's netting), so every fill acquires a leg:
    /// against the opposite leg it first closes pairs (each pays $1 at once, realizing 1 − price − average cost per
    /// contract), and any rest opens or adds to the acquired leg at its price. The fee leaves cash.
    /// </summary>
    public FillEffect ApplyFill(LedgerFill fill)
    {
        ArgumentNullException.ThrowIfNull(fill);
        if (fill.Count.Units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fill), fill.Count, $"a fill in {fill.Ticker} must have a positive count");
        }

        if (fill.Fee.Units < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fill), fill.Fee, $"a fill's fee in {fill.Ticker} is never negative");
        }

        var (leg, price) = fill.Action == Action.Buy ? (fill.Side, fill.Price) : (Opposite(fill.Side), fill.Price.Complement);
        var position = GetOrAdd(fill.Ticker);
        var valueBefore = ValueOf(position);
        var costBefore = position.CostMicros;
        var cashBefore = CashMicros;
        var count = fill.Count;
        var closed = Quantity.Zero;
        long realized = 0;
        if (position.Contracts.Units > 0 && position.Side != leg)
        {
            closed = count.Units <= position.Contracts.Units ? count : position.Contracts;
            var removedCost = ProportionalCost(position.CostMicros, closed, position.Contracts);

            // Each closed pair (held leg + acquired leg) pays $1 now: proceeds are (1 − price) per contract.
            var proceeds = MicroDollars.Value(closed, price.Complement);
            realized = proceeds - removedCost;
            position.Contracts -= closed;
            position.CostMicros -= removedCost;
            position.RealizedMicros = checked(position.RealizedMicros + realized);
            RealizedMicros = checked(RealizedMicros + realized);
            CashMicros = checked(CashMicros + proceeds);
            count -= closed;
        }

        if (count.Units > 0)
        {
            if (position.Contracts.IsZero)
            {
                position.Side = leg;
            }

            var cost = MicroDollars.Value(count, price);
            position.Contracts += count;
            position.CostMicros = checked(position.CostMicros + cost);
            CashMicros = checked(CashMicros - cost);
        }

        if (position.Contracts.IsZero)
        {
            position.Side = Side.Yes;
            position.CostMicros = 0;
        }

        _positionsValueMicros = checked(_positionsValueMicros + ValueOf(position) - valueBefore);
        _positionsCostMicros = checked(_positionsCostMicros + position.CostMicros - costBefore);
        var fee = MicroDollars.Of(fill.Fee);
        position.FeesMicros = checked(position.FeesMicros + fee);
        FeesMicros = checked(FeesMicros + fee);
        CashMicros = checked(CashMicros - fee);
        return new FillEffect(fill.Ticker, position.Side, position.Contracts, closed, realized, CashMicros - cashBefore);
    }

    /// <summary>
    /// Settles a market: a YES contract pays <paramref name="settlementValue"/>, a NO contract its complement (so early
    /// and scalar settlements book the same way). The market's position is paid, realized and removed.
    /// </summary>
    public SettlementEffect ApplySettlement(MarketTicker ticker, Price settlementValue)
    {
        if (!_positions.Remove(ticker.Value, out var position))
        {
            _marks.Remove(ticker.Value);
            return new SettlementEffect(ticker, Side.Yes, Quantity.Zero, 0, 0);
        }

        _positionsValueMicros -= ValueOf(position);
        _positionsCostMicros -= position.CostMicros;
        _marks.Remove(ticker.Value);
        var payout = MicroDollars.Value(position.Contracts, position.Side == Side.Yes ? settlementValue : settlementValue.Complement);
        var realized = payout - position.CostMicros;
        CashMicros = checked(CashMicros + payout);
        RealizedMicros = checked(RealizedMicros + realized);
        return new SettlementEffect(ticker, position.Side, position.Contracts, payout, realized);
    }

    /// <summary>Sets a market's marks from its book (a null leg keeps its previous mark); true when a held leg's mark changed.</summary>
    public bool UpdateMarks(MarketTicker ticker, Price? yesMark, Price? noMark)
    {
        _marks.TryGetValue(ticker.Value, out var before);
        var after = (yesMark ?? before.Yes, noMark ?? before.No);
        if (!_positions.TryGetValue(ticker.Value, out var position) || position.Contracts.IsZero)
        {
            _marks[ticker.Value] = after;
            return false;
        }

        var valueBefore = ValueOf(position);
        _marks[ticker.Value] = after;
        _positionsValueMicros = checked(_positionsValueMicros + ValueOf(position) - valueBefore);
        return position.Side == Side.Yes ? before.Yes != after.Item1 : before.No != after.Item2;
    }

    /// <summary>The mark of each leg of a market from its best bids or its mid.</summary>
    public static (Price? Yes, Price? No) MarksFrom(MarkMethod method, Price? yesBid, Price? noBid, Price? yesMid) =>
        method == MarkMethod.BestBid ? (yesBid, noBid) : (yesMid, yesMid?.Complement);

    /// <summary>Raises the peak to the current equity if higher; true when it rose.</summary>
    public bool ObservePeak()
    {
        var equity = EquityMicros;
        if (equity <= PeakEquityMicros)
        {
            return false;
        }

        PeakEquityMicros = equity;
        return true;
    }

    /// <summary>Restores a peak recorded earlier (marks are not persisted, so a peak reached on them is kept this way).</summary>
    public void RestorePeak(long peakMicros) => PeakEquityMicros = Math.Max(PeakEquityMicros, peakMicros);

    /// <summary>
    /// Starts a trading day whose P&amp;L counts from <paramref name="openingEquityMicros"/>, taken when
    /// <paramref name="openingDepositsMicros"/> had been deposited (the pair is recorded together, so a deposit booked
    /// after it counts as a deposit, not as profit).
    /// </summary>
    public void StartDay(DateOnly day, long openingEquityMicros, long openingDepositsMicros)
    {
        TradingDay = day;
        DayOpeningEquityMicros = openingEquityMicros;
        DayOpeningDepositsMicros = openingDepositsMicros;
    }

    /// <summary>The persistent state (for snapshots).</summary>
    public LedgerState ToState() => new(
        CashMicros,
        DepositsMicros,
        RealizedMicros,
        FeesMicros,
        PeakEquityMicros,
        TradingDay,
        DayOpeningEquityMicros,
        DayOpeningDepositsMicros,
        [.. _positions.Values.Select(p => new LedgerPositionState(p.Ticker, p.Side, p.Contracts, p.CostMicros, p.RealizedMicros, p.FeesMicros))]);

    /// <summary>Books restored from <paramref name="state"/> (no marks).</summary>
    public static PortfolioLedger FromState(LedgerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var ledger = new PortfolioLedger
        {
            CashMicros = state.CashMicros,
            DepositsMicros = state.DepositsMicros,
            RealizedMicros = state.RealizedMicros,
            FeesMicros = state.FeesMicros,
            PeakEquityMicros = state.PeakEquityMicros,
            TradingDay = state.TradingDay,
            DayOpeningEquityMicros = state.DayOpeningEquityMicros,
            DayOpeningDepositsMicros = state.DayOpeningDepositsMicros,
        };
        foreach (var p in state.Positions)
        {
            ledger._positions[p.Ticker.Value] = new MarketPosition(p.Ticker)
            {
                Side = p.Side,
                Contracts = p.Contracts,
                CostMicros = p.CostMicros,
                RealizedMicros = p.RealizedMicros,
                FeesMicros = p.FeesMicros,
            };
            ledger._positionsValueMicros = checked(ledger._positionsValueMicros + p.CostMicros);
            ledger._positionsCostMicros = checked(ledger._positionsCostMicros + p.CostMicros);
        }

        return ledger;
    }

    private static Side Opposite(Side side) => side == Side.Yes ? Side.No : Side.Yes;

    // The cost of `part` of `whole` contracts, rounded half away from zero to the micro-dollar; what is left stays on the
    // position, so the full cost leaves exactly when the position closes (cost is conserved, never lost to rounding).
    private static long ProportionalCost(long cost, Quantity part, Quantity whole)
    {
        if (part == whole)
        {
            return cost;
        }

        var numerator = (Int128)cost * part.Units;
        var quotient = numerator / whole.Units;
        var remainder = numerator % whole.Units;
        if (Int128.Abs(remainder) * 2 >= whole.Units)
        {
            quotient += Int128.Sign(numerator);
        }

        return (long)quotient;
    }

    private MarketPosition GetOrAdd(MarketTicker ticker)
    {
        if (!_positions.TryGetValue(ticker.Value, out var position))
        {
            position = new MarketPosition(ticker);
            _positions[ticker.Value] = position;
        }

        return position;
    }

    private LedgerPosition ToView(MarketPosition p) =>
        new(p.Ticker, p.Side, p.Contracts, p.CostMicros, p.RealizedMicros, p.FeesMicros, MarkOf(p));

    private Price? MarkOf(MarketPosition p) =>
        !p.Contracts.IsZero && _marks.TryGetValue(p.Ticker.Value, out var marks) ? (p.Side == Side.Yes ? marks.Yes : marks.No) : null;

    // The same figure as LedgerPosition.ValueMicros, without building the view (equity is read on every fill).
    private long ValueOf(MarketPosition p) => MarkOf(p) is { } mark ? MicroDollars.Value(p.Contracts, mark) : p.CostMicros;

    private sealed class MarketPosition(MarketTicker ticker)
    {
        public MarketTicker Ticker { get; } = ticker;

        public Side Side { get; set; } = Side.Yes;

        public Quantity Contracts { get; set; }

        public long CostMicros { get; set; }

        public long RealizedMicros { get; set; }

        public long FeesMicros { get; set; }
    }
}
