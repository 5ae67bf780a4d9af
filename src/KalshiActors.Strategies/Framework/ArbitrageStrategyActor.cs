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
internal sealed partial class ArbitrageStrategyActor : StrategyActorBase
{
    private readonly IActorRef? _riskGuardian;

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

    public ArbitrageStrategyActor(StrategyInstanceSettings instance, IActorRef? riskGuardian)
        : base(instance)
    {
        _riskGuardian = riskGuardian;

        Recover<SignalRaised>(e => SignalsRaised = Math.Max(SignalsRaised, e.SignalNumber));
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
        Command<IntentApproved>(_ => { });
        Command<IntentRejected>(OnRejected);
        Command<OrderLifecycleEvent>(OnOrderEvent);
        Command<LegsTimedOut>(OnLegsTimedOut);
    }

    /// <summary>Creates the actor of <paramref name="instance"/>; <paramref name="riskGuardian"/> replaces the path lookup (tests).</summary>
    public static Props Props(StrategyInstanceSettings instance, IActorRef? riskGuardian = null) =>
        Kernel.Props.Create(() => new ArbitrageStrategyActor(instance, riskGuardian));

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
            Timers.StartSingleTimer(TimerKey(set.Opened.GroupId), new LegsTimedOut(set.Opened.GroupId), Parameters.Arbitrage.LegTimeout);
        }

        Log.LogInformation("Strategy {StrategyId} (Arbitrage) started {State} with {Signals} signals and {Open} open sets",
            Instance.Id, Enabled ? "enabled" : "disabled", SignalsRaised, _sets.Count);
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
        if (!Enabled || !Instance.Trades(updated.Ticker.Value, updated.SeriesTicker.Value)
            || _sets.Values.Any(s => s.Opened.EventTicker == updated.EventTicker))
        {
            return;
        }

        var now = Now;
        if (_lastClosedAt.TryGetValue(updated.EventTicker, out var last) && now - last < Parameters.Cooldown)
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
            var a = Parameters.Arbitrage;
            found = ArbitrageFinder.Find(quotes, updated.MutuallyExclusive, Parameters.MaxContracts, Parameters.LotSize,
                a.EventConfidence, a.LadderConfidence, a.MaxBookAge, a.MinReturn, Parameters.MinEdge);
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
        var groupId = $"{Instance.Id}:{opportunity.EventTicker.Value}:{SignalsRaised + 1}";
        var legs = new List<ArbitrageLegSent>();
        var signals = new List<SignalRaised>();
        var intents = new List<OrderIntent>();
        var number = SignalsRaised;
        var share = opportunity.ProfitPerSet.Units / (double)Money.UnitsPerDollar / opportunity.Legs.Count;
        foreach (var leg in opportunity.Legs)
        {
            number++;
            var intentId = IntentId.For(Instance.Id, leg.Ticker, number);
            var market = _catalog[leg.Ticker];

            // A leg's own "model value" is its price plus its share of the set's profit: what it is worth as part of the set.
            var probability = Math.Clamp((leg.Price.Units / (double)Price.UnitsPerDollar) + share, 0, 1);
            var sizing = new SizingRationale(0, 0, 1, Money.Zero, opportunity.Size, string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{opportunity.Kind} set of {opportunity.Legs.Count} legs x {opportunity.Size}: cost {opportunity.Cost}, profit {opportunity.Profit} after fees, return {opportunity.Return:P2}, confidence {opportunity.Confidence:F2}, score {opportunity.Score:F4}"));
            legs.Add(new ArbitrageLegSent(intentId, leg.Ticker, leg.Side, leg.Price, opportunity.Size));
            signals.Add(new SignalRaised(Instance.Id, number, leg.Ticker, leg.Side, TradeAction.Buy, probability, leg.Price, opportunity.ProfitPerSet, sizing, intentId, now));
            intents.Add(new OrderIntent(intentId, Instance.Id, leg.Ticker, market.EventTicker, leg.Side, TradeAction.Buy, leg.Price, opportunity.Size,
                ExecutionStyle.FillOrKill, probability, opportunity.ProfitPerSet, groupId, [], now));
        }

        var opened = new ArbitrageOpened(Instance.Id, groupId, opportunity.Kind, opportunity.EventTicker, legs, opportunity.Profit,
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
                    SignalsRaised = Math.Max(SignalsRaised, s.SignalNumber);
                    break;
            }

            if (++persisted < events.Count)
            {
                return;
            }

            Log.LogInformation(
                "Arbitrage {GroupId} ({Kind}) {Legs}: {Size} sets, cost {Cost}, profit {Profit} after fees, return {Return:P2}, score {Score:F4}",
                groupId, opportunity.Kind, string.Join(" + ", legs.Select(l => $"{l.Side} {l.Ticker} @ {l.Price}")), opportunity.Size, opportunity.Cost,
                opportunity.Profit, opportunity.Return, opportunity.Score);
            foreach (var intent in intents)
            {
                SendToRiskGuardian(intent);
            }

            Timers.StartSingleTimer(TimerKey(groupId), new LegsTimedOut(groupId), Parameters.Arbitrage.LegTimeout);
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

    private protected override IReadOnlyDictionary<MarketTicker, IntentId> PendingIntents() =>
        _sets.Values.SelectMany(s => s.Legs.Where(l => !l.Done).Select(l => (l.Sent.Ticker, l.Sent.IntentId)))
            .GroupBy(l => l.Ticker).ToDictionary(g => g.Key, g => g.First().IntentId);

    private static string TimerKey(string groupId) => "legs-timeout:" + groupId;

    /// <summary>The timer message: a set's legs did not all resolve in time.</summary>
    private sealed record LegsTimedOut(string GroupId);
}
