using KalshiActors.Exchange.Http;
using KalshiActors.Exchange.Wire;

namespace KalshiActors.Simulator.Tests;

/// <summary>The catalog and the less common order endpoints through the real REST client.</summary>
public sealed class RestCatalogTests : IAsyncLifetime
{
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
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
    public async Task Markets_page_through_cursors_and_events_show_exclusivity()
    {
        var markets = new List<MarketWire>();
        await foreach (var market in rest.GetMarketsAsync(new MarketsQuery(), timeout.Token))
        {
            markets.Add(market);
        }

        Assert.Equal(server.Exchange.Markets.Count, markets.Count);
        Assert.Equal(markets.Count, markets.Select(m => m.Ticker).Distinct().Count());
        var electionTicker = markets.First(m => m.Ticker!.StartsWith("KXSIMELECT", StringComparison.Ordinal)).EventTicker!;
        var election = await rest.GetEventAsync(electionTicker, timeout.Token);
        Assert.True(election.Event!.MutuallyExclusive);
        Assert.Equal(3, election.Markets!.Count);
        var game = await rest.GetSeriesAsync("KXSIMNBAGAME", timeout.Token);
        Assert.Equal("quadratic_with_maker_fees", game.Series!.FeeType);
        var ladder = markets.Where(m => m.Ticker!.StartsWith("KXSIMBTCD", StringComparison.Ordinal)).ToList();
        Assert.Equal([98_000m, 99_000m, 100_000m, 101_000m, 102_000m], ladder.Select(m => m.FloorStrike!.Value));
        Assert.All(ladder, m => Assert.Equal("greater_or_equal", m.StrikeType));
    }

    [Fact]
    public async Task Batch_create_and_cancel_report_per_item_results()
    {
        var ticker = server.Exchange.Markets[0].Ticker;
        var created = await rest.BatchCreateOrdersAsync(new BatchCreateOrdersV2Request
        {
            Orders =
            [
                Order(ticker, "0.2000"),
                Order(ticker, "0.2050"),
                Order("KXNOPE-1", "0.2000"),
            ],
        }, timeout.Token);

        Assert.NotNull(created.Orders![0].OrderId);
        Assert.Equal("invalid_order", created.Orders[1].Error!.Code);
        Assert.Equal("invalid_order", created.Orders[2].Error!.Code);

        var canceled = await rest.BatchCancelOrdersAsync(new BatchCancelOrdersV2Request
        {
            Orders = [new BatchCancelOrderV2Item { OrderId = created.Orders[0].OrderId }, new BatchCancelOrderV2Item { OrderId = "missing" }],
        }, timeout.Token);
        Assert.Equal("3.00", canceled.Orders![0].ReducedBy);
        Assert.Equal("not_found", canceled.Orders[1].Error!.Code);
    }

    [Fact]
    public async Task Decrease_keeps_the_order_resting_with_less_size()
    {
        var ticker = server.Exchange.Markets[0].Ticker;
        var placed = await rest.CreateOrderAsync(Order(ticker, "0.2000"), timeout.Token);

        var decreased = await rest.DecreaseOrderAsync(placed.OrderId!, new DecreaseOrderV2Request { ReduceBy = "1" }, timeout.Token);

        Assert.Equal("2.00", decreased.RemainingCount);
        var book = await rest.GetOrderbookAsync(ticker, 0, timeout.Token);
        Assert.Equal("2.00", book.OrderbookFp!.YesDollars!.Single(l => l.Price == "0.2000").Count);
        var orders = new List<OrderWire>();
        await foreach (var order in rest.GetOrdersAsync(new PortfolioQuery { Status = "resting" }, timeout.Token))
        {
            orders.Add(order);
        }

        Assert.Equal("2.00", Assert.Single(orders).RemainingCountFp);
    }

    private static CreateOrderV2Request Order(string ticker, string price) => new()
    {
        Ticker = ticker,
        Side = "bid",
        Price = price,
        Count = "3",
        TimeInForce = "good_till_canceled",
        SelfTradePreventionType = "taker_at_cross",
        ClientOrderId = Guid.NewGuid().ToString(),
    };
}
