using KalshiActors.Domain;
using KalshiActors.Exchange.Http;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Tests;

/// <summary>The scanner's REST source against the simulator: paged listing, candlesticks from the tape, the last trade.</summary>
public sealed class ScanSourceTests : IAsyncLifetime
{
    private readonly ManualTimeProvider clock = new(new DateTimeOffset(2026, 12, 4, 4, 0, 0, TimeSpan.Zero));
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
    private SimulatorRestHarness harness = null!;

    private SimulatorServer server => harness.Server;

    private KalshiRestClient rest => harness.Rest;

    public async Task InitializeAsync() => harness = await SimulatorRestHarness.StartAsync(clock, timeout.Token);

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        timeout.Dispose();
    }

    [Fact]
    public async Task Open_markets_page_through_with_quotes_and_empty_sides_as_null()
    {
        var source = new KalshiMarketScanSource(rest);
        var ticker = server.Exchange.Markets[0].Ticker;
        Assert.True(server.Exchange.PlaceOrder("maker", Order(ticker, BookSide.Bid, 4000, 7), clock.GetUtcNow()).Accepted);

        var listings = new List<KalshiActors.Domain.Ports.MarketListing>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await source.GetOpenMarketsPageAsync(cursor, timeout.Token);
            listings.AddRange(page.Markets);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        var open = server.Exchange.Markets.Count(m => m.FilterStatus == "open");
        Assert.Equal(open, listings.Count);
        Assert.Equal((open + 2) / 3, pages);
        var quoted = listings.Single(l => l.Ticker.Value == ticker);
        Assert.Equal(Price.FromUnits(4000), quoted.YesBid);
        Assert.Equal(Quantity.FromContracts(7), quoted.YesBidSize);
        Assert.Null(quoted.YesAsk);
        Assert.Null(quoted.LastPrice);
    }

    [Fact]
    public async Task Price_history_comes_from_the_tape_in_hourly_candles_with_the_price_before_the_start()
    {
        var source = new KalshiMarketScanSource(rest);
        var market = server.Exchange.Markets[0];
        var first = clock.GetUtcNow();
        var second = first.AddMinutes(61);
        Trade(market.Ticker, 3000, first);
        Trade(market.Ticker, 4500, second);

        var all = await source.GetPriceHistoryAsync(new MarketTicker(market.Ticker), new SeriesTicker(market.Group.SeriesTicker), first.AddDays(-7), second.AddHours(2), timeout.Token);
        var fromSecond = await source.GetPriceHistoryAsync(new MarketTicker(market.Ticker), new SeriesTicker(market.Group.SeriesTicker), second, second.AddHours(2), timeout.Token);
        var lastTrade = await source.GetLastTradeTimeAsync(new MarketTicker(market.Ticker), timeout.Token);

        Assert.Equal([Price.FromUnits(3000), Price.FromUnits(4500)], all.Select(p => p.Price));
        Assert.All(all, p => Assert.Equal(0, p.At.ToUnixTimeSeconds() % 3600));
        Assert.True(all[1].At > second && all[1].At <= second.AddHours(1));
        Assert.Equal([Price.FromUnits(3000), Price.FromUnits(4500)], fromSecond.Select(p => p.Price));
        Assert.Equal(second.ToUnixTimeMilliseconds(), lastTrade!.Value.ToUnixTimeMilliseconds());
        Assert.Null(await source.GetLastTradeTimeAsync(new MarketTicker(server.Exchange.Markets[1].Ticker), timeout.Token));
    }

    private void Trade(string ticker, int price, DateTimeOffset at)
    {
        Assert.True(server.Exchange.PlaceOrder("maker", Order(ticker, BookSide.Ask, price, 5), at).Accepted);
        Assert.True(server.Exchange.PlaceOrder("taker", Order(ticker, BookSide.Bid, price, 5), at).Accepted);
    }

    private static PlaceOrderRequest Order(string ticker, BookSide side, int price, long contracts) =>
        new(ticker, side, price, contracts * 100, TimeInForce.GoodTillCanceled, SelfTradePrevention.TakerAtCross);
}
