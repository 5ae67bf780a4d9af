using System.Collections.Concurrent;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Portfolio.Ledger;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Portfolio;

/// <summary>Creates the portfolio actor (Hosting starts it as <see cref="ActorNames.Portfolio"/>).</summary>
public static class PortfolioProps
{
    /// <summary>Props of the portfolio actor; <paramref name="settings"/> are validated here.</summary>
    public static Props Create(PortfolioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return Props.Create(() => new PortfolioActor(settings));
    }
}

/// <summary>
/// The portfolio, persistent: books fills (deduplicated by trade id) and settlements into a <see cref="PortfolioLedger"/>,
/// marks positions from books, persists equity snapshots and trading-day starts, publishes <see cref="PortfolioUpdated"/>
/// (throttled), answers <see cref="GetPortfolio"/> and <see cref="GetStateDigestPart"/>, catches up on journal fills it
/// missed across a crash, and reconciles with the exchange's positions.
/// </summary>
internal sealed partial class PortfolioActor : ReceivePersistentActor, IWithTimers
{
    /// <summary>The portfolio's persistence id (one portfolio per account).</summary>
    public const string PortfolioPersistenceId = "portfolio";

    /// <summary>The journal tag order routers store fill events under.</summary>
    public const string FillTag = "fill";

    /// <summary>The digest component name.</summary>
    public const string DigestComponent = "portfolio";

    private const string PublishTimer = "publish";
    private const string EquityTimer = "equity-snapshot";
    private const string ReconcileTimer = "reconcile";

    private readonly PortfolioSettings _settings;

    // The day-boundary zone, resolved once (the day is checked on every fill).
    private readonly TimeZoneInfo _dayZone;

    // Trade ids booked (persisted) or being persisted: the only guard against booking a fill twice.
    private readonly HashSet<string> _bookedTradeIds = new(StringComparer.Ordinal);

    // Fills being persisted, by ticker: a settlement arriving meanwhile must still be booked.
    private readonly Dictionary<string, int> _pendingFillTickers = new(StringComparer.Ordinal);

    // Settlements being persisted, by ticker: a repeated MarketSettled is not booked twice.
    private readonly HashSet<string> _settling = new(StringComparer.Ordinal);

    // The books; changed only in the Apply methods, live and in recovery alike.
    private PortfolioLedger _ledger = new();

    // Marks matter only where a position is held, but a position opening later must start from the market's latest marks.
    // So the book-update subscription's filter, on each book actor's thread, keeps every market's latest live marks here
    // (a leg a book leaves empty keeps its mark, as the ledger does) and lets through only the updates that change them in
    // markets the ledger has or may soon have a position in (_marked: every market with a fill booked or on its way, until restart);
    // a market joining _marked takes its marks from here first. One book actor publishes a market's updates, so no entry
    // is written by two threads.
    private readonly ConcurrentDictionary<MarketTicker, ObservedMarks> _observedMarks = new();
    private readonly ConcurrentDictionary<MarketTicker, byte> _marked = new();

    // Whether starting cash has been booked (once per portfolio, never again on restart).
    private bool _cashInitialized;

    // Sequence number of the last event applied; equals LastSequenceNr when no persist is pending, the only moment a
    // snapshot may be taken (it must hold every event up to its sequence number).
    private long _appliedSequenceNr;

    // Events applied since the last snapshot request.
    private int _eventsSinceSnapshot;

    // A TradingDayStarted is in flight; stops a second one for the same roll.
    private bool _dayRollPending;

    // False until the fills found in the journal after recovery are booked (PortfolioUpdated.CaughtUp).
    private bool _caughtUp;

    // Each position's view as last published, handed out again while its figures are the same: every position is
    // published several times a second, most unchanged, and a fresh view each time was garbage (and, held by whoever keeps
    // the latest PortfolioUpdated, young at every collection).
    private readonly Dictionary<MarketTicker, PositionView> _views = [];

    // Something visible changed since the last PortfolioUpdated.
    private bool _dirty;

    // When the last PortfolioUpdated went out (throttle).
    private DateTimeOffset _lastPublished = DateTimeOffset.MinValue;

    // The last equity snapshot's figures, to skip persisting an unchanged curve point.
    private EquitySnapshotTaken? _lastEquitySnapshot;

    /// <summary>Creates the actor.</summary>
    public PortfolioActor(PortfolioSettings settings)
    {
        _settings = settings;
        _dayZone = settings.ResolveTimeZone();
        Recover<SnapshotOffer>(offer => RestoreSnapshot((PortfolioSnapshot)offer.Snapshot), offer => offer.Snapshot is PortfolioSnapshot);
        Recover<FillBooked>(e => Apply(e));
        Recover<SettlementBooked>(e => Apply(e));
        Recover<CashDeposited>(e => Apply(e));
        Recover<TradingDayStarted>(e => Apply(e));
        Recover<EquitySnapshotTaken>(e => Apply(e));
        Recover<PositionDiscrepancyFound>(_ => _appliedSequenceNr = LastSequenceNr);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<OrderPartiallyFilled>(f => OnFill(f.TradeId, f.ClientOrderId, f.Ticker, f.StrategyId, f.Side, f.Action, f.Price, f.Count, f.Fee, f.IsTaker, f.At, caughtUp: false));
        Command<OrderFilled>(f => OnFill(f.TradeId, f.ClientOrderId, f.Ticker, f.StrategyId, f.Side, f.Action, f.Price, f.Count, f.Fee, f.IsTaker, f.At, caughtUp: false));
        Command<CaughtUpFills>(OnCaughtUp);
        Command<CatchUpFailed>(OnCatchUpFailed);
        Command<BookUpdated>(OnBookUpdated);
        Command<MarketSettled>(OnMarketSettled);
        Command<ExchangeBalanceObserved>(OnExchangeBalance);
        Command<ExchangePositionsObserved>(OnExchangePositions);
        Command<OwnPositionChanged>(OnOwnPositionChanged);
        Command<GetPortfolio>(_ => ReplyAfterPending(() => BuildUpdate()));
        Command<GetStateDigestPart>(_ => ReplyAfterPending(() => new StateDigestPart(DigestComponent, PortfolioDigest.Canonical(_ledger))));
        Command<PublishTick>(_ => PublishIfDirty());
        Command<EquitySnapshotTick>(_ => OnEquityTick());
        Command<ReconcileTick>(_ => Reconcile());
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(f => Context.GetLogger().LogWarning(f.Cause, "Portfolio snapshot at #{SequenceNr} failed; recovery replays more events", f.Metadata.SequenceNr));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    public override string PersistenceId => PortfolioPersistenceId;

    /// <inheritdoc />
    protected override void PreStart()
    {
        var stream = Context.System.EventStream;
        stream.Subscribe(Self, typeof(OrderPartiallyFilled));
        stream.Subscribe(Self, typeof(OrderFilled));
        stream.Subscribe<BookUpdated>(Self, ObserveMarks);
        stream.Subscribe(Self, typeof(MarketSettled));
        stream.Subscribe(Self, typeof(OwnPositionChanged));
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    private void OnRecovered()
    {
        _appliedSequenceNr = LastSequenceNr;
        Interlocked.MemoryBarrier();
        foreach (var ticker in _marked.Keys.OrderBy(t => t.Value, StringComparer.Ordinal))
        {
            TakeObservedMarks(ticker);
        }

        if (!_cashInitialized && _settings.CashSource == StartingCashSource.Settings)
        {
            Persist(new CashDeposited(MicroDollars.Of(_settings.StartingCash), "starting-cash", Now), AppliedLive);
        }

        CheckDayRoll();
        Timers.StartPeriodicTimer(EquityTimer, EquitySnapshotTick.Instance, _settings.EquitySnapshotInterval);
        Timers.StartPeriodicTimer(ReconcileTimer, ReconcileTick.Instance, _settings.ReconciliationInterval);
        StartCatchUp();
    }

    private void OnFill(
        string tradeId, ClientOrderId clientOrderId, MarketTicker ticker, string strategyId, Side side, Domain.Action action,
        Price price, Quantity count, Money fee, bool isTaker, DateTimeOffset at, bool caughtUp)
    {
        if (count.Units <= 0 || fee.Units < 0)
        {
            // Persisting it would make every later recovery fail on it; refuse it loudly instead.
            Context.GetLogger().LogError(
                new ArgumentOutOfRangeException(nameof(count), $"fill {tradeId}: count {count}, fee {fee}"),
                "Refused fill {TradeId} in {Ticker}: count {Count} must be positive and fee {Fee} not negative", tradeId, ticker, count, fee);
            Context.System.EventStream.Publish(new AlertRaised(
                "invalid-fill:" + tradeId,
                AlertKind.InvalidFill,
                ticker,
                $"Fill {tradeId} was refused by the portfolio (count {count}, fee {fee}); positions do not include it.",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["tradeId"] = tradeId, ["count"] = count.ToFixedString(), ["fee"] = fee.ToDollarString() },
                Now));
            return;
        }

        if (!_bookedTradeIds.Add(tradeId))
        {
            return;
        }

        CheckDayRoll();
        StartMarking(ticker);
        _pendingFillTickers[ticker.Value] = _pendingFillTickers.GetValueOrDefault(ticker.Value) + 1;
        PersistAsync(new FillBooked(tradeId, clientOrderId, ticker, strategyId, side, action, price, count, fee, isTaker, caughtUp, at), AppliedLive);
    }

    private void OnMarketSettled(MarketSettled settled)
    {
        // A fill still being persisted may open the very position that settles, so it counts as held.
        var key = settled.Ticker.Value;
        if ((_ledger.PositionOf(settled.Ticker) is null && !_pendingFillTickers.ContainsKey(key)) || !_settling.Add(key))
        {
            return;
        }

        CheckDayRoll();
        PersistAsync(new SettlementBooked(settled.Ticker, settled.SettlementValue, settled.Early, settled.At), AppliedLive);
    }

    private void OnBookUpdated(BookUpdated book)
    {
        // A stale book's prices are not a market: the last live mark stands.
        if (!book.IsTradable)
        {
            return;
        }

        var (yes, no) = PortfolioLedger.MarksFrom(_settings.MarkMethod, book.Top.YesBid, book.Top.NoBid, book.Mid);
        UpdateMarks(book.Ticker, yes, no);
    }

    private void UpdateMarks(MarketTicker ticker, Price? yes, Price? no)
    {
        if (_ledger.UpdateMarks(ticker, yes, no))
        {
            _ledger.ObservePeak();
            MarkDirty();
        }
    }

    // The book-update filter (on the publisher's thread): records the market's latest marks, lets the update through to
    // markets being marked when it changes them. The ledger folds marks as ObservedMarks does (a leg a book leaves empty
    // keeps its mark), and a market's updates are filtered and delivered in the order they were published, so an update
    // that leaves the fold as it was would leave the ledger's marks as they were: most updates move sizes, not the marks.
    private bool ObserveMarks(BookUpdated book)
    {
        // A stale book's prices are not a market: the last live mark stands.
        if (!book.IsTradable)
        {
            return false;
        }

        var (yes, no) = PortfolioLedger.MarksFrom(_settings.MarkMethod, book.Top.YesBid, book.Top.NoBid, book.Mid);
        var changed = _observedMarks.GetOrAdd(book.Ticker, static _ => new ObservedMarks()).Observe(yes, no);

        // Pairs with the barrier in StartMarking: either this update is let through or StartMarking reads its marks.
        Interlocked.MemoryBarrier();
        return changed && _marked.ContainsKey(book.Ticker);
    }

    // From now on the market's book updates come here; the marks observed so far are taken first, as if they had come
    // (in recovery, once it completes: marks are not part of the recovered state, the updates stashed meanwhile come after).
    private void StartMarking(MarketTicker ticker)
    {
        if (_marked.TryAdd(ticker, 0) && !IsRecovering)
        {
            Interlocked.MemoryBarrier();
            TakeObservedMarks(ticker);
        }
    }

    private void TakeObservedMarks(MarketTicker ticker)
    {
        if (_observedMarks.TryGetValue(ticker, out var observed))
        {
            var (yes, no) = observed.Read();
            UpdateMarks(ticker, yes, no);
        }
    }

    private void OnExchangeBalance(ExchangeBalanceObserved observed)
    {
        if (_cashInitialized || _settings.CashSource != StartingCashSource.Exchange)
        {
            return;
        }

        _cashInitialized = true;
        var amount = MicroDollars.Of(observed.Balance.Available) - _ledger.CashMicros;
        Persist(new CashDeposited(amount, "exchange-balance", Now), AppliedLive);
    }

    private void OnEquityTick()
    {
        CheckDayRoll();
        var point = EquityPoint();
        if (_lastEquitySnapshot is { } last && last with { At = point.At } == point)
        {
            return;
        }

        _lastEquitySnapshot = point;
        PersistAsync(point, AppliedLive);
    }

    private EquitySnapshotTaken EquityPoint()
    {
        _ledger.ObservePeak();
        return new EquitySnapshotTaken(
            _ledger.CashMicros,
            _ledger.EquityMicros,
            _ledger.PeakEquityMicros,
            _ledger.RealizedMicros,
            _ledger.UnrealizedMicros,
            _ledger.FeesMicros,
            _ledger.DailyPnlMicros,
            _ledger.PositionFigures.Count(p => !p.Contracts.IsZero),
            Now);
    }

    private void CheckDayRoll()
    {
        var day = _settings.TradingDayOf(Now, _dayZone);
        if (_dayRollPending || (_ledger.TradingDay is { } current && current >= day))
        {
            return;
        }

        _dayRollPending = true;
        PersistAsync(new TradingDayStarted(day, _ledger.EquityMicros, _ledger.DepositsMicros, Now), AppliedLive);
    }

    // Runs after an event persisted live: apply it, then the side effects recovery must not repeat.
    private void AppliedLive(object @event)
    {
        switch (@event)
        {
            case FillBooked e:
                if (--_pendingFillTickers[e.Ticker.Value] == 0)
                {
                    _pendingFillTickers.Remove(e.Ticker.Value);
                }

                Apply(e);
                break;
            case SettlementBooked e:
                _settling.Remove(e.Ticker.Value);
                Apply(e);
                break;
            case CashDeposited e:
                Apply(e);
                break;
            case TradingDayStarted e:
                _dayRollPending = false;
                Apply(e);
                break;
            case EquitySnapshotTaken e:
                Apply(e);
                break;
            case PositionDiscrepancyFound e:
                _appliedSequenceNr++;
                PublishDiscrepancy(e);
                break;
        }

        _ledger.ObservePeak();
        MarkDirty();
        MaybeSnapshot();
    }

    private void Apply(FillBooked e)
    {
        _bookedTradeIds.Add(e.TradeId);
        StartMarking(e.Ticker);
        _ledger.ApplyFill(new LedgerFill(e.Ticker, e.Side, e.Action, e.Price, e.Count, e.Fee));
        Applied();
    }

    private void Apply(SettlementBooked e)
    {
        _ledger.ApplySettlement(e.Ticker, e.SettlementValue);

        // The ledger dropped the market's marks: its next update brings them back even if it changes none.
        if (_observedMarks.TryGetValue(e.Ticker, out var observed))
        {
            observed.Resend();
        }

        Applied();
    }

    private void Apply(CashDeposited e)
    {
        _cashInitialized = true;
        _ledger.Deposit(e.AmountMicros);
        Applied();
    }

    private void Apply(TradingDayStarted e)
    {
        _ledger.StartDay(e.Day, e.OpeningEquityMicros, e.OpeningDepositsMicros);
        Applied();
    }

    private void Apply(EquitySnapshotTaken e)
    {
        _ledger.RestorePeak(e.PeakEquityMicros);
        Applied();
    }

    private void Applied()
    {
        _appliedSequenceNr = IsRecovering ? LastSequenceNr : _appliedSequenceNr + 1;
        _eventsSinceSnapshot++;
    }

    private void RestoreSnapshot(PortfolioSnapshot snapshot)
    {
        _ledger = PortfolioLedger.FromState(snapshot.Ledger);
        foreach (var position in _ledger.Positions)
        {
            StartMarking(position.Ticker);
        }
        _bookedTradeIds.Clear();
        _bookedTradeIds.UnionWith(snapshot.BookedTradeIds);
        _cashInitialized = snapshot.CashInitialized;
        _appliedSequenceNr = LastSequenceNr;
    }

    private void MaybeSnapshot()
    {
        if (_eventsSinceSnapshot < _settings.SnapshotEveryEvents || _appliedSequenceNr != LastSequenceNr)
        {
            return;
        }

        _eventsSinceSnapshot = 0;
        SaveSnapshot(new PortfolioSnapshot(_ledger.ToState(), [.. _bookedTradeIds.Order(StringComparer.Ordinal)], _cashInitialized));
    }

    // Replies once every event persisted before the request is applied, so an answer never misses a fill already taken.
    private void ReplyAfterPending(Func<object> reply)
    {
        var sender = Sender;
        DeferAsync(sender, s => s.Tell(reply(), Self));
    }

    private void MarkDirty()
    {
        _dirty = true;
        if (Timers.IsTimerActive(PublishTimer))
        {
            return;
        }

        var wait = _lastPublished + _settings.PublishThrottle - Now;
        if (wait <= TimeSpan.Zero)
        {
            PublishIfDirty();
        }
        else
        {
            Timers.StartSingleTimer(PublishTimer, PublishTick.Instance, wait);
        }
    }

    private void PublishIfDirty()
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        _lastPublished = Now;
        Context.System.EventStream.Publish(BuildUpdate());
    }

    private PortfolioUpdated BuildUpdate()
    {
        var positions = new List<PositionView>(_ledger.PositionCount);
        foreach (var p in _ledger.PositionFigures)
        {
            var (cost, realized, fees, unrealized) =
                (MicroDollars.ToMoney(p.CostMicros), MicroDollars.ToMoney(p.RealizedMicros), MicroDollars.ToMoney(p.FeesMicros), MicroDollars.ToMoney(p.UnrealizedMicros));
            if (!_views.TryGetValue(p.Ticker, out var view)
                || view.Side != p.Side || view.Contracts != p.Contracts || view.CostBasis != cost || view.RealizedPnl != realized
                || view.FeesPaid != fees || view.Mark != p.Mark || view.UnrealizedPnl != unrealized)
            {
                _views[p.Ticker] = view = new PositionView(p.Ticker, null, p.Side, p.Contracts, cost, realized, fees, p.Mark, unrealized);
            }

            positions.Add(view);
        }

        if (_views.Count > positions.Count)
        {
            foreach (var ticker in _views.Keys.Where(t => !_ledger.HasPosition(t)).ToList())
            {
                _views.Remove(ticker);
            }
        }

        return new PortfolioUpdated(
            MicroDollars.ToMoney(_ledger.CashMicros),
            MicroDollars.ToMoney(_ledger.EquityMicros),
            MicroDollars.ToMoney(_ledger.PeakEquityMicros),
            MicroDollars.ToMoney(_ledger.RealizedMicros),
            MicroDollars.ToMoney(_ledger.UnrealizedMicros),
            MicroDollars.ToMoney(_ledger.FeesMicros),
            MicroDollars.ToMoney(_ledger.DailyPnlMicros),
            positions,
            Now,
            _caughtUp);
    }

    /// <summary>A market's latest live marks per leg, as the book-update filter observed them (written on the book actor's thread, read here).</summary>
    private sealed class ObservedMarks
    {
        // Mutable under a lock rather than replaced: the filter runs on every book update.
        private readonly Lock _lock = new();
        private Price? _yes;
        private Price? _no;

        // Set when the ledger dropped the market's marks: the next update counts as a change.
        private bool _resend;

        /// <summary>Takes a book's marks; a leg the book leaves empty keeps its mark, as the ledger does. True when they changed.</summary>
        public bool Observe(Price? yes, Price? no)
        {
            lock (_lock)
            {
                var (newYes, newNo) = (yes ?? _yes, no ?? _no);
                var changed = _resend || newYes != _yes || newNo != _no;
                (_yes, _no, _resend) = (newYes, newNo, false);
                return changed;
            }
        }

        /// <summary>Makes the next update count as a change.</summary>
        public void Resend()
        {
            lock (_lock)
            {
                _resend = true;
            }
        }

        /// <summary>The marks of both legs, taken together.</summary>
        public (Price? Yes, Price? No) Read()
        {
            lock (_lock)
            {
                return (_yes, _no);
            }
        }
    }

    /// <summary>Sent by the publish throttle timer.</summary>
    internal sealed record PublishTick
    {
        public static PublishTick Instance { get; } = new();
    }

    /// <summary>Sent by the equity-curve timer.</summary>
    internal sealed record EquitySnapshotTick
    {
        public static EquitySnapshotTick Instance { get; } = new();
    }

    /// <summary>Sent by the reconciliation timer (tests send it directly).</summary>
    internal sealed record ReconcileTick
    {
        public static ReconcileTick Instance { get; } = new();
    }
}
