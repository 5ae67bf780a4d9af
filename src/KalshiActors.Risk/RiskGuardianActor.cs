using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Snapshots;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Risk;

/// <summary>Creates the risk guardian (ActorNames.RiskGuardian), the only path from an order intent to an order.</summary>
public static class RiskGuardian
{
    /// <summary>The guardian's persistence id.</summary>
    public const string PersistenceId = "risk-guardian";

    /// <summary>
    /// Props of the guardian. <paramref name="execution"/> and <paramref name="portfolio"/> default to the actors at
    /// ActorNames.ExecutionPath and ActorNames.PortfolioPath; tests pass probes.
    /// </summary>
    /// <param name="settings">The limits.</param>
    /// <param name="execution">Where approvals go (default: ActorNames.ExecutionPath).</param>
    /// <param name="portfolio">Where the portfolio is asked (default: ActorNames.PortfolioPath).</param>
    /// <param name="leaseGate">Cluster mode: no intent is approved for a market whose shard this node holds no live lease on.</param>
    public static Props Props(RiskSettings settings, IActorRef? execution = null, IActorRef? portfolio = null, IShardLeaseGate? leaseGate = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var valid = settings.Validated();
        return Kernel.Props.Create(() => new RiskGuardianActor(valid, execution, portfolio, leaseGate));
    }
}

/// <summary>
/// Runs every risk check on each <see cref="OrderIntent"/>, journals the decision and only then sends an approval on to
/// execution. Keeps the account's trading state (Active / Reducing / Halted), the kill switch, the drawdown breaker and
/// the exposure of positions, resting orders and approved intents.
/// </summary>
internal sealed partial class RiskGuardianActor : ReceivePersistentActor, IWithTimers, IWithStash
{
    private const string HousekeepingTimer = "housekeeping";
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(1);

    // The limits; only UpdateRiskLimits replaces them (a cluster node's leased budget).
    private RiskSettings _settings;
    private readonly IActorRef? _execution;
    private readonly IActorRef? _portfolio;

    // ---- Journaled state (rebuilt by recovery, part of the digest) ----

    // The account's state as last journaled; changes only through TradingStateChanged.
    private TradingState _state = TradingState.Active;
    private string _stateReason = "started";

    // Set by ActivateKillSwitch, cleared only by ResetRiskHalt.
    private bool _killSwitch;
    private string? _killSwitchReason;

    // Set when drawdown crossed the limit, cleared only by ResetRiskHalt.
    private bool _breakerTripped;

    // Equity at the last reset: the breaker measures drawdown from max(this, later equity) instead of the portfolio's
    // all-time peak, so a reset account is not tripped again at once.
    private Money? _breakerBaseEquity;

    // The trading day in force and the equity it started with (the base of the day's loss).
    private DateOnly? _tradingDay;
    private Money? _dayStartEquity;

    // The day the daily loss limit was hit; the daily-loss action holds while this is the trading day.
    private DateOnly? _dailyLossDay;

    // Markets with an order of unknown outcome: ticker → client order ids still unreconciled.
    private readonly SortedDictionary<string, SortedDictionary<string, MarketBlocked>> _blocked = new(StringComparer.Ordinal);

    // Approved intents not yet seen as orders: they count as exposure so two quick intents cannot both use one limit.
    private readonly SortedDictionary<string, PendingIntent> _pending = new(StringComparer.Ordinal);

    // ---- Live state (from the event stream; not journaled by the guardian) ----

    // The last portfolio report; null until the portfolio has spoken (exposure checks then refuse: equity unknown).
    private PortfolioUpdated? _portfolioState;

    // Highest equity seen since the last reset (only while _breakerBaseEquity is set).
    private Money? _peakSinceReset;

    // Positions, resting orders and pending intents with their running worst cases.
    private readonly ExposureLedger _ledger;

    // Catalog facts and the latest lifecycle state per market.
    private readonly Dictionary<MarketTicker, MarketFacts> _markets = [];
    private readonly Dictionary<MarketTicker, MarketState> _marketStates = [];
    private readonly Dictionary<EventTicker, bool> _eventMutuallyExclusive = [];

    // Status of each book seen; a market whose book was never seen is not traded.
    private readonly Dictionary<MarketTicker, BookStatus> _books = [];

    // Only a book's status matters here: the book-update subscription lets through a book's first update and the first
    // after each change of status.
    private readonly BookStatusGate _bookStatusGate = new();

    // Fair-value feeds currently stale.
    private readonly Dictionary<string, FeedStatusChanged> _staleFeeds = new(StringComparer.Ordinal);

    // Breakers not closed, by dependency.
    private readonly Dictionary<string, CircuitBreakerStateChanged> _openBreakers = new(StringComparer.Ordinal);

    // Exchange calls in the sliding window: (receive time, failed), oldest first.
    private readonly Queue<(DateTimeOffset At, bool Failed)> _calls = new();
    private int _failedCalls;

    // False until the routers' order events have been read after recovery; intents and order events are stashed until then.
    private bool _ordersCaughtUp;

    // Events journaled since the last snapshot.
    private int _eventsSinceSnapshot;

    public RiskGuardianActor(RiskSettings settings, IActorRef? execution, IActorRef? portfolio, IShardLeaseGate? leaseGate = null)
    {
        _settings = settings;
        _leaseGate = leaseGate;
        _execution = execution;
        _portfolio = portfolio;
        _ledger = new ExposureLedger(t => _markets.GetValueOrDefault(t), e => _eventMutuallyExclusive.GetValueOrDefault(e));

        Recover<SnapshotOffer>(offer => RestoreSnapshot((RiskGuardianSnapshot)offer.Snapshot));
        Recover<RecoveryCompleted>(_ => OnRecovered());
        Recover<object>(e =>
        {
            Apply(e);
            _eventsSinceSnapshot++;
        });

        // Until the order journal has been read, intents, order events and digest requests wait: an intent decided earlier
        // would miss resting exposure. Market inputs and operator commands do not depend on orders and are handled at once
        // (stashing a flood of book updates would overflow the stash, and a kill switch must not wait).
        Command<object>(message =>
        {
            if (_ordersCaughtUp)
            {
                return false;
            }

            switch (message)
            {
                case CatchUpOrders:
                    CatchUpOnOrders();
                    return true;
                case OrderIntent or OrderLifecycleEvent or GetStateDigestPart or Housekeeping:
                    Stash.Stash();
                    return true;
                default:
                    return false;
            }
        });
        Command<OrderIntent>(OnIntent);
        Command<ActivateKillSwitch>(OnKillSwitch);
        Command<UpdateRiskLimits>(OnUpdateLimits);
        Command<ShardLeasesChanged>(_ => ApplyPositions());
        Command<ResetRiskHalt>(OnReset);
        Command<GetRiskStatus>(_ => OnGetRiskStatus());
        Command<GetStateDigestPart>(_ => Sender.Tell(new StateDigestPart("risk", CanonicalDigestJson()), Self));
        Command<PortfolioUpdated>(OnPortfolio);
        Command<BookUpdated>(b => _books[b.Ticker] = b.Status);
        Command<BookStatusChanged>(b => _books[b.Ticker] = b.To);
        Command<FeedStatusChanged>(OnFeedStatus);
        Command<CircuitBreakerStateChanged>(OnBreaker);
        Command<ExchangeCallCompleted>(OnExchangeCall);
        Command<MarketListed>(OnMarketListed);
        Command<MarketStateChanged>(m => _marketStates[m.Ticker] = m.To);
        Command<OrderLifecycleEvent>(OnOrderEvent);
        Command<Housekeeping>(_ => OnHousekeeping());
        Command<CancelAllOrdersResult>(r => Context.GetLogger().LogWarning(
            "Kill switch: execution sent {CancelsSent} cancels, {Failures} failed", r.CancelsSent, r.Failures));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => Context.GetLogger().LogWarning(f.Cause, "Risk guardian snapshot at #{SequenceNr} failed", f.Metadata.SequenceNr));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => Context.GetLogger().LogWarning(f.Cause, "Deleting old risk guardian snapshots failed"));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <inheritdoc />
    public IStash Stash { get; set; } = null!;

    /// <inheritdoc />
    public override string PersistenceId => RiskGuardian.PersistenceId;

    private TimeProvider Clock => Context.System.TimeProvider;

    /// <inheritdoc />
    protected override void PreStart()
    {
        var stream = Context.System.EventStream;
        stream.Subscribe<BookUpdated>(Self, _bookStatusGate.ChangesStatus);
        foreach (var channel in new[]
                 {
                     typeof(BookStatusChanged), typeof(FeedStatusChanged), typeof(CircuitBreakerStateChanged),
                     typeof(ExchangeCallCompleted), typeof(MarketListed), typeof(MarketStateChanged), typeof(OrderLifecycleEvent),
                     typeof(PortfolioUpdated),
                 })
        {
            stream.Subscribe(Self, channel);
        }

        if (_leaseGate is not null)
        {
            stream.Subscribe(Self, typeof(ShardLeasesChanged));
        }
    }

    private void OnRecovered()
    {
        Self.Tell(CatchUpOrders.Instance, Self);
        Timers.StartPeriodicTimer(HousekeepingTimer, Housekeeping.Instance, HousekeepingInterval);
        var portfolio = _portfolio;
        if (portfolio is not null)
        {
            portfolio.Tell(new GetPortfolio(), Self);
        }
        else
        {
            Context.ActorSelection(ActorNames.PortfolioPath).Tell(new GetPortfolio(), Self);
        }

        Context.GetLogger().LogInformation(
            "Risk guardian recovered at #{SequenceNr}: {TradingState} ({Reason}), kill switch {KillSwitch}, drawdown breaker {Breaker}, {Pending} pending intents, {Blocked} blocked markets",
            LastSequenceNr, _state, _stateReason, _killSwitch, _breakerTripped, _pending.Count, _blocked.Count);
    }

    private void SendToExecution(object message)
    {
        if (_execution is not null)
        {
            _execution.Tell(message, Self);
        }
        else
        {
            Context.ActorSelection(ActorNames.ExecutionPath).Tell(message, Self);
        }
    }

    // ---- Operator commands ----

    private void OnKillSwitch(ActivateKillSwitch command)
    {
        var sender = Sender;
        var now = Clock.GetUtcNow();
        Context.GetLogger().LogWarning("Kill switch activated by {Operator}: {Reason}", command.Operator, command.Reason);
        // Canceling only lowers risk, so it goes out at once rather than after the write; the answer waits for durability.
        SendToExecution(new CancelAllOrders("kill switch: " + command.Reason));
        Journal(new KillSwitchActivated(command.Reason, command.Operator, now), _ =>
            sender.Tell(new RiskCommandResult(true, _state, "kill switch on; cancel-all sent; trading halted until ResetRiskHalt"), Self));
        UpdateTradingState(now);
    }

    private void OnReset(ResetRiskHalt command)
    {
        var sender = Sender;
        var now = Clock.GetUtcNow();
        if (!_killSwitch && !_breakerTripped)
        {
            sender.Tell(new RiskCommandResult(false, _state, $"nothing to reset: kill switch off, drawdown breaker not tripped (state {_state}: {_stateReason})"), Self);
            return;
        }

        Context.GetLogger().LogWarning("Risk halt reset by {Operator}: {Reason}", command.Operator, command.Reason);
        Journal(new RiskHaltReset(command.Reason, command.Operator, _portfolioState?.Equity ?? Money.Zero, now), _ =>
            sender.Tell(new RiskCommandResult(true, _state, $"kill switch and drawdown breaker reset; state {_state}: {_stateReason}"), Self));
        UpdateTradingState(now);
    }

    // ---- Event-stream inputs ----

    private void OnPortfolio(PortfolioUpdated update)
    {
        _portfolioState = update;
        ApplyPositions();
        if (!update.CaughtUp)
        {
            // A portfolio still booking fills from the journal reports figures that depend on how far it has got: the
            // day's start, the breaker and the daily loss are journaled from its complete report, so a replay rebuilds them.
            return;
        }

        var now = Clock.GetUtcNow();
        StartTradingDayIfDue(now);
        CheckDrawdown(update, now);
        CheckDailyLoss(update, now);
        UpdateTradingState(now);
    }

    private void OnFeedStatus(FeedStatusChanged status)
    {
        if (status.IsStale)
        {
            _staleFeeds[status.FeedName] = status;
        }
        else
        {
            _staleFeeds.Remove(status.FeedName);
        }
    }

    private void OnBreaker(CircuitBreakerStateChanged change)
    {
        if (change.To == BreakerState.Closed)
        {
            _openBreakers.Remove(change.Dependency);
        }
        else
        {
            _openBreakers[change.Dependency] = change;
        }
    }

    private void OnExchangeCall(ExchangeCallCompleted call)
    {
        // 4xx answers other than 429 are our requests' faults (a refused order), not the exchange's health.
        var failed = !call.Succeeded && (call.StatusCode is null or >= 500 or 429);
        _calls.Enqueue((Clock.GetUtcNow(), failed));
        if (failed)
        {
            _failedCalls++;
        }

        PruneCalls(Clock.GetUtcNow());
    }

    private void PruneCalls(DateTimeOffset now)
    {
        var cutoff = now - _settings.ErrorRateWindow;
        while (_calls.Count > 0 && _calls.Peek().At <= cutoff)
        {
            if (_calls.Dequeue().Failed)
            {
                _failedCalls--;
            }
        }
    }

    private void OnMarketListed(MarketListed listed)
    {
        var m = listed.Market;
        _markets[m.Ticker] = new MarketFacts(m.EventTicker, m.Category, m.MutuallyExclusive, m.Fees, m.State);
        _marketStates[m.Ticker] = m.State;
        _eventMutuallyExclusive[m.EventTicker] = m.MutuallyExclusive;
        _ledger.FactsChanged(m.Ticker);
    }

    private void OnOrderEvent(OrderLifecycleEvent e)
    {
        ApplyOrderEvent(e);
        var now = Clock.GetUtcNow();
        switch (e)
        {
            case OrderSubmitted s when _pending.ContainsKey(s.IntentId.Value):
                Journal(new IntentReleased(s.IntentId, "order submitted", now), null);
                break;
            case OrderOutcomeUnknown u when !IsBlockedBy(u.Ticker, u.ClientOrderId):
                Context.GetLogger().LogWarning("Market {Ticker} blocked: outcome of order {ClientOrderId} unknown ({Reason})", u.Ticker, u.ClientOrderId, u.Reason);
                Journal(new MarketBlocked(u.Ticker, u.ClientOrderId, u.Reason, now), null);
                break;
            case OrderReconciled r when IsBlockedBy(r.Ticker, r.ClientOrderId):
                Journal(new MarketUnblocked(r.Ticker, r.ClientOrderId, now), null);
                break;
        }
    }

    /// <summary>Applies an order event to the resting orders, by the rule the journal catch-up folds with.</summary>
    private void ApplyOrderEvent(OrderLifecycleEvent e)
    {
        if (!RestingOrderFold.Next(e, _ledger.Resting(e.ClientOrderId, e.Ticker), out var next))
        {
            return;
        }

        if (next is null)
        {
            _ledger.RemoveResting(e.ClientOrderId, e.Ticker);
        }
        else
        {
            _ledger.SetResting(e.ClientOrderId, next);
        }
    }

    private bool IsBlockedBy(MarketTicker ticker, ClientOrderId id) =>
        _blocked.TryGetValue(ticker.Value, out var ids) && ids.ContainsKey(id.Value);

    private void OnHousekeeping()
    {
        var now = Clock.GetUtcNow();
        PruneCalls(now);
        foreach (var pending in _pending.Values.Where(p => now - p.ApprovedAt >= _settings.PendingIntentTimeout).ToList())
        {
            Journal(new IntentReleased(pending.Intent.IntentId, $"no order seen within {_settings.PendingIntentTimeout}", now), null);
        }

        StartTradingDayIfDue(now);
        UpdateTradingState(now);
    }

    // ---- Day, drawdown and state ----

    private DateOnly DayOf(DateTimeOffset now) => DateOnly.FromDateTime((now.UtcDateTime - _settings.DayStartUtc).Date);

    private void StartTradingDayIfDue(DateTimeOffset now)
    {
        var today = DayOf(now);
        if (_tradingDay == today || _portfolioState is not { CaughtUp: true })
        {
            return;
        }

        Journal(new TradingDayStarted(today, _portfolioState.Equity, now), null);
    }

    /// <summary>
    /// The day's loss: the larger of equity lost since the day started and the portfolio's own daily P&amp;L (which only
    /// counts while the report belongs to the current trading day, since the portfolio may cut days elsewhere).
    /// </summary>
    private Money DailyLoss(PortfolioUpdated update, DateTimeOffset now)
    {
        var fromStart = _dayStartEquity is { } start ? start - update.Equity : Money.Zero;
        var reported = DayOf(update.At) == DayOf(now) ? -update.DailyPnl : Money.Zero;
        return fromStart > reported ? fromStart : reported;
    }

    private (Money Peak, decimal Drawdown) DrawdownOf(PortfolioUpdated update)
    {
        var peak = update.PeakEquity;
        if (_breakerBaseEquity is { } baseEquity)
        {
            var since = _peakSinceReset is { } seen && seen > baseEquity ? seen : baseEquity;
            peak = update.Equity > since ? update.Equity : since;
            _peakSinceReset = peak;
        }

        var drawdown = peak.Units <= 0 ? 0m : Math.Max(0m, (decimal)(peak.Units - update.Equity.Units) / peak.Units);
        return (peak, drawdown);
    }

    private void CheckDrawdown(PortfolioUpdated update, DateTimeOffset now)
    {
        var (peak, drawdown) = DrawdownOf(update);
        if (_breakerTripped || !_settings.IsEnabled(RiskCheck.DrawdownBreaker) || drawdown < _settings.DrawdownBreakerFraction)
        {
            return;
        }

        Context.GetLogger().LogWarning("Drawdown breaker tripped: equity {Equity} is {Drawdown} below peak {Peak}", update.Equity, Percent(drawdown), peak);
        Journal(new DrawdownBreakerTripped(update.Equity, peak, Percent(drawdown), now), null);
    }

    private void CheckDailyLoss(PortfolioUpdated update, DateTimeOffset now)
    {
        var today = DayOf(now);
        var loss = DailyLoss(update, now);
        if (_dailyLossDay == today || !_settings.IsEnabled(RiskCheck.DailyLossLimit) || loss < _settings.DailyLossLimit)
        {
            return;
        }

        Context.GetLogger().LogWarning("Daily loss limit hit: lost {Loss} today, limit {Limit}", loss, _settings.DailyLossLimit);
        Journal(new DailyLossLimitHit(today, loss, _settings.DailyLossLimit, now), null);
    }

    private bool DailyLossActive(DateTimeOffset now) => _dailyLossDay is { } day && day == DayOf(now);

    private (TradingState State, string Reason) DeriveState(DateTimeOffset now)
    {
        if (_killSwitch)
        {
            return (TradingState.Halted, "kill switch: " + _killSwitchReason);
        }

        var dailyLoss = DailyLossActive(now);
        var reasons = new List<string>();
        var state = TradingState.Active;
        if (_breakerTripped)
        {
            state = _settings.DrawdownAction;
            reasons.Add("drawdown breaker tripped");
        }

        if (dailyLoss)
        {
            state = (TradingState)Math.Max((int)state, (int)_settings.DailyLossAction);
            reasons.Add("daily loss limit hit");
        }

        return (state, reasons.Count == 0 ? "no limit breached" : string.Join("; ", reasons));
    }

    private void UpdateTradingState(DateTimeOffset now)
    {
        var (state, reason) = DeriveState(now);
        if (state == _state)
        {
            return;
        }

        Context.GetLogger().LogWarning("Trading state {From} -> {To}: {Reason}", _state, state, reason);
        Journal(new TradingStateChanged(_state, state, reason, now), e => Context.System.EventStream.Publish(e));
    }

    private static string Percent(decimal fraction) =>
        (fraction * 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + "%";

    // ---- Journal and state ----

    /// <summary>
    /// Applies <paramref name="event"/> at once and journals it with PersistAsync; <paramref name="afterStored"/> runs once it
    /// is durable. Applying before the write completes is deliberate: the next intent, handled while this write is in
    /// flight, must see this decision's exposure. A failed write stops the actor, discarding that state with it.
    /// </summary>
    private void Journal<TEvent>(TEvent @event, Action<TEvent>? afterStored)
        where TEvent : notnull
    {
        Apply(@event);
        PersistAsync(@event, e =>
        {
            afterStored?.Invoke(e);
            if (++_eventsSinceSnapshot >= _settings.SnapshotEvery)
            {
                _eventsSinceSnapshot = 0;
                SaveSnapshot(TakeSnapshot());
            }
        });
    }

    private void Apply(object @event)
    {
        switch (@event)
        {
            case IntentApproved a:
                _pending[a.Intent.IntentId.Value] = new PendingIntent(a.Intent, a.At);
                _ledger.AddPending(a.Intent);
                break;
            case IntentReleased r:
                _pending.Remove(r.IntentId.Value);
                _ledger.RemovePending(r.IntentId);
                break;
            case TradingStateChanged t:
                _state = t.To;
                _stateReason = t.Reason;
                break;
            case KillSwitchActivated k:
                _killSwitch = true;
                _killSwitchReason = $"{k.Reason} ({k.Operator})";
                break;
            case RiskHaltReset r:
                _killSwitch = false;
                _killSwitchReason = null;
                _breakerTripped = false;
                _breakerBaseEquity = r.EquityAtReset;
                _peakSinceReset = r.EquityAtReset;
                break;
            case DrawdownBreakerTripped:
                _breakerTripped = true;
                break;
            case TradingDayStarted d:
                _tradingDay = d.Day;
                _dayStartEquity = d.StartEquity;
                break;
            case DailyLossLimitHit h:
                _dailyLossDay = h.Day;
                break;
            case MarketBlocked b:
                if (!_blocked.TryGetValue(b.Ticker.Value, out var ids))
                {
                    _blocked[b.Ticker.Value] = ids = new SortedDictionary<string, MarketBlocked>(StringComparer.Ordinal);
                }

                ids[b.ClientOrderId.Value] = b;
                break;
            case MarketUnblocked u:
                if (_blocked.TryGetValue(u.Ticker.Value, out var blockedIds) && blockedIds.Remove(u.ClientOrderId.Value) && blockedIds.Count == 0)
                {
                    _blocked.Remove(u.Ticker.Value);
                }

                break;
        }
    }

    private RiskGuardianSnapshot TakeSnapshot() => new(
        _state,
        _stateReason,
        _killSwitch,
        _killSwitchReason,
        _breakerTripped,
        _breakerBaseEquity,
        _tradingDay,
        _dayStartEquity,
        _dailyLossDay,
        [.. _blocked.Values.SelectMany(v => v.Values)],
        [.. _pending.Values]);

    private void RestoreSnapshot(RiskGuardianSnapshot s)
    {
        _state = s.State;
        _stateReason = s.StateReason;
        _killSwitch = s.KillSwitch;
        _killSwitchReason = s.KillSwitchReason;
        _breakerTripped = s.DrawdownBreakerTripped;
        _breakerBaseEquity = s.BreakerBaseEquity;
        _peakSinceReset = s.BreakerBaseEquity;
        _tradingDay = s.TradingDay;
        _dayStartEquity = s.DayStartEquity;
        _dailyLossDay = s.DailyLossDay;
        _blocked.Clear();
        foreach (var b in s.BlockedMarkets)
        {
            Apply(b);
        }

        _pending.Clear();
        _ledger.ClearPending();
        foreach (var p in s.PendingIntents)
        {
            _pending[p.Intent.IntentId.Value] = p;
            _ledger.AddPending(p.Intent);
        }
    }

    /// <summary>Reads the order journal once recovery is done (see the OrderCatchUp part).</summary>
    private sealed record CatchUpOrders
    {
        public static CatchUpOrders Instance { get; } = new();
    }

    /// <summary>Ticks the day boundary, pending-intent timeouts and the error window.</summary>
    private sealed record Housekeeping
    {
        public static Housekeeping Instance { get; } = new();
    }
}
