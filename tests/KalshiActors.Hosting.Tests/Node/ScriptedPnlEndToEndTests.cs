using System.Security.Cryptography;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Portfolio;
using Microsoft.Extensions.Logging.Abstractions;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Hosting.Tests.Node;

/// <summary>
/// A scripted trade through the real node pipeline on the simulator, checked against a hand calculation: buy 10 YES,
/// sell 4 of them at a higher price, hold 6 into the market's (early) settlement. The simulator's synthetic participants
/// are off; a second account (the counterparty) rests exactly the orders the node's taker orders meet, so every price is
/// known. The node's orders are manual intents sent to the risk guardian, the path the dashboard's manual order uses.
/// </summary>
public sealed class ScriptedPnlEndToEndTests : IAsyncLifetime
{
    private const string CounterpartyKeyId = "scripted-counterparty";

    private readonly TempDirectory _temp = new();
    private readonly HttpClient _http = new();
    private SimulatedVenue _venue = null!;
    private KalshiCredentials _counterpartyCredentials = null!;
    private KalshiRestClient _counterpartyRest = null!;
    private IOrderGateway _counterparty = null!;

    public async Task InitializeAsync()
    {
        using var rsa = RSA.Create(2048);
        var publicKeyFile = _temp.Write("counterparty.pub.pem", rsa.ExportSubjectPublicKeyInfoPem());
        _venue = await SimulatedVenue.StartAsync(_temp, $$"""
            step-interval = 200ms
            participants-enabled = false
            api-keys = [{ id = "{{CounterpartyKeyId}}", public-key-file = "{{publicKeyFile}}" }]
            markets = [{ kind = binary, series = KXSIMRAIN, title = "Will it rain in Simville tomorrow?", fair-value = 0.5, trades-for = 2h }]
            """);
        _counterpartyCredentials = KalshiCredentials.FromPem(CounterpartyKeyId, rsa.ExportRSAPrivateKeyPem());
        var exchange = KalshiActorsConfiguration.Load(new ConfigurationSources()).Settings.Exchange;
        _counterpartyRest = new KalshiRestClient(
            _http, exchange.Rest with { RestBaseUrl = _venue.Simulator.RestBaseUrl }, _counterpartyCredentials, TimeProvider.System, NullLogger<KalshiRestClient>.Instance);
        _counterparty = new KalshiOrderGateway(_counterpartyRest);
    }

    public async Task DisposeAsync()
    {
        await _counterpartyRest.DisposeAsync();
        _counterpartyCredentials.Dispose();
        _http.Dispose();
        await _venue.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    [Fact]
    public async Task Simulator_BuyPartSellHoldToSettlement_PnlFeesCashAndEquityEqualTheHandCalculation_EveryStepJournaledInOrder()
    {
        var ticker = await SingleMarketAsync();
        var journalPath = Path.Combine(_temp.Path, "scripted.db");
        const string noStrategies = """
            kalshi-actors.strategies.instances {
              ev-threshold.enabled = false
              vol-kelly-btc15m.enabled = false
              ev-small.enabled = false
              ev-big.enabled = false
            }
            kalshi-actors.dashboard.enabled = off
            """;
        var node = await TradingScenario.StartAsync(_venue, journalPath, noStrategies);
        PortfolioUpdated afterBuy, afterSell, afterSettlement;
        IntentApproved buyDecision, sellDecision;
        await using (node)
        {
            await TradingScenario.WaitForAsync(node, s => s.BooksLive >= 1, "the market's book to go live");
            var books = EventTimeline.Attach(node.System, typeof(BookUpdated));
            var guardian = await node.System.ActorSelection(ActorNames.RiskGuardianPath).ResolveOne(TimeSpan.FromSeconds(5));
            var portfolio = await node.System.ActorSelection(ActorNames.PortfolioPath).ResolveOne(TimeSpan.FromSeconds(5));
            var eventTicker = new EventTicker((await _counterpartyRest.GetMarketAsync(ticker.Value, CancellationToken.None)).Market!.EventTicker!);

            // Step 1: the counterparty offers 10 YES at $0.43; the node buys 10 YES at $0.43, immediate-or-cancel.
            await RestAsync(ticker, BookSide.Ask, "0.43", 10, "cp-ask-1");
            await TradingScenario.WaitForAsync(node, _ => LatestBook(books, ticker)?.Top.YesAsk == Price.FromUnits(4300), "the counterparty's ask in the node's book");
            buyDecision = await ManualAsync(guardian, ticker, eventTicker, Action.Buy, "0.43", 10, fair: "0.60", number: 1);
            afterBuy = await WaitForPortfolioAsync(portfolio, p => Held(p, ticker) == 10 && p.FeesPaid.Units > 0, "the 10 YES bought");

            // A manual intent the guardian refuses (buying at 99c is only for arbitrage legs): journaled, never an order.
            var refused = await guardian.Ask<object>(Intent(ticker, eventTicker, Action.Buy, "0.99", 1, fair: "1.00", number: 99), TimeSpan.FromSeconds(10));
            Assert.Equal(RiskCheck.PriceSanity, Assert.IsType<IntentRejected>(refused).Check);

            // Step 2: the counterparty bids 4 YES at $0.61; the node sells 4 of its YES into it.
            await RestAsync(ticker, BookSide.Bid, "0.61", 4, "cp-bid-1");
            await TradingScenario.WaitForAsync(node, _ => LatestBook(books, ticker)?.Top.YesBid == Price.FromUnits(6100), "the counterparty's bid in the node's book");
            sellDecision = await ManualAsync(guardian, ticker, eventTicker, Action.Sell, "0.61", 4, fair: "0.50", number: 2);
            afterSell = await WaitForPortfolioAsync(portfolio, p => Held(p, ticker) == 6, "4 of the YES sold");

            // Step 3: the market settles YES early (before its close), through the simulator's control API.
            using (var body = new StringContent("""{"result":"yes"}""", System.Text.Encoding.UTF8, "application/json"))
            using (var settle = await _http.PostAsync(new Uri(_venue.Simulator.FaultControlUrl, $"/sim/markets/{ticker.Value}/settle"), body))
            {
                settle.EnsureSuccessStatusCode();
            }

            afterSettlement = await WaitForPortfolioAsync(portfolio, p => p.Positions.All(x => x.Ticker != ticker), "the settlement booked");
            await node.StopAsync("test");
        }

        var events = await TradingScenario.ReadJournalAsync(journalPath);

        // A restart on the same journal recovers the same books: the settlement and every fill are in it.
        var restarted = await TradingScenario.StartAsync(_venue, journalPath, noStrategies);
        PortfolioUpdated recovered;
        await using (restarted)
        {
            var portfolio = await restarted.System.ActorSelection(ActorNames.PortfolioPath).ResolveOne(TimeSpan.FromSeconds(5));
            recovered = await portfolio.Ask<PortfolioUpdated>(new GetPortfolio(), TimeSpan.FromSeconds(10));
            await restarted.StopAsync("test");
        }

        Assert.Equal(
            (afterSettlement.Cash, afterSettlement.RealizedPnl, afterSettlement.FeesPaid, afterSettlement.Equity),
            (recovered.Cash, recovered.RealizedPnl, recovered.FeesPaid, recovered.Equity));
        Assert.DoesNotContain(recovered.Positions, p => p.Ticker == ticker && !p.Contracts.IsZero);

        // ---- The hand calculation (cents; the fee is the exchange's formula, rounded up to $0.0001 per fill) ----
        // Buy 10 YES @ 43c:  cost 10 × 43 = 430c; fee = 0.07 × 10 × 0.43 × 0.57 = $0.171570 -> up to $0.1716 = 17.16c.
        // Sell 4 YES @ 61c:  proceeds 4 × 61 = 244c; fee = 0.07 × 4 × 0.61 × 0.39 = $0.066612 -> $0.0667 = 6.67c.
        //                    average cost 43c, so realized = 4 × (61 − 43) = 72c (gross of fees); 6 YES remain, cost 258c.
        // Settle YES:        payout 6 × 100 = 600c; realized = 600 − 258 = 342c.
        // Realized total:    72 + 342 = 414c.  Fees total: 17.16 + 6.67 = 23.83c.
        // Cash:              1,000,000 − 430 − 17.16 + 244 − 6.67 + 600 = 1,000,390.17c = $10,003.9017.
        // Final equity:      cash (no position left) = $10,003.9017 = $10,000 + 414c − 23.83c.
        var buyFee = FeeSchedule.TakerFee(SeriesFeeParameters.General, Price.FromUnits(4300), Quantity.FromContracts(10), FeeRounding.UpToCentiCent);
        var sellFee = FeeSchedule.TakerFee(SeriesFeeParameters.General, Price.FromUnits(6100), Quantity.FromContracts(4), FeeRounding.UpToCentiCent);
        Assert.Equal(Money.FromUnits(1716), buyFee);
        Assert.Equal(Money.FromUnits(667), sellFee);

        var start = Money.FromDollars(10_000);
        Assert.Equal(start - Money.FromUnits(43_000) - buyFee, afterBuy.Cash);
        Assert.Equal(buyFee, afterBuy.FeesPaid);
        Assert.Equal(Money.Zero, afterBuy.RealizedPnl);
        var boughtPosition = Assert.Single(afterBuy.Positions, p => p.Ticker == ticker);
        Assert.Equal(Side.Yes, boughtPosition.Side);
        Assert.Equal(Money.FromUnits(43_000), boughtPosition.CostBasis);

        Assert.Equal(start - Money.FromUnits(43_000) - buyFee + Money.FromUnits(24_400) - sellFee, afterSell.Cash);
        Assert.Equal(Money.FromUnits(7_200), afterSell.RealizedPnl);
        Assert.Equal(buyFee + sellFee, afterSell.FeesPaid);
        Assert.Equal(Money.FromUnits(25_800), Assert.Single(afterSell.Positions, p => p.Ticker == ticker).CostBasis);

        Assert.Equal(Money.FromUnits(100_039_017), afterSettlement.Cash);
        Assert.Equal(Money.FromUnits(41_400), afterSettlement.RealizedPnl);
        Assert.Equal(Money.FromUnits(2_383), afterSettlement.FeesPaid);
        Assert.Equal(Money.FromUnits(100_039_017), afterSettlement.Equity);
        Assert.Equal(start + afterSettlement.RealizedPnl - afterSettlement.FeesPaid, afterSettlement.Equity);

        // The simulator (the account's truth) agrees: same cash, nothing held.
        var balance = await _venue.Gateway.GetBalanceAsync(CancellationToken.None);
        Assert.Equal(afterSettlement.Cash, balance.Available);
        Assert.DoesNotContain(await _venue.Gateway.GetPositionsAsync(CancellationToken.None), p => p.Ticker == ticker && !p.Position.IsZero);

        // ---- Every step is in the journal (as the first session left it), in order ----
        var buy = StepsOf(events, buyDecision.Intent.IntentId);
        var sell = StepsOf(events, sellDecision.Intent.IntentId);
        var settled = Assert.Single(events, e => e.Event is MarketSettled m && m.Ticker == ticker);
        var settlementBooked = Assert.Single(events, e => e.Event is SettlementBooked s && s.Ticker == ticker);
        Assert.Equal(Price.One, ((MarketSettled)settled.Event).SettlementValue);
        Assert.True(((MarketSettled)settled.Event).Early, "settled before the market's scheduled close");
        Assert.True(((SettlementBooked)settlementBooked.Event).Early);

        Assert.True(buy.Booked.Max(e => e.Offset) < sell.Decision.Offset, "the buy's fills are booked before the sell is decided");
        Assert.True(sell.Booked.Max(e => e.Offset) < settled.Offset, "the sell's fill is booked before the market settles");
        Assert.True(settled.Offset < settlementBooked.Offset, "the portfolio books the settlement after the catalog records it");
        Assert.DoesNotContain(events, e => e.Event is OrderSubmitted s && s.StrategyId != "manual");
        var rejection = Assert.Single(events, e => e.Event is IntentRejected);
        Assert.Equal(RiskCheck.PriceSanity, ((IntentRejected)rejection.Event).Check);
        Assert.True(buy.Booked.Max(e => e.Offset) < rejection.Offset && rejection.Offset < sell.Decision.Offset, "the rejection is journaled where it happened");
        Assert.DoesNotContain(events, e => e.Event is OrderSubmitted s && s.IntentId == ((IntentRejected)rejection.Event).Intent.IntentId);

        var buyFills = buy.Fills.Select(e => (OrderLifecycleEvent)e.Event).ToList();
        Assert.Equal(Quantity.FromContracts(10), Quantity.FromUnits(buyFills.Sum(FillCount)));
        Assert.All(buyFills, f => Assert.Equal(Price.FromUnits(4300), FillPrice(f)));
        Assert.Equal(buyFee, Money.FromUnits(buyFills.Sum(f => FillFee(f).Units)));
        var sellFills = sell.Fills.Select(e => (OrderLifecycleEvent)e.Event).ToList();
        Assert.Equal(Quantity.FromContracts(4), Quantity.FromUnits(sellFills.Sum(FillCount)));
        Assert.All(sellFills, f => Assert.Equal(Price.FromUnits(6100), FillPrice(f)));
        Assert.Equal(sellFee, Money.FromUnits(sellFills.Sum(f => FillFee(f).Units)));
        Assert.Equal(buy.Fills.Count + sell.Fills.Count, events.Count(e => e.Event is FillBooked));
    }

    /// <summary>The journal entries of one intent's path, each checked to come after the one before.</summary>
    private static IntentSteps StepsOf(IReadOnlyList<EventEnvelope> events, IntentId intentId)
    {
        var decision = Assert.Single(events, e => e.Event is IntentApproved a && a.Intent.IntentId == intentId);
        Assert.DoesNotContain(events, e => e.Event is IntentRejected r && r.Intent.IntentId == intentId);
        var submitted = Assert.Single(events, e => e.Event is OrderSubmitted s && s.IntentId == intentId);
        var clientOrderId = ((OrderSubmitted)submitted.Event).ClientOrderId;
        Assert.Equal(intentId.ToClientOrderId(), clientOrderId);
        var accepted = Assert.Single(events, e => e.Event is OrderAccepted a && a.ClientOrderId == clientOrderId);
        var fills = events.Where(e => e.Event is OrderFilled f && f.ClientOrderId == clientOrderId || e.Event is OrderPartiallyFilled p && p.ClientOrderId == clientOrderId).ToList();
        Assert.NotEmpty(fills);
        var tradeIds = TradingScenario.FillTradeIds(fills).ToHashSet(StringComparer.Ordinal);
        var booked = events.Where(e => e.Event is FillBooked b && tradeIds.Contains(b.TradeId)).ToList();
        Assert.Equal(fills.Count, booked.Count);

        // Decision, then the order (stored before it left), then the exchange's answer and fills, then the position change.
        Assert.True(decision.Offset < submitted.Offset, "the risk decision is journaled before the order");
        Assert.True(submitted.Offset < accepted.Offset, "the order is journaled before the exchange's acceptance");
        Assert.All(fills, f => Assert.True(submitted.Offset < f.Offset, "a fill is journaled after its order"));
        foreach (var fill in fills)
        {
            var tradeId = TradingScenario.FillTradeIds([fill]).Single();
            Assert.True(fill.Offset < booked.Single(b => ((FillBooked)b.Event).TradeId == tradeId).Offset, "the position changes after the fill is journaled");
        }

        return new IntentSteps(decision, submitted, fills, booked);
    }

    private static long FillCount(OrderLifecycleEvent fill) => fill switch
    {
        OrderFilled f => f.Count.Units,
        OrderPartiallyFilled p => p.Count.Units,
        _ => throw new InvalidOperationException(),
    };

    private static Price FillPrice(OrderLifecycleEvent fill) => fill switch
    {
        OrderFilled f => f.Price,
        OrderPartiallyFilled p => p.Price,
        _ => throw new InvalidOperationException(),
    };

    private static Money FillFee(OrderLifecycleEvent fill) => fill switch
    {
        OrderFilled f => f.Fee,
        OrderPartiallyFilled p => p.Fee,
        _ => throw new InvalidOperationException(),
    };

    private async Task<MarketTicker> SingleMarketAsync()
    {
        var markets = new List<string>();
        await foreach (var market in _counterpartyRest.GetMarketsAsync(new MarketsQuery { SeriesTicker = "KXSIMRAIN" }, CancellationToken.None))
        {
            markets.Add(market.Ticker!);
        }

        return new MarketTicker(Assert.Single(markets));
    }

    /// <summary>The counterparty rests a good-till-canceled order (YES book side and price).</summary>
    private async Task RestAsync(MarketTicker ticker, BookSide side, string yesPrice, int contracts, string clientOrderId)
    {
        var ack = await _counterparty.CreateOrderAsync(
            new OrderRequest(ticker, side, Price.ParseDollars(yesPrice), Quantity.FromContracts(contracts), TimeInForce.GoodTillCanceled, SelfTradePrevention.TakerAtCross, new ClientOrderId(clientOrderId)),
            CancellationToken.None);
        Assert.Equal(Quantity.FromContracts(contracts), ack.RemainingCount);
    }

    /// <summary>A manual intent as the dashboard builds it, sent to the risk guardian; it must be approved.</summary>
    private static async Task<IntentApproved> ManualAsync(
        IActorRef guardian, MarketTicker ticker, EventTicker eventTicker, Action action, string price, int contracts, string fair, int number)
    {
        var reply = await guardian.Ask<object>(Intent(ticker, eventTicker, action, price, contracts, fair, number), TimeSpan.FromSeconds(10));
        return reply as IntentApproved ?? throw new Xunit.Sdk.XunitException($"the guardian did not approve {action} {contracts} @ {price}: {reply}");
    }

    /// <summary>An intent built the way the dashboard's manual order builds it (edge = fair value against the limit).</summary>
    private static OrderIntent Intent(MarketTicker ticker, EventTicker eventTicker, Action action, string price, int contracts, string fair, int number)
    {
        var limit = Price.ParseDollars(price);
        var fairValue = Price.ParseDollars(fair);
        return new OrderIntent(
            IntentId.For("manual-scripted", ticker, number), "manual", ticker, eventTicker, Side.Yes, action, limit, Quantity.FromContracts(contracts),
            ExecutionStyle.ImmediateOrCancel, fairValue.Units / (double)Price.UnitsPerDollar,
            Money.FromUnits(action == Action.Buy ? fairValue.Units - limit.Units : limit.Units - fairValue.Units), null, [], DateTimeOffset.UtcNow);
    }

    private static async Task<PortfolioUpdated> WaitForPortfolioAsync(IActorRef portfolio, Func<PortfolioUpdated, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var current = await portfolio.Ask<PortfolioUpdated>(new GetPortfolio(), TimeSpan.FromSeconds(5));
            if (condition(current))
            {
                return current;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}; portfolio: cash {current.Cash}, positions {string.Join(", ", current.Positions.Select(p => $"{p.Ticker} {p.Side} {p.Contracts}"))}");
            await Task.Delay(100);
        }
    }

    private static long Held(PortfolioUpdated portfolio, MarketTicker ticker) =>
        portfolio.Positions.FirstOrDefault(p => p.Ticker == ticker && p.Side == Side.Yes) is { } held ? held.Contracts.Units / Quantity.UnitsPerContract : 0;

    private static BookUpdated? LatestBook(EventTimeline books, MarketTicker ticker) => books.Of<BookUpdated>().LastOrDefault(b => b.Ticker == ticker);

    private sealed record IntentSteps(EventEnvelope Decision, EventEnvelope Submitted, IReadOnlyList<EventEnvelope> Fills, IReadOnlyList<EventEnvelope> Booked);
}
