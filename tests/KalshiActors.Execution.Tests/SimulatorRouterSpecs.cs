using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Exchange.Auth;
using KalshiActors.Exchange.Http;
using KalshiActors.Kernel;
using KalshiActors.Simulator;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace KalshiActors.Execution.Tests;

/// <summary>The execution supervisor in live mode, through the real exchange REST client, against the embedded simulator.</summary>
public sealed class SimulatorRouterSpecs : PersistenceTestKit, IAsyncLifetime
{
    private readonly ManualTimeProvider _exchangeClock = new(DateTimeOffset.UtcNow);
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private SimulatorServer _server = null!;
    private KalshiCredentials _credentials = null!;
    private HttpClient _http = null!;
    private KalshiRestClient _rest = null!;

    public SimulatorRouterSpecs(ITestOutputHelper output)
        : base(r => ExecutionEvents.Register(r), output)
    {
    }

    public async Task InitializeAsync()
    {
        var settings = new SimulatorSettings
        {
            Seed = 11,
            AutoAdvance = false,
            StartingBalance = 1_000m,
            SignatureTolerance = TimeSpan.FromDays(1),
            Markets = [new MarketDefinition { Kind = MarketKind.Binary, Series = "KXEXEC", FairValue = 0.5, Volatility = 0.05, TradesFor = TimeSpan.FromHours(2) }],
        };
        _server = await SimulatorServer.StartAsync(settings, _exchangeClock, cancellationToken: _timeout.Token);
        _credentials = KalshiCredentials.FromPem(_server.GeneratedKey!.KeyId, _server.GeneratedKey.PrivateKeyPem);
        _http = new HttpClient();
        _rest = new KalshiRestClient(
            _http, new KalshiRestClientOptions { RestBaseUrl = _server.RestBaseUrl, MaxRetries = 0 }, _credentials, TimeProvider.System, NullLogger<KalshiRestClient>.Instance);
        _exchangeClock.Advance(TimeSpan.FromSeconds(2));
        _server.Advance();
    }

    public async Task DisposeAsync()
    {
        await _rest.DisposeAsync();
        _http.Dispose();
        _credentials.Dispose();
        await _server.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Live_router_places_fills_and_never_duplicates_an_order_at_the_simulator()
    {
        var gateway = new KalshiOrderGateway(_rest);
        var ticker = await FirstTicker();
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(OrderLifecycleEvent));
        var execution = ActorOf(ExecutionSupervisor.Props(new ExecutionSettings { ReadRetries = 0 }, gateway), Domain.ActorNames.Execution);

        // An IOC buy well through the ask takes liquidity at once.
        var take = Intent(ticker, 1, ExecutionStyle.ImmediateOrCancel, 60, 3);
        execution.Tell(take);
        execution.Tell(take);
        var submitted = events.ExpectMsg<OrderSubmitted>();
        events.ExpectMsg<OrderAccepted>();
        var filled = events.FishForMessage<OrderLifecycleEvent>(e => e is OrderFilled or OrderCanceled);
        var fill = Assert.IsType<OrderFilled>(filled);
        Assert.True(fill.IsTaker);
        Assert.Equal(FeeSchedule.TakerFee(SeriesFeeParameters.General, fill.Price, fill.Count, FeeRounding.UpToCentiCent), fill.Fee);

        // A maker intent rests post-only one tick inside the spread of the book the router last saw.
        Sys.EventStream.Publish(Book(ticker, Price.FromCents(48)));
        var make = Intent(ticker, 2, ExecutionStyle.Maker, 50, 2);
        execution.Tell(make);
        Assert.Equal(Price.FromCents(49), events.FishForMessage<OrderSubmitted>(e => e.ClientOrderId == make.Intent.IntentId.ToClientOrderId(0)).LimitPrice);
        var resting = events.FishForMessage<OrderAccepted>(a => a.ClientOrderId == make.Intent.IntentId.ToClientOrderId(0));
        Assert.Equal(Quantity.FromContracts(2), resting.Resting);


        // Another bidder joins at 0.50 in front of it: the router re-quotes (amends) at the exchange, capped by its limit.
        Sys.EventStream.Publish(Book(ticker, Price.FromCents(50)));
        var repriced = events.FishForMessage<OrderRepriced>(r => r.ClientOrderId == resting.ClientOrderId);
        Assert.Equal(Price.FromCents(50), repriced.NewLimitPrice);

        var atExchange = await gateway.GetOrdersAsync(new OrderQuery(ticker), _timeout.Token);
        Assert.Equal(repriced.NewLimitPrice, atExchange.Single(o => o.ClientOrderId == resting.ClientOrderId).YesPrice);
        Assert.Single(atExchange, o => o.ClientOrderId == submitted.ClientOrderId);
        Assert.Single(atExchange, o => o.ClientOrderId == resting.ClientOrderId && o.Status == OrderStatus.Resting);

        execution.Tell(new CancelAllOrders("test"));
        ExpectMsg(new CancelAllOrdersResult(1, 0));
        Assert.Equal("cancel_all", events.FishForMessage<OrderCanceled>(c => c.ClientOrderId == resting.ClientOrderId).Reason);
    }

    private async Task<MarketTicker> FirstTicker()
    {
        await foreach (var market in _rest.GetMarketsAsync(new MarketsQuery { SeriesTicker = "KXEXEC" }, _timeout.Token))
        {
            return new MarketTicker(market.Ticker!);
        }

        throw new InvalidOperationException("the simulator lists no KXEXEC market");
    }

    private static BookUpdated Book(MarketTicker ticker, Price bid) =>
        new(
            ticker, 1, new BookTop(bid, Quantity.FromContracts(10), Price.FromCents(52), Quantity.FromContracts(50)),
            [new BookLevel(bid, Quantity.FromContracts(10))], [new BookLevel(Price.FromCents(48), Quantity.FromContracts(50))],
            null, null, null, BookStatus.Live, DateTimeOffset.UtcNow, null);

    private static IntentApproved Intent(MarketTicker ticker, long number, ExecutionStyle style, long limitCents, long count) =>
        new(
            new OrderIntent(
                IntentId.For("sim", ticker, number),
                "sim",
                ticker,
                new EventTicker("KXEXEC-EVENT"),
                Side.Yes,
                Domain.Action.Buy,
                Price.FromCents(limitCents),
                Quantity.FromContracts(count),
                style,
                0.6,
                Money.FromCents(1),
                null,
                [],
                DateTimeOffset.UtcNow),
            new Dictionary<string, string>(),
            DateTimeOffset.UtcNow);
}
