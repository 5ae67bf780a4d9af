using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Simulator.Ledger;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;
using KalshiActors.Simulator.Participants;

namespace KalshiActors.Simulator;

/// <summary>
/// The whole simulated exchange state: markets, books, accounts, lifecycle and synthetic participants.
/// One lock (<see cref="Sync"/>) serialises every operation, so each book sees a single ordered stream, as on the
/// real exchange's per-market matching engine, and a seeded run replays identically.
/// </summary>
internal sealed partial class SimulatedExchange : IMatchListener
{
    private readonly Random random;
    private readonly Dictionary<string, SimMarket> markets = new(StringComparer.Ordinal);
    private readonly List<SimMarket> marketOrder = [];
    private readonly Dictionary<string, MarketGroup> events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimAccount> accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimOrder> orders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SpotProcess> spots = new(StringComparer.Ordinal);
    private readonly List<(MarketDefinition Definition, SpotProcess Spot, DateTimeOffset NextOpen)> rollingSeries = [];

    // Definitions that list their next event once one settles, with the event of theirs listed now.
    private readonly List<(MarketDefinition Definition, string EventTicker)> relisting = [];
    private readonly SyntheticParticipants participants;

    // Public tape, newest last (REST /markets/trades); trimmed to the newest TapeLimit prints so a long run stays bounded.
    private readonly List<TradeRecord> trades = [];

    // Resting orders that carry an expiry, checked each step (not every order, which would grow without bound).
    private readonly List<SimOrder> expiring = [];

    private const int TapeLimit = 100_000;

    // Counters that make ids deterministic for a seed.
    private long orderCounter;
    private long tradeCounter;

    // Next time participants act and deadlines are checked.
    private DateTimeOffset nextStep;

    // The market whose operation is running, for publishing deltas and ticker changes.
    private SimMarket? activeMarket;
    private DateTimeOffset operationTime;

    /// <summary>Creates the exchange and lists the configured markets as of the provider's current time.</summary>
    public SimulatedExchange(SimulatorSettings settings, TimeProvider time)
    {
        Settings = settings;
        Time = time;
        random = new Random(settings.Seed);
        Faults = new FaultState(settings.Faults);
        participants = new SyntheticParticipants(this, settings);
        StartedAt = time.GetUtcNow();
        nextStep = StartedAt;
        lock (Sync)
        {
            foreach (var definition in settings.Markets)
            {
                if (List(definition, StartedAt) is { } eventTicker && definition.Relist)
                {
                    relisting.Add((definition, eventTicker));
                }
            }

            Advance(StartedAt);
        }
    }

    /// <summary>Serialises every read and write.</summary>
    public Lock Sync { get; } = new();

    /// <summary>Configuration.</summary>
    public SimulatorSettings Settings { get; }

    /// <summary>The only clock.</summary>
    public TimeProvider Time { get; }

    /// <summary>When the exchange started.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Faults in force.</summary>
    public FaultState Faults { get; }

    /// <summary>Where events go; a no-op until the server attaches its hub.</summary>
    public ISimulatorFeed? Feed { get; set; }

    /// <summary>The hidden spot processes by series (ladders and rolling crypto windows of a series share one).</summary>
    public IReadOnlyDictionary<string, SpotProcess> Spots => spots;

    /// <summary>Markets in listing order.</summary>
    public IReadOnlyList<SimMarket> Markets => marketOrder;

    /// <summary>Events by ticker.</summary>
    public IReadOnlyDictionary<string, MarketGroup> Events => events;

    /// <summary>The public tape, oldest first.</summary>
    public IReadOnlyList<TradeRecord> Trades => trades;

    /// <summary>The seeded generator (participants and fair-value processes draw from it, in a fixed order).</summary>
    internal Random Random => random;

    /// <summary>Finds a market.</summary>
    public SimMarket? Market(string ticker) => markets.GetValueOrDefault(ticker);

    /// <summary>Finds an order.</summary>
    public SimOrder? Order(string orderId) => orders.GetValueOrDefault(orderId);

    /// <summary>An account, created with the starting balance on first use (client keys) or unlimited (participants).</summary>
    public SimAccount Account(string id, bool synthetic = false)
    {
        if (!accounts.TryGetValue(id, out var account))
        {
            account = new SimAccount(id, synthetic ? 0 : (long)(Settings.StartingBalance * Units.MicrosPerDollar), synthetic);
            accounts[id] = account;
        }

        return account;
    }

    /// <summary>
    /// Runs every step due up to <paramref name="now"/>: lifecycle deadlines, rolling windows, expiries and synthetic
    /// participants, each at its own step time so the outcome does not depend on how often this is called.
    /// </summary>
    public void Advance(DateTimeOffset now)
    {
        lock (Sync)
        {
            while (nextStep <= now)
            {
                var stepTime = nextStep;
                nextStep += Settings.StepInterval;
                RunStep(stepTime);
            }
        }
    }

    private void RunStep(DateTimeOffset now)
    {
        RollSeries(now);
        foreach (var group in events.Values)
        {
            if (group.Markets.Any(m => m.Status == MarketStatus.Active))
            {
                group.Step(Settings.StepInterval, now, random);
            }
        }

        foreach (var market in marketOrder.ToList())
        {
            UpdateLifecycle(market, now);
        }

        RelistSettled(now);
        ExpireOrders(now);
        if (Settings.ParticipantsEnabled)
        {
            participants.Step(now);
        }
    }

    private void RollSeries(DateTimeOffset now)
    {
        for (var i = 0; i < rollingSeries.Count; i++)
        {
            var (definition, spot, nextOpen) = rollingSeries[i];
            while (nextOpen <= now)
            {
                ListCryptoWindow(definition, spot, nextOpen, now);
                nextOpen += TimeSpan.FromMinutes(15);
            }

            rollingSeries[i] = (definition, spot, nextOpen);
        }
    }

    private void ExpireOrders(DateTimeOffset now)
    {
        expiring.RemoveAll(o => o.Status != OrderStatus.Resting);
        var expired = expiring.Where(o => o.ExpiresAt is { } at && at <= now).ToList();
        foreach (var order in expired)
        {
            var market = markets[order.Ticker];
            RunOnMarket(market, now, () => market.Book.Cancel(order, CancelReason.Expired, now, this));
        }
    }

    /// <summary>The next step time, for the server's timer.</summary>
    internal DateTimeOffset NextStep => nextStep;

    private string NextOrderId() => string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-8000-{++orderCounter:x12}");

    private string NextTradeId() => string.Create(CultureInfo.InvariantCulture, $"00000000-0000-4000-9000-{++tradeCounter:x12}");

    /// <summary>Runs an operation on one market and publishes its ticker if the top of book moved.</summary>
    private void RunOnMarket(SimMarket market, DateTimeOffset now, System.Action operation)
    {
        var previousMarket = activeMarket;
        var previousTime = operationTime;
        activeMarket = market;
        operationTime = now;
        try
        {
            operation();
        }
        finally
        {
            activeMarket = previousMarket;
            operationTime = previousTime;
        }

        PublishTickerIfChanged(market, now);
    }

    private void PublishTickerIfChanged(SimMarket market, DateTimeOffset now)
    {
        var book = market.Book;
        var current = (book.BestBid, book.BestBidSize, book.BestAsk, book.BestAskSize, market.LastPrice, market.Volume, market.OpenInterest);
        if (current != market.LastTicker)
        {
            market.LastTicker = current;
            market.UpdatedAt = now;
            Feed?.TickerChanged(market, now);
        }
    }

    /// <inheritdoc />
    void IMatchListener.OnTrade(in BookTrade trade)
    {
        var market = markets[trade.Taker.Ticker];
        var now = operationTime;
        var tradeId = NextTradeId();
        var takerAccount = Account(trade.Taker.AccountId);
        var makerAccount = Account(trade.Maker.AccountId);
        var yesBefore = OpenInterestContribution(takerAccount, market) + OpenInterestContribution(makerAccount, market);
        var takerFill = BookFill(takerAccount, market, trade.Taker, tradeId, trade.Price, trade.Quantity, true, trade.TakerFee, now);
        var makerFill = BookFill(makerAccount, market, trade.Maker, tradeId, trade.Price, trade.Quantity, false, trade.MakerFee, now);
        var yesAfter = OpenInterestContribution(takerAccount, market) + OpenInterestContribution(makerAccount, market);
        market.OpenInterest += ReferenceEquals(takerAccount, makerAccount) ? 0 : yesAfter - yesBefore;
        market.LastPrice = trade.Price;
        market.Volume += trade.Quantity;
        trades.Add(new TradeRecord(tradeId, market.Ticker, trade.Price, trade.Quantity, trade.Taker.Side, now));
        if (trades.Count > TapeLimit + (TapeLimit / 10))
        {
            trades.RemoveRange(0, trades.Count - TapeLimit);
        }

        Feed?.TradePrinted(market, tradeId, trade.Price, trade.Quantity, trade.Taker.Side, now);
        Feed?.Filled(takerAccount, takerFill);
        Feed?.Filled(makerAccount, makerFill);
        Feed?.PositionChanged(takerAccount, takerAccount.Positions[market.Ticker]);
        Feed?.PositionChanged(makerAccount, makerAccount.Positions[market.Ticker]);
    }

    private static long OpenInterestContribution(SimAccount account, SimMarket market) =>
        account.Positions.TryGetValue(market.Ticker, out var position) ? Math.Max(0, position.Position) : 0;

    private static FillRecord BookFill(SimAccount account, SimMarket market, SimOrder order, string tradeId, int price, long quantity, bool isTaker, long fee, DateTimeOffset now)
    {
        var position = account.PositionIn(market.Ticker, market.EventTicker);
        account.ApplyFill(position, order.Side, price, quantity, fee);
        position.LastUpdated = now;
        var fill = new FillRecord(tradeId, order.OrderId, order.ClientOrderId, market.Ticker, market.Group.ExchangeIndex, order.Side, price, quantity,
            isTaker, fee, position.Position, order.Subaccount, now);
        if (!account.Unlimited)
        {
            // Synthetic participants trade forever; their fills are never read back, so they are not kept.
            account.Fills.Add(fill);
        }

        return fill;
    }

    /// <inheritdoc />
    void IMatchListener.OnLevelChanged(BookSide side, int price, long delta)
    {
        if (activeMarket is not null)
        {
            Feed?.BookChanged(activeMarket, side, price, delta, operationTime);
        }
    }

    /// <inheritdoc />
    void IMatchListener.OnOrderChanged(SimOrder order)
    {
        var account = Account(order.AccountId);
        if (order.Status == OrderStatus.Resting)
        {
            account.OpenOrders[order.OrderId] = order;
        }
        else
        {
            account.OpenOrders.Remove(order.OrderId);
            if (account.Unlimited)
            {
                // Finished participant orders are never looked up again; dropping them keeps a long run's memory flat.
                orders.Remove(order.OrderId);
            }
        }

        Feed?.OrderChanged(account, order);
    }
}

/// <summary>One print on the public tape.</summary>
internal sealed record TradeRecord(string TradeId, string Ticker, int YesPrice, long Quantity, BookSide TakerSide, DateTimeOffset Time);
