using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Settings;
using Microsoft.Extensions.Logging;
using TradeAction = KalshiActors.Domain.Action;

namespace KalshiActors.Strategies.Framework;

/// <summary>
/// The arbitrage strategy (`arbitrage`): on every book update of an event's market it looks for a riskless set of taker
/// buys in that event (<see cref="ArbitrageFinder"/>: YES across a mutually exclusive event, or YES low / NO high across a
/// strike ladder), takes the best-scoring one, persists <see cref="ArbitrageOpened"/> and one <see cref="SignalRaised"/>
/// per leg, and sends every leg to the risk guardian as a fill-or-kill <see cref="OrderIntent"/> sharing one
/// <see cref="OrderIntent.ArbitrageGroup"/>. It follows the legs' orders on the event stream; when a leg fails (rejected,
/// killed, or not resolved within `leg-timeout`) the legs that filled are sold back at their bids (immediate-or-cancel,
/// reducing) and the loss is booked in <see cref="ArbitrageClosed"/>. One open set per event at a time; `cooldown` per
/// event after a set closes.
/// </summary>
internal sealed partial class ArbitrageStrategyActor : ReceivePersistentActor, IWithTimers
{
    private readonly StrategyInstanceSettings _instance;
    private readonly IActorRef? _riskGuardian;
    private readonly ILogger _log;

    // Markets the catalog knows, and the tickers of each event (for gathering an event's quotes on one update).
    private readonly Dictionary<MarketTicker, MarketInfo> _catalog = [];
    private readonly Dictionary<EventTicker, HashSet<MarketTicker>> _events = [];

    // The latest book of each market (status changes off Live replace the entry's status).
    private readonly Dictionary<MarketTicker, BookUpdated> _books = [];

    // Open sets by group id, and the event each occupies (one open set per event).
    private readonly Dictionary<string, ArbitrageSet> _sets = new(StringComparer.Ordinal);

    // When each event's last set closed (for the cooldown).
    private readonly Dictionary<EventTicker, DateTimeOffset> _lastClosedAt = [];

    private bool _catalogReceived;
    private bool _enabled;
    private IReadOnlyDictionary<string, string> _overrides = new Dictionary<string, string>();
    private StrategyParameters _parameters;
    private long _signalsRaised;

    public ArbitrageStrategyActor(StrategyInstanceSettings instance, IActorRef? riskGuardian)
    {
        _instance = instance;
        _riskGuardian = riskGuardian;
        _enabled = instance.Enabled;
        _parameters = StrategyParameters.Parse(instance.Kind, instance.Parameters).Parameters;
        _log = Context.GetLogger();

        Recover<StrategyEnabledChanged>(e => _enabled = e.Enabled);
        Recover<StrategyParametersChanged>(Apply);
        Recover<SignalRaised>(e => _signalsRaised = Math.Max(_signalsRaised, e.SignalNumber));
        Recover<ArbitrageOpened>(Apply);
        Recover<ArbitrageClosed>(Apply);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<BookUpdated>(OnBook);
        Command<BookStatusChanged>(changed =>
        {
            if (changed.To != BookStatus.Live && _books.TryGetValue(changed.Ticker, out var book))
            {
                _books[changed.Ticker] = book with { Status = changed.To };
            }
        });
        Command<MarketCatalogSnapshot>(snapshot =>
        {
            _catalogReceived = true;
            foreach (var market in snapshot.Markets)
            {
                Add(market);
            }
        });
        Command<MarketListed>(listed => Add(listed.Market));
        Command<MarketStateChanged>(changed =>
        {
            if (_catalog.TryGetValue(changed.Ticker, out var market))
            {
                _catalog[changed.Ticker] = market with { State = changed.To };
            }
        });
        Command<RequestStartupState>(_ => AskForCatalog());
        Command<PortfolioUpdated>(_ => { });
        Command<EnableStrategy>(_ => SetEnabled(true));
        Command<DisableStrategy>(_ => SetEnabled(false));
        Command<UpdateStrategyParameters>(OnUpdateParameters);
        Command<IntentApproved>(_ => { });
        Command<IntentRejected>(OnRejected);
        Command<OrderLifecycleEvent>(OnOrderEvent);
        Command<LegsTimedOut>(OnLegsTimedOut);
        Command<GetStrategyStatus>(_ => Sender.Tell(Status(), Self));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => ActorNames.Strategy(_instance.Id);

    private DateTimeOffset Now => Context.System.TimeProvider.GetUtcNow();

    /// <summary>Creates the actor of <paramref name="instance"/>; <paramref name="riskGuardian"/> replaces the path lookup (tests).</summary>
    public static Props Props(StrategyInstanceSettings instance, IActorRef? riskGuardian = null) =>
        Kernel.Props.Create(() => new ArbitrageStrategyActor(instance, riskGuardian));

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        base.PostStop();
    }

    private void OnRecovered()
    {
        var stream = Context.System.EventStream;
        foreach (var channel in new[] { typeof(BookUpdated), typeof(BookStatusChanged), typeof(MarketListed), typeof(MarketStateChanged), typeof(OrderLifecycleEvent) })
        {
            stream.Subscribe(Self, channel);
        }

        AskForCatalog();

        // Sets left open by the previous incarnation: their orders' outcomes may have been missed; give them one leg
        // timeout from now, then unwind what is known to have filled.
        foreach (var set in _sets.Values)
        {
            Timers.StartSingleTimer(TimerKey(set.Opened.GroupId), new LegsTimedOut(set.Opened.GroupId), _parameters.Arbitrage.LegTimeout);
        }

        _log.LogInformation("Strategy {StrategyId} (Arbitrage) started {State} with {Signals} signals and {Open} open sets",
            _instance.Id, _enabled ? "enabled" : "disabled", _signalsRaised, _sets.Count);
    }

    private void AskForCatalog()
    {
        if (_catalogReceived)
        {
            return;
        }

        Context.ActorSelection(ActorNames.CatalogPath).Tell(new GetMarketCatalog(), Self);
        Timers.StartSingleTimer(nameof(AskForCatalog), RequestStartupState.Instance, TimeSpan.FromSeconds(5));
    }

    private void Add(MarketInfo market)
    {
        _catalog[market.Ticker] = market;
        if (!_events.TryGetValue(market.EventTicker, out var tickers))
        {
            tickers = [];
            _events[market.EventTicker] = tickers;
        }

        tickers.Add(market.Ticker);
    }

    private void OnBook(BookUpdated book)
    {
        _books[book.Ticker] = book;
        if (_catalog.TryGetValue(book.Ticker, out var market))
        {
            Evaluate(market);
        }
    }

    /// <summary>Looks for a set in the event of <paramref name="updated"/> and sends the best one.</summary>
    private void Evaluate(MarketInfo updated)
    {
        if (!_enabled || !_instance.Trades(updated.Ticker.Value, updated.SeriesTicker.Value)
            || _sets.Values.Any(s => s.Opened.EventTicker == updated.EventTicker))
        {
            return;
        }

        var now = Now;
        if (_lastClosedAt.TryGetValue(updated.EventTicker, out var last) && now - last < _parameters.Cooldown)
        {
            return;
        }

        var quotes = Quotes(updated.EventTicker, updated.MutuallyExclusive, now);
        if (quotes is null)
        {
            return;
        }

        IReadOnlyList<ArbitrageOpportunity> found;
        try
        {
            var a = _parameters.Arbitrage;
            found = ArbitrageFinder.Find(quotes, updated.MutuallyExclusive, _parameters.MaxContracts, _parameters.LotSize,
                a.EventConfidence, a.LadderConfidence, a.MaxBookAge, a.MinReturn, _parameters.MinEdge);
        }
        catch (UnsupportedFeeTypeException)
        {
            return;
        }

        if (found.Count > 0)
        {
            Open(found[0], now);
        }
    }

    /// <summary>
    /// The quotes of an event's tradable markets; for an exclusive event every listed market must be active with a live
    /// book (a missing outcome would break "exactly one pays"), else null.
    /// </summary>
    private List<ArbitrageQuote>? Quotes(EventTicker eventTicker, bool exclusive, DateTimeOffset now)
    {
        var quotes = new List<ArbitrageQuote>();
        foreach (var ticker in _events[eventTicker])
        {
            var market = _catalog[ticker];
            var live = market.State == MarketState.Active && _books.TryGetValue(ticker, out var book) && book.IsTradable;
            if (!live)
            {
                if (exclusive)
                {
                    return null;
                }

                continue;
            }

            var top = _books[ticker];
            quotes.Add(new ArbitrageQuote(market, top.Top, now - top.ReceivedAt));
        }

        return quotes;
    }

    private void Open(ArbitrageOpportunity opportunity, DateTimeOffset now)
    {
        var groupId = $"{_instance.Id}:{opportunity.EventTicker.Value}:{_signalsRaised + 1}";
        var legs = new List<ArbitrageLegSent>();
        var signals = new List<SignalRaised>();
        var intents = new List<OrderIntent>();
        var number = _signalsRaised;
        var share = opportunity.ProfitPerSet.Units / (double)Money.UnitsPerDollar / opportunity.Legs.Count;
        foreach (var leg in opportunity.Legs)
        {
            number++;
            var intentId = IntentId.For(_instance.Id, leg.Ticker, number);
            var market = _catalog[leg.Ticker];

            // A leg's own "model value" is its price plus its share of the set's profit: what it is worth as part of the set.
            var probability = Math.Clamp((leg.Price.Units / (double)Price.UnitsPerDollar) + share, 0, 1);
            var sizing = new SizingRationale(0, 0, 1, Money.Zero, opportunity.Size, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{opportunity.Kind} set of {opportunity.Legs.Count} legs x {opportunity.Size}: cost {opportunity.Cost}, profit {opportunity.Profit} after fees, return {opportunity.Return:P2}, confidence {opportunity.Confidence:F2}, score {opportunity.Score:F4}"));
            legs.Add(new ArbitrageLegSent(intentId, leg.Ticker, leg.Side, leg.Price, opportunity.Size));
            signals.Add(new SignalRaised(_instance.Id, number, leg.Ticker, leg.Side, TradeAction.Buy, probability, leg.Price, opportunity.ProfitPerSet, sizing, intentId, now));
            intents.Add(new OrderIntent(intentId, _instance.Id, leg.Ticker, market.EventTicker, leg.Side, TradeAction.Buy, leg.Price, opportunity.Size,
                ExecutionStyle.FillOrKill, probability, opportunity.ProfitPerSet, groupId, [], now));
        }

        var opened = new ArbitrageOpened(_instance.Id, groupId, opportunity.Kind, opportunity.EventTicker, legs, opportunity.Profit,
            opportunity.Return, opportunity.Confidence, opportunity.Score, now);
        var events = new List<object> { opened };
        events.AddRange(signals);
        var persisted = 0;
        PersistAll(events, e =>
        {
            switch (e)
            {
                case ArbitrageOpened o:
                    Apply(o);
                    break;
                case SignalRaised s:
                    _signalsRaised = Math.Max(_signalsRaised, s.SignalNumber);
                    break;
            }

            if (++persisted < events.Count)
            {
                return;
            }

            _log.LogInformation(
                "Arbitrage {GroupId} ({Kind}) {Legs}: {Size} sets, cost {Cost}, profit {Profit} after fees, return {Return:P2}, score {Score:F4}",
                groupId, opportunity.Kind, string.Join(" + ", legs.Select(l => $"{l.Side} {l.Ticker} @ {l.Price}")), opportunity.Size, opportunity.Cost,
                opportunity.Profit, opportunity.Return, opportunity.Score);
            foreach (var intent in intents)
            {
                SendToRiskGuardian(intent);
            }

            Timers.StartSingleTimer(TimerKey(groupId), new LegsTimedOut(groupId), _parameters.Arbitrage.LegTimeout);
        });
    }

    private void SendToRiskGuardian(OrderIntent intent)
    {
        if (_riskGuardian is { } guardian)
        {
            guardian.Tell(intent, Self);
        }
        else
        {
            Context.ActorSelection(ActorNames.RiskGuardianPath).Tell(intent, Self);
        }
    }

    private void SetEnabled(bool enabled)
    {
        var replyTo = Sender;
        if (_enabled == enabled)
        {
            replyTo.Tell(new StrategyCommandResult(_instance.Id, true, null), Self);
            return;
        }

        Persist(new StrategyEnabledChanged(_instance.Id, enabled, Now), e =>
        {
            _enabled = e.Enabled;
            replyTo.Tell(new StrategyCommandResult(_instance.Id, true, null), Self);
        });
    }

    private void OnUpdateParameters(UpdateStrategyParameters command)
    {
        var (merged, errors) = _instance.MergeOverrides(_overrides, command.Parameters);
        if (errors.Count > 0)
        {
            Sender.Tell(new StrategyCommandResult(_instance.Id, false, string.Join("; ", errors)), Self);
            return;
        }

        var replyTo = Sender;
        Persist(new StrategyParametersChanged(_instance.Id, merged, Now), e =>
        {
            Apply(e);
            replyTo.Tell(new StrategyCommandResult(_instance.Id, true, null), Self);
        });
    }

    private void Apply(StrategyParametersChanged e)
    {
        _overrides = e.Overrides;
        _parameters = _instance.ParametersWith(e.Overrides);
    }

    private StrategyStatus Status() => new(
        _instance.Id,
        _instance.Kind.ToString(),
        _enabled,
        _overrides,
        _signalsRaised,
        _sets.Values.SelectMany(s => s.Legs.Where(l => !l.Done).Select(l => (l.Sent.Ticker, l.Sent.IntentId)))
            .GroupBy(l => l.Ticker).ToDictionary(g => g.Key, g => g.First().IntentId));

    private static string TimerKey(string groupId) => "legs-timeout:" + groupId;

    /// <summary>The timer message: a set's legs did not all resolve in time.</summary>
    private sealed record LegsTimedOut(string GroupId);
}
