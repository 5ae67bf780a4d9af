using KalshiActors.Domain;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Participants;

/// <summary>
/// Synthetic traders: one market maker per market quoting around the hidden fair value, and noise takers that hit the
/// best price at random. They trade through the same order entry as clients; every choice comes from the exchange's
/// seeded generator, so a seed and a clock replay the same book.
/// </summary>
internal sealed class SyntheticParticipants(SimulatedExchange exchange, SimulatorSettings settings)
{
    /// <summary>The market maker's account id.</summary>
    public const string MakerAccount = "sim-market-maker";

    /// <summary>The noise takers' account id.</summary>
    public const string TakerAccount = "sim-noise-taker";

    // The maker's live quote per market: order ids of its bid and ask (null when none rests).
    private readonly Dictionary<string, (string? Bid, string? Ask)> quotes = new(StringComparer.Ordinal);

    private readonly long makerSize = (long)(settings.MakerSize * Units.QuantityScale);
    private readonly int maxTakerContracts = Math.Max(1, (int)settings.NoiseTakerMaxSize);
    private readonly int halfSpread = (int)(settings.MakerHalfSpread * Units.PriceScale);

    /// <summary>One round: requote every active market, then maybe send a noise order to each.</summary>
    public void Step(DateTimeOffset now)
    {
        exchange.Account(MakerAccount, synthetic: true);
        exchange.Account(TakerAccount, synthetic: true);
        foreach (var market in exchange.Markets)
        {
            if (market.Status != MarketStatus.Active)
            {
                continue;
            }

            Quote(market, now);
            if (exchange.Random.NextDouble() < settings.NoiseTakerProbability)
            {
                Take(market, now);
            }
        }
    }

    private void Quote(SimMarket market, DateTimeOffset now)
    {
        var fair = Math.Clamp(market.Group.FairValue(market, now) + (double)market.Group.Definition.MakerSkew, 0, 1);
        var fairTicks = (int)Math.Round(fair * Units.PriceScale);
        var tick = market.TickSize;
        var bid = Math.Clamp((fairTicks - halfSpread) / tick * tick, tick, Units.PriceScale - (2 * tick));
        var ask = Math.Clamp(((fairTicks + halfSpread + tick - 1) / tick) * tick, bid + tick, Units.PriceScale - tick);
        quotes.TryGetValue(market.Ticker, out var current);
        var bidId = Requote(market, current.Bid, BookSide.Bid, bid, now);
        var askId = Requote(market, current.Ask, BookSide.Ask, ask, now);
        quotes[market.Ticker] = (bidId, askId);
    }

    private string? Requote(SimMarket market, string? orderId, BookSide side, int price, DateTimeOffset now)
    {
        var order = orderId is null ? null : exchange.Order(orderId);
        if (order is { Status: OrderStatus.Resting })
        {
            if (order.Price == price && order.RemainingQuantity == makerSize)
            {
                return order.OrderId;
            }

            var amended = exchange.AmendOrder(MakerAccount, order.OrderId, market.Ticker, side, price, order.FilledQuantity + makerSize, null, now);
            if (amended.Accepted)
            {
                return order.Status == OrderStatus.Resting ? order.OrderId : null;
            }

            exchange.CancelOrder(MakerAccount, order.OrderId, now);
        }

        var placed = exchange.PlaceOrder(MakerAccount, new PlaceOrderRequest(market.Ticker, side, price, makerSize, TimeInForce.GoodTillCanceled,
            SelfTradePrevention.Maker), now);
        return placed.Order is { Status: OrderStatus.Resting } resting ? resting.OrderId : null;
    }

    private void Take(SimMarket market, DateTimeOffset now)
    {
        var buy = exchange.Random.Next(2) == 0;
        var contracts = exchange.Random.Next(1, maxTakerContracts + 1);
        var price = buy ? market.Book.BestAsk : market.Book.BestBid;
        if (price is not { } limit)
        {
            return;
        }

        exchange.PlaceOrder(TakerAccount, new PlaceOrderRequest(market.Ticker, buy ? BookSide.Bid : BookSide.Ask, limit, contracts * Units.QuantityScale,
            TimeInForce.ImmediateOrCancel, SelfTradePrevention.TakerAtCross), now);
    }
}
