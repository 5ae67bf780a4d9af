using System.Collections.Concurrent;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Settings;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Strategies.Framework;

/// <summary>
/// One strategy instance: keeps the catalog, books, fair-value inputs and portfolio it needs from the event stream,
/// asks its model for P(YES) on every relevant update, and, when a leg's edge after fees clears the threshold on a live
/// book with fresh feeds, persists <see cref="SignalRaised"/> and sends an <see cref="OrderIntent"/> to the risk
/// guardian. One intent per market at a time; a cooldown per market after each signal. Enabled state, runtime
/// parameters, signals and intent outcomes are persisted, so a restart resumes exactly.
/// </summary>
internal sealed partial class StrategyActor : StrategyActorBase
{
    private readonly IStrategyModel _model;
    private readonly IActorRef? _riskGuardian;

    // The markets the catalog knows; only Active ones that pass the instance's filters are traded.
    private readonly Dictionary<MarketTicker, MarketInfo> _catalog = [];

    // The catalog's markets by the spot underlying the model prices them from, in catalog order; null when the catalog
    // or the parameters changed (rebuilt on the next spot), so a spot looks only at its own markets.
    private Dictionary<string, List<MarketTicker>>? _marketsByUnderlying;

    // The latest book of each market, as values (not the message, see MarketBook); an entry is replaced (and marked not
    // tradable) by a status change off Live.
    private readonly Dictionary<MarketTicker, MarketBook> _books = [];

    // Markets the catalog says this instance does not trade: nothing here reads their books, so the book-update
    // subscription declines them on the publisher's side (no message, no turn). Read by that filter on the book actors'
    // threads, hence concurrent; a market not (yet) listed is not here and its updates still come.
    private readonly ConcurrentDictionary<MarketTicker, byte> _notTraded = new();

    // Latest spot per underlying and game per event; freshness is checked on use.
    private readonly Dictionary<string, SpotPriceObserved> _spots = new(StringComparer.Ordinal);
    private readonly Dictionary<EventTicker, GameStateObserved> _games = [];

    // Feeds that announced themselves stale; nothing priced from them trades until they recover.
    private readonly HashSet<string> _staleFeeds = new(StringComparer.Ordinal);

    // Intents sent and not answered, one per market at most: a market with an entry gets no new intent.
    private readonly Dictionary<MarketTicker, IntentId> _pending = [];

    // Markets whose fee structure has no formula (flat table): warned about once, never traded.
    private readonly HashSet<MarketTicker> _unpriceable = [];

    // The instance's own open positions, from its own fills (kept only by models with exit rules), and the fills seen.
    private readonly Dictionary<MarketTicker, OwnPosition> _positions = [];
    private readonly HashSet<string> _tradeIds = new(StringComparer.Ordinal);

    // Calibration: model P(YES) of buy signals in markets not yet settled, and settled samples (P(YES), settled YES).
    private readonly Dictionary<MarketTicker, List<double>> _unsettledSamples = [];
    private readonly List<(double ProbabilityYes, bool SettledYes)> _settledSamples = [];

    // The table built from _settledSamples for the bins in force; null when it must be rebuilt.
    private CalibrationTable? _calibration;

    // When each market last raised a signal (for the cooldown).
    private readonly Dictionary<MarketTicker, DateTimeOffset> _lastSignalAt = [];

    // Whether the catalog has answered GetMarketCatalog; until it has (and the portfolio has reported), both are asked again.
    private bool _catalogReceived;

    private PortfolioUpdated? _portfolio;

    // The size held of each leg in _portfolio.
    private readonly Dictionary<(MarketTicker Ticker, Side Side), Quantity> _heldByLeg = [];

    // How long to wait for the catalog's and the portfolio's first answer before asking again.
    private static readonly TimeSpan StartupStateRetry = TimeSpan.FromSeconds(5);

    public StrategyActor(StrategyInstanceSettings instance, IActorRef? riskGuardian)
        : base(instance)
    {
        _riskGuardian = riskGuardian;
        _model = StrategyModels.Create(instance.Kind);

        Recover<SignalRaised>(Apply);
        Recover<StrategyIntentResolved>(Apply);
        Recover<StrategyFillRecorded>(Apply);
        Recover<StrategyOutcomeRecorded>(Apply);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<BookUpdated>(OnBook);
        Command<BookStatusChanged>(OnBookStatus);
        Command<MarketCatalogSnapshot>(snapshot =>
        {
            _catalogReceived = true;
            foreach (var market in snapshot.Markets)
            {
                Catalogue(market);
            }

            _marketsByUnderlying = null;
        });
        Command<RequestStartupState>(_ => AskForStartupState());
        Command<MarketListed>(listed =>
        {
            Catalogue(listed.Market);
            _marketsByUnderlying = null;
        });
        Command<MarketStateChanged>(changed =>
        {
            if (_catalog.TryGetValue(changed.Ticker, out var market))
            {
                _catalog[changed.Ticker] = market with { State = changed.To };
            }
        });
        Command<SpotPriceObserved>(OnSpot);
        Command<GameStateObserved>(OnGame);
        Command<FairValueObservation>(observation => _model.Observe(observation, Parameters));
        Command<FeedStatusChanged>(OnFeedStatus);
        Command<PortfolioUpdated>(OnPortfolio);
        Command<IntentApproved>(approved => Resolve(approved.Intent, IntentOutcome.Approved, "approved"));
        Command<IntentRejected>(rejected => Resolve(rejected.Intent, IntentOutcome.Rejected, $"{rejected.Check}: {rejected.Reason}"));
        Command<IntentTimedOut>(OnIntentTimedOut);
        Command<OrderLifecycleEvent>(OnOrderEvent);
        Command<ScanCompleted>(OnScan);
        Command<MarketSettled>(OnSettled);
    }

    /// <summary>Creates the actor of <paramref name="instance"/>; <paramref name="riskGuardian"/> replaces the path lookup (tests).</summary>
    public static Props Props(StrategyInstanceSettings instance, IActorRef? riskGuardian = null) =>
        Kernel.Props.Create(() => new StrategyActor(instance, riskGuardian));

    private void OnRecovered()
    {
        var stream = Context.System.EventStream;
        stream.Subscribe<BookUpdated>(Self, book => !_notTraded.ContainsKey(book.Ticker));
        foreach (var channel in new[]
                 {
                     typeof(BookStatusChanged), typeof(MarketListed), typeof(MarketStateChanged),
                     typeof(FairValueObservation), typeof(FeedStatusChanged), typeof(PortfolioUpdated),
                 })
        {
            stream.Subscribe(Self, channel);
        }

        if (Instance.Kind == StrategyKind.ExpectedValue)
        {
            stream.Subscribe(Self, typeof(MarketSettled));
        }

        if (_model is IExitRule)
        {
            stream.Subscribe(Self, typeof(OrderLifecycleEvent));
        }

        if (_model is IScanObserver)
        {
            stream.Subscribe(Self, typeof(ScanCompleted));
            Context.ActorSelection(ActorNames.MarketDataPath + "/" + ActorNames.Scanner).Tell(new GetLatestScan(), Self);
        }

        AskForStartupState();

        // An intent sent before the restart may never be answered (the answer went to the old incarnation); give it one
        // timeout from now, then free the market.
        foreach (var (ticker, intentId) in _pending)
        {
            Timers.StartSingleTimer(TimerKey(ticker), new IntentTimedOut(intentId, ticker), Parameters.IntentTimeout);
        }

        Log.LogInformation(
            "Strategy {StrategyId} ({Kind}) started {State} with {Signals} signals and {Pending} pending intents",
            Instance.Id, Instance.Kind, Enabled ? "enabled" : "disabled", SignalsRaised, _pending.Count);
    }

    /// <summary>
    /// Asks the catalog and the portfolio for their state, and asks again later while either has not answered: at node
    /// start they may not exist yet, and what the event stream carries afterwards is only the changes.
    /// </summary>
    private void AskForStartupState()
    {
        if (!_catalogReceived)
        {
            Context.ActorSelection(ActorNames.CatalogPath).Tell(new GetMarketCatalog(), Self);
        }

        if (_portfolio is null)
        {
            Context.ActorSelection(ActorNames.PortfolioPath).Tell(new GetPortfolio(), Self);
        }

        if (!_catalogReceived || _portfolio is null)
        {
            Timers.StartSingleTimer(nameof(AskForStartupState), RequestStartupState.Instance, StartupStateRetry);
        }
    }

    private void Catalogue(MarketInfo market)
    {
        _catalog[market.Ticker] = market;
        if (!Instance.Trades(market.Ticker.Value, market.SeriesTicker.Value) && _notTraded.TryAdd(market.Ticker, 0))
        {
            _books.Remove(market.Ticker);
        }
    }

    private void OnBook(BookUpdated book)
    {
        _books[book.Ticker] = MarketBook.Of(book);
        if (_model is IBookObserver observer && _catalog.TryGetValue(book.Ticker, out var market) && Instance.Trades(book.Ticker.Value, market.SeriesTicker.Value))
        {
            observer.ObserveBook(book, Parameters, Now);
        }

        Evaluate(book.Ticker);
    }

    private void OnScan(ScanCompleted scan)
    {
        if (_model is not IScanObserver observer)
        {
            return;
        }

        foreach (var ticker in observer.ObserveScan(scan, Parameters))
        {
            Evaluate(ticker);
        }

        // Held markets are judged again too: a new ranking can make one of them the one to rotate out.
        foreach (var ticker in _positions.Keys.ToList())
        {
            Evaluate(ticker);
        }
    }

    private void OnSettled(MarketSettled settled)
    {
        if (!_unsettledSamples.ContainsKey(settled.Ticker))
        {
            return;
        }

        Persist(new StrategyOutcomeRecorded(Instance.Id, settled.Ticker, settled.SettlementValue, Now), Apply);
    }

    private void Apply(StrategyOutcomeRecorded e)
    {
        if (_unsettledSamples.Remove(e.Ticker, out var samples))
        {
            var yes = Reports.CalibrationSample.SettledYes(e.SettlementValue);
            _settledSamples.AddRange(samples.Select(p => (p, yes)));
            _calibration = null;
        }
    }

    /// <summary>The calibration table for the bins in force (rebuilt after new outcomes or a parameter change).</summary>
    internal CalibrationTable Calibration()
    {
        var settings = Parameters.Calibration;
        if (_calibration is null || _calibration.Bins().Count != settings.Bins || _calibration.MinSamples != settings.MinSamples)
        {
            _calibration = new CalibrationTable(settings.Bins, settings.MinSamples);
            foreach (var (p, yes) in _settledSamples)
            {
                _calibration.Add(p, yes);
            }
        }

        return _calibration;
    }

    private void OnOrderEvent(OrderLifecycleEvent order)
    {
        var fill = order switch
        {
            OrderFilled f when f.StrategyId == Instance.Id => (f.TradeId, f.Side, f.Action, f.Price, f.Count, f.Fee),
            OrderPartiallyFilled p when p.StrategyId == Instance.Id => (p.TradeId, p.Side, p.Action, p.Price, p.Count, p.Fee),
            _ => default((string TradeId, Side Side, Domain.Action Action, Price Price, Quantity Count, Money Fee)?),
        };
        if (fill is not { } f2 || _tradeIds.Contains(f2.TradeId))
        {
            return;
        }

        var close = _catalog.TryGetValue(order.Ticker, out var market) ? market.CloseTime : null;
        // Applied now (the trade id is known, so a repeat is ignored) and stored without holding up other markets' updates.
        var recorded = new StrategyFillRecorded(Instance.Id, f2.TradeId, order.Ticker, f2.Side, f2.Action, f2.Price, f2.Count, f2.Fee, close, order.At);
        Apply(recorded);
        PersistAsync(recorded, e => Evaluate(e.Ticker));
    }

    private void OnBookStatus(BookStatusChanged changed)
    {
        if (changed.To != BookStatus.Live && _books.TryGetValue(changed.Ticker, out var book))
        {
            _books[changed.Ticker] = book with { Status = changed.To };
        }
    }

    private void OnSpot(SpotPriceObserved spot)
    {
        // A spot repeating a fresh last price changes no input (unless the model learns from every spot): its markets were
        // evaluated on that price already, and each is evaluated again on its next book update. It still renews freshness.
        var unchanged = _spots.TryGetValue(spot.Underlying, out var last) && last.Price == spot.Price && IsFresh(last) && !_model.LearnsFromEverySpot;
        _spots[spot.Underlying] = spot;
        _model.Observe(spot, Parameters);
        if (unchanged || !MarketsByUnderlying().TryGetValue(spot.Underlying, out var markets))
        {
            return;
        }

        foreach (var ticker in markets)
        {
            Evaluate(ticker);
        }
    }

    private Dictionary<string, List<MarketTicker>> MarketsByUnderlying()
    {
        if (_marketsByUnderlying is { } index)
        {
            return index;
        }

        index = new Dictionary<string, List<MarketTicker>>(StringComparer.Ordinal);
        foreach (var market in _catalog.Values)
        {
            if (_model.UnderlyingOf(market, Parameters) is { } underlying)
            {
                if (!index.TryGetValue(underlying, out var markets))
                {
                    index[underlying] = markets = [];
                }

                markets.Add(market.Ticker);
            }
        }

        _marketsByUnderlying = index;
        return index;
    }

    private void OnGame(GameStateObserved game)
    {
        _model.Observe(game, Parameters);
        if (game.EventTicker is not { } eventTicker)
        {
            return;
        }

        _games[eventTicker] = game;
        foreach (var market in _catalog.Values)
        {
            if (market.EventTicker == eventTicker)
            {
                Evaluate(market.Ticker);
            }
        }
    }

    private void OnFeedStatus(FeedStatusChanged status)
    {
        if (status.IsStale)
        {
            _staleFeeds.Add(status.FeedName);
        }
        else
        {
            _staleFeeds.Remove(status.FeedName);
        }
    }

    private void Resolve(OrderIntent intent, IntentOutcome outcome, string detail)
    {
        if (!_pending.TryGetValue(intent.Ticker, out var pending) || pending != intent.IntentId)
        {
            Log.LogWarning("Strategy {StrategyId} got {Outcome} for {IntentId}, which is not pending (late after a timeout?)", Instance.Id, outcome, intent.IntentId);
            return;
        }

        // Applied now and stored without holding up the book updates of every other market (a failed write stops the
        // actor, which then recovers from the journal).
        var resolved = new StrategyIntentResolved(Instance.Id, intent.IntentId, intent.Ticker, outcome, detail, Now);
        Apply(resolved);
        PersistAsync(resolved, e =>
        {
            Timers.Cancel(TimerKey(e.Ticker));
            Log.LogInformation("Intent {IntentId} {Outcome}: {Detail}", e.IntentId, e.Outcome, e.Detail);
        });
    }

    private void OnIntentTimedOut(IntentTimedOut timeout)
    {
        if (!_pending.TryGetValue(timeout.Ticker, out var pending) || pending != timeout.IntentId)
        {
            return;
        }

        Persist(
            new StrategyIntentResolved(Instance.Id, timeout.IntentId, timeout.Ticker, IntentOutcome.TimedOut, $"no answer from the risk guardian within {Parameters.IntentTimeout}", Now),
            e =>
            {
                Apply(e);
                Log.LogWarning("Intent {IntentId} timed out: {Detail}", e.IntentId, e.Detail);
            });
    }

    private protected override void OnParametersChanged() => _marketsByUnderlying = null;

    private void Apply(SignalRaised e)
    {
        SignalsRaised = Math.Max(SignalsRaised, e.SignalNumber);
        _lastSignalAt[e.Ticker] = e.At;
        if (e.Action == Domain.Action.Buy && Instance.Kind == StrategyKind.ExpectedValue)
        {
            if (!_unsettledSamples.TryGetValue(e.Ticker, out var samples))
            {
                samples = [];
                _unsettledSamples[e.Ticker] = samples;
            }

            samples.Add(Reports.CalibrationSample.ProbabilityYes(e));
        }

        if (e.IntentId is { } intentId)
        {
            _pending[e.Ticker] = intentId;
        }
    }

    private void Apply(StrategyFillRecorded e)
    {
        _tradeIds.Add(e.TradeId);
        if (OwnPosition.Apply(_positions.GetValueOrDefault(e.Ticker), e) is { } position)
        {
            _positions[e.Ticker] = position;
        }
        else
        {
            _positions.Remove(e.Ticker);
        }
    }

    private void Apply(StrategyIntentResolved e)
    {
        if (_pending.TryGetValue(e.Ticker, out var pending) && pending == e.IntentId)
        {
            _pending.Remove(e.Ticker);
        }
    }

    private protected override IReadOnlyDictionary<MarketTicker, IntentId> PendingIntents() => new Dictionary<MarketTicker, IntentId>(_pending);

    private static string TimerKey(MarketTicker ticker) => "intent-timeout:" + ticker.Value;
}
