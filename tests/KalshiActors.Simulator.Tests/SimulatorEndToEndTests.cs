using System.Net.Http.Json;
using System.Text;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Exchange.WebSocket;
using KalshiActors.Exchange.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace KalshiActors.Simulator.Tests;

/// <summary>The real exchange client (REST + WebSocket) against the simulator on loopback, driven by a manual clock.</summary>
public sealed class SimulatorEndToEndTests : IAsyncLifetime
{
    private const string Series = "KXE2E";
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromSeconds(60));
    private SimulatorServer server = null!;
    private KalshiCredentials credentials = null!;
    private KalshiRestClient rest = null!;
    private HttpClient http = null!;

    private CancellationToken Token => timeout.Token;

    public async Task InitializeAsync()
    {
        var settings = new SimulatorSettings
        {
            Seed = 11,
            AutoAdvance = false,
            StartingBalance = 1_000m,
            SignatureTolerance = TimeSpan.FromDays(1),
            NoiseTakerProbability = 0.5,
            Markets = [new MarketDefinition { Kind = MarketKind.Binary, Series = Series, FairValue = 0.5, Volatility = 0.05, TradesFor = TimeSpan.FromHours(2) }],
        };
        server = await SimulatorServer.StartAsync(settings, clock, cancellationToken: Token);
        credentials = KalshiCredentials.FromPem(server.GeneratedKey!.KeyId, server.GeneratedKey.PrivateKeyPem);
        http = new HttpClient();
        rest = new KalshiRestClient(http, new KalshiRestClientOptions { RestBaseUrl = server.RestBaseUrl, MaxRetries = 0 }, credentials, TimeProvider.System,
            NullLogger<KalshiRestClient>.Instance);
        Step(TimeSpan.FromSeconds(2));
    }

    public async Task DisposeAsync()
    {
        await rest.DisposeAsync();
        http.Dispose();
        credentials.Dispose();
        await server.DisposeAsync();
        timeout.Dispose();
    }

    [Fact]
    public async Task RealClient_trades_against_synthetic_participants_and_is_settled()
    {
        var markets = await ToListAsync(rest.GetMarketsAsync(new MarketsQuery { SeriesTicker = Series }, Token));
        var ticker = Assert.Single(markets).Ticker!;
        Assert.Equal("active", markets[0].Status);

        await using var feed = NewFeed();
        await feed.ConnectAsync(Token);
        await feed.SubscribeAsync(MarketDataChannels.OrderBook | MarketDataChannels.Fills | MarketDataChannels.Orders | MarketDataChannels.Positions
            | MarketDataChannels.Lifecycle, [new MarketTicker(ticker)], Token);
        var snapshot = await NextAsync<BookSnapshotReceived>(feed);
        Assert.Equal(ticker, snapshot.Ticker.Value);
        Assert.Contains(snapshot.YesBids, l => l.Price == Price.ParseDollars("0.4800") && l.Size == Quantity.FromContracts(50));

        // A bid that improves the best bid rests, is amended up (back of the queue), and a second one is canceled.
        var placed = await rest.CreateOrderAsync(Order(ticker, "bid", "0.4900", "5", "good_till_canceled"), Token);
        Assert.Equal("5.00", placed.RemainingCount);
        var amended = await rest.AmendOrderAsync(placed.OrderId!, new AmendOrderV2Request { Ticker = ticker, Side = "bid", Price = "0.5000", Count = "6" }, Token);
        Assert.Equal("6.00", amended.RemainingCount);
        var spare = await rest.CreateOrderAsync(Order(ticker, "bid", "0.4000", "2", "good_till_canceled"), Token);
        var canceled = await rest.CancelOrderAsync(spare.OrderId!, Token);
        Assert.Equal("2.00", canceled.ReducedBy);

        // Synthetic noise sellers hit the best bid, which is ours.
        for (var i = 0; i < 600 && (await rest.GetOrderAsync(placed.OrderId!, Token)).Order!.Status != "executed"; i++)
        {
            Step(TimeSpan.FromSeconds(1));
        }

        var makerFills = await ToListAsync(rest.GetFillsAsync(new PortfolioQuery { OrderId = placed.OrderId }, Token));
        Assert.Equal(600, makerFills.Sum(f => Quantity.Parse(f.CountFp!).Units));
        Assert.All(makerFills, f => Assert.Equal("0.0000", f.FeeCost));
        Assert.All(makerFills, f => Assert.False(f.IsTaker));

        // Take liquidity: an IOC at the maker's ask pays the taker fee, rounded up to $0.0001.
        var book = (await rest.GetOrderbookAsync(ticker, 0, Token)).OrderbookFp!;
        var bestNoBid = book.NoDollars!.Select(l => Price.ParseDollars(l.Price)).Max();
        var askPrice = bestNoBid.Complement;
        var taken = await rest.CreateOrderAsync(Order(ticker, "bid", askPrice.ToDollarString(), "3", "immediate_or_cancel"), Token);
        Assert.Equal("3.00", taken.FillCount);
        var takerFill = Assert.Single(await ToListAsync(rest.GetFillsAsync(new PortfolioQuery { OrderId = taken.OrderId }, Token)));
        var expectedFee = FeeSchedule.TakerFee(SeriesFeeParameters.General, askPrice, Quantity.FromContracts(3), FeeRounding.UpToCentiCent);
        Assert.Equal(expectedFee.ToDollarString(), takerFill.FeeCost);
        Assert.Equal(HandFee(askPrice.Units, 3), expectedFee.Units);

        // Positions and balance agree with the fills to the cent.
        var position = Assert.Single(await ToListAsync(rest.GetPositionsAsync(new PortfolioQuery { Ticker = ticker }, Token)));
        Assert.Equal("9.00", position.PositionFp);
        var spent = makerFills.Sum(f => Money.ParseDollars(f.YesPriceDollars!).Units * Quantity.Parse(f.CountFp!).Units / 100)
            + (askPrice.Units * 3) + expectedFee.Units;
        var balance = await rest.GetBalanceAsync(Token);
        Assert.Equal(Money.FromDollars(1_000).Units - spent, Money.ParseDollars(balance.BalanceDollars!).Units);
        Assert.Equal((Money.FromDollars(1_000).Units - spent) / 100, balance.Balance);

        // The feed saw our fills and order updates.
        var fills = await CollectAsync<OwnFillReceived>(feed, e => e.Fill.OrderId.Value == taken.OrderId);
        Assert.Contains(fills, f => f.Fill.OrderId.Value == placed.OrderId);
        Assert.Equal(Quantity.FromContracts(9), fills[^1].PositionAfter);
        var positionUpdate = await NextAsync<OwnPositionChanged>(feed);
        Assert.Equal(Quantity.FromContracts(9), positionUpdate.Position.Position);

        // Settlement: YES pays $1 per contract held.
        Assert.True(server.SettleEarly(ticker, true));
        var settlement = Assert.Single(await ToListAsync(rest.GetSettlementsAsync(new PortfolioQuery { Ticker = ticker }, Token)));
        Assert.Equal("yes", settlement.MarketResult);
        Assert.Equal(900, settlement.Revenue);
        var lifecycle = await CollectAsync<MarketLifecycleChanged>(feed, e => e.EventType == "settled");
        Assert.Contains(lifecycle, e => e.EventType == "determined" && e.Result == "yes");
        var after = await rest.GetBalanceAsync(Token);
        Assert.Equal(Money.FromDollars(1_000).Units - spent + Money.FromDollars(9).Units, Money.ParseDollars(after.BalanceDollars!).Units);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(503)]
    public async Task Injected_http_errors_reach_the_client_as_typed_exceptions(int status)
    {
        await PostFaults($$"""{"http_error_status":{{status}},"http_error_count":1}""");

        var error = await Assert.ThrowsAsync<KalshiApiException>(() => rest.GetBalanceAsync(Token));
        Assert.Equal(status, error.StatusCode);
        Assert.True(error.IsTransient);

        // The burst was one request: the next succeeds.
        Assert.NotNull((await rest.GetBalanceAsync(Token)).BalanceDollars);
    }

    [Fact]
    public async Task Injected_order_rejection_reaches_the_client_with_the_error_code()
    {
        var ticker = server.Exchange.Markets[0].Ticker;
        await PostFaults("""{"reject_orders":true}""");

        var error = await Assert.ThrowsAsync<KalshiApiException>(() => rest.CreateOrderAsync(Order(ticker, "bid", "0.3000", "1", "good_till_canceled"), Token));
        Assert.Equal(409, error.StatusCode);
        Assert.Equal("order_rejected", error.ErrorCode);
    }

    [Fact]
    public async Task Bad_signature_is_answered_401_with_the_reason()
    {
        using var other = KalshiCredentials.FromPem(server.GeneratedKey!.KeyId, server.CreateApiKey().PrivateKeyPem);
        await using var impostor = new KalshiRestClient(http, new KalshiRestClientOptions { RestBaseUrl = server.RestBaseUrl, MaxRetries = 0 }, other,
            TimeProvider.System, NullLogger<KalshiRestClient>.Instance);

        var error = await Assert.ThrowsAsync<KalshiApiException>(() => impostor.GetBalanceAsync(Token));
        Assert.Equal(401, error.StatusCode);
        Assert.Contains("signature does not verify", error.ExchangeMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Skipped_sequence_number_arrives_as_a_gap_event()
    {
        var ticker = server.Exchange.Markets[0].Ticker;
        await using var feed = NewFeed();
        await feed.ConnectAsync(Token);
        await feed.SubscribeAsync(MarketDataChannels.OrderBook, [new MarketTicker(ticker)], Token);
        var snapshot = await NextAsync<BookSnapshotReceived>(feed);

        await PostFaults("""{"skip_next_sequence":true}""");
        await rest.CreateOrderAsync(Order(ticker, "bid", "0.1000", "1", "good_till_canceled"), Token);

        var gap = await NextAsync<SequenceGapDetected>(feed);
        Assert.Equal(snapshot.Sequence + 1, gap.ExpectedSequence);
        Assert.Equal(snapshot.Sequence + 2, gap.ReceivedSequence);
    }

    [Fact]
    public async Task Duplicated_sequence_number_arrives_as_a_gap_event()
    {
        var ticker = server.Exchange.Markets[0].Ticker;
        await using var feed = NewFeed();
        await feed.ConnectAsync(Token);
        await feed.SubscribeAsync(MarketDataChannels.OrderBook, [new MarketTicker(ticker)], Token);
        var snapshot = await NextAsync<BookSnapshotReceived>(feed);

        await PostFaults("""{"duplicate_sequence_every":1}""");
        await rest.CreateOrderAsync(Order(ticker, "bid", "0.1000", "1", "good_till_canceled"), Token);

        var gap = await NextAsync<SequenceGapDetected>(feed);
        Assert.Equal(snapshot.Sequence + 1, gap.ReceivedSequence);
        Assert.Equal(snapshot.Sequence + 2, gap.ExpectedSequence);
    }

    [Fact]
    public async Task Dropped_connection_arrives_as_a_disconnect_event()
    {
        await using var feed = NewFeed();
        await feed.ConnectAsync(Token);
        await feed.SubscribeAsync(MarketDataChannels.Lifecycle, [], Token);

        await PostFaults("""{"drop_websockets":true}""");

        Assert.NotNull(await NextAsync<FeedDisconnected>(feed));
    }

    [Fact]
    public async Task Snapshot_request_after_a_gap_resynchronises_the_book()
    {
        var ticker = server.Exchange.Markets[0].Ticker;
        await using var feed = NewFeed();
        await feed.ConnectAsync(Token);
        await feed.SubscribeAsync(MarketDataChannels.OrderBook, [new MarketTicker(ticker)], Token);
        await NextAsync<BookSnapshotReceived>(feed);
        await rest.CreateOrderAsync(Order(ticker, "bid", "0.1100", "7", "good_till_canceled"), Token);

        await feed.RequestSnapshotsAsync([new MarketTicker(ticker)], Token);
        var fresh = await NextAsync<BookSnapshotReceived>(feed);

        Assert.Contains(fresh.YesBids, l => l.Price == Price.ParseDollars("0.1100") && l.Size == Quantity.FromContracts(7));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("no")]
    public async Task Early_settlement_through_the_control_api_uses_the_requested_result_even_with_a_chunked_body(string result)
    {
        var ticker = Assert.Single(await ToListAsync(rest.GetMarketsAsync(new MarketsQuery { SeriesTicker = Series }, Token))).Ticker!;

        // PostAsJsonAsync streams its body without a Content-Length (chunked); the result must still be read.
        using var response = await http.PostAsJsonAsync(new Uri(server.BaseUrl, $"/sim/markets/{ticker}/settle"), new { result }, Token);
        response.EnsureSuccessStatusCode();

        var market = (await rest.GetMarketAsync(ticker, Token)).Market!;
        Assert.Equal(result, market.Result);
    }

    private static long HandFee(long priceUnits, long contracts)
    {
        // ceil(0.07 x C x P x (1-P)) in $0.0001: 7 x C x p x (10000 - p) / (100 x 10^4), p in 1/10,000 dollar.
        var numerator = 7 * contracts * priceUnits * (10_000 - priceUnits);
        const long denominator = 100L * 10_000;
        return (numerator + denominator - 1) / denominator;
    }

    private static CreateOrderV2Request Order(string ticker, string side, string price, string count, string timeInForce) => new()
    {
        Ticker = ticker,
        Side = side,
        Price = price,
        Count = count,
        TimeInForce = timeInForce,
        SelfTradePreventionType = "taker_at_cross",
        ClientOrderId = Guid.NewGuid().ToString(),
    };

    private void Step(TimeSpan by)
    {
        clock.Advance(by);
        server.Advance();
    }

    private KalshiWebSocketClient NewFeed() =>
        new(new KalshiWebSocketOptions { WebSocketUrl = server.WebSocketUrl }, credentials, TimeProvider.System, NullLogger<KalshiWebSocketClient>.Instance);

    private async Task PostFaults(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(server.BaseUrl, "/sim/faults"), content, Token);
        response.EnsureSuccessStatusCode();
    }

    private async Task<T> NextAsync<T>(KalshiWebSocketClient feed)
        where T : MarketDataEvent
    {
        await foreach (var item in feed.Events.ReadAllAsync(Token))
        {
            if (item is T wanted)
            {
                return wanted;
            }
        }

        throw new InvalidOperationException($"the feed ended before a {typeof(T).Name}");
    }

    private async Task<List<T>> CollectAsync<T>(KalshiWebSocketClient feed, Func<T, bool> last)
        where T : MarketDataEvent
    {
        var seen = new List<T>();
        await foreach (var item in feed.Events.ReadAllAsync(Token))
        {
            if (item is T wanted)
            {
                seen.Add(wanted);
                if (last(wanted))
                {
                    return seen;
                }
            }
        }

        return seen;
    }

    private async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        var list = new List<T>();
        await foreach (var item in source.WithCancellation(Token))
        {
            list.Add(item);
        }

        return list;
    }
}
