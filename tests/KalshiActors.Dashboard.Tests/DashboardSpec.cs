using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using KalshiActors.Dashboard.Configuration;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;

namespace KalshiActors.Dashboard.Tests;

/// <summary>
/// A dashboard on real Kestrel (loopback, a free port) over an actor system whose risk guardian, strategies and market-data
/// supervisor are fakes at their real paths; events are published on the event stream as the modules would.
/// </summary>
public abstract class DashboardSpec : PersistenceTestKit, IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "kalshi-dashboard-" + Guid.NewGuid().ToString("N"));
    private readonly List<string> _notices = [];

    protected DashboardSpec(TimeProvider? time = null)
        : base(RegisterEvents, timeProvider: time)
    {
        Directory.CreateDirectory(_directory);
        Observer = CreateTestProbe("observer");
        Sys.ActorOf(Props.Create(() => new FakeRiskGuardian(Observer.Ref)), ActorNames.RiskGuardian);
        Sys.ActorOf(Props.Create(() => new FakeStrategies(Observer.Ref)), ActorNames.Strategies);
        Sys.ActorOf(Props.Create(() => new FakeMarketData()), ActorNames.MarketData);
    }

    /// <summary>Receives what the fakes were asked to do.</summary>
    protected TestProbe Observer { get; }

    protected DashboardServer Server { get; set; } = null!;

    protected HttpClient Http { get; } = new();

    protected string TokenFile => Path.Combine(_directory, "token");

    protected string Token => File.ReadAllText(TokenFile).Trim();

    protected IReadOnlyList<string> Notices => _notices;

    protected static readonly MarketTicker Ticker = new("KXTEST-26DEC04-T50");

    protected virtual DashboardSettings Settings => new() { Url = "http://127.0.0.1:0", TokenFile = TokenFile, StatusInterval = TimeSpan.FromSeconds(30) };

    protected virtual bool StartedLive => false;

    /// <summary>Whether the dashboard serves a cluster node (`/api/cluster` and the kill switch go to <c>/user/cluster</c>).</summary>
    protected virtual bool Clustered => false;

    public virtual async Task InitializeAsync()
    {
        Server = await StartServerAsync(Settings);
        Http.BaseAddress = new Uri(Server.Url);
    }

    public virtual async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    protected Task<DashboardServer> StartServerAsync(DashboardSettings settings) => DashboardServer.StartAsync(
        settings,
        new DashboardNode
        {
            System = Sys,
            Journal = Journal,
            Mode = StartedLive ? "live" : "simulator",
            StartedLive = StartedLive,
            Exchange = "test venue",
            StartedAt = Sys.TimeProvider.GetUtcNow(),
            StrategyIds = ["ev", "vol"],
            ComputeDigest = _ => Task.FromResult("abc123"),
            // "vol" is configured off: the auto-trading switch must leave it off.
            Strategies = _ => Task.FromResult<IReadOnlyList<StrategyInfo>>(
                [new StrategyInfo("ev", "ExpectedValue", true, 3, new Dictionary<string, string>()), new StrategyInfo("vol", "VolatilityKelly", false, 0, new Dictionary<string, string>())]),
            Notice = _notices.Add,
            Clustered = Clustered,
        },
        Sys.LoggerFactory,
        CancellationToken.None);

    protected HttpRequestMessage Control(string path, object? body = null, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }

    protected static async Task<JsonNode> JsonOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) ?? throw new InvalidOperationException("empty body");

    /// <summary>Asserts an RFC 9457 problem with <paramref name="status"/> and returns its detail.</summary>
    protected static async Task<JsonNode> AssertProblem(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await JsonOf(response);
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
        return problem;
    }

    /// <summary>Polls <paramref name="path"/> until <paramref name="until"/> holds (the bridge applies events asynchronously).</summary>
    protected async Task<JsonNode> EventuallyAsync(string path, Func<JsonNode, bool> until)
    {
        JsonNode? last = null;
        for (var i = 0; i < 200; i++)
        {
            last = await JsonOf(await Http.GetAsync(path));
            if (until(last))
            {
                return last;
            }

            await Task.Delay(25);
        }

        throw new Xunit.Sdk.XunitException($"{path} never matched; last answer: {last?.ToJsonString()}");
    }

    protected static BookUpdated Book(long sequence, MarketTicker? ticker = null, long yesBidCents = 45) => new(
        ticker ?? Ticker,
        sequence,
        new BookTop(Price.FromCents(yesBidCents), Quantity.FromContracts(10), Price.FromCents(yesBidCents + 5), Quantity.FromContracts(7)),
        [new KalshiActors.Domain.Ports.BookLevel(Price.FromCents(yesBidCents), Quantity.FromContracts(10))],
        [new KalshiActors.Domain.Ports.BookLevel(Price.FromCents(100 - yesBidCents - 5), Quantity.FromContracts(7))],
        Price.FromUnits(yesBidCents * 100 + 250),
        Price.FromCents(5),
        null,
        BookStatus.Live,
        DateTimeOffset.UnixEpoch.AddSeconds(sequence),
        null);

    protected static MarketInfo Market(MarketTicker? ticker = null) => new(
        ticker ?? Ticker, new EventTicker("KXTEST-26DEC04"), new SeriesTicker("KXTEST"), "Test market", "Testing", MarketState.Active,
        null, null, TickStructure.LinearCent, SeriesFeeParameters.General, null, null, null, false);

    private static void RegisterEvents(EventRegistry registry)
    {
        DashboardEvents.Register(registry);
        registry.Register("OrderFilled.v1", TestEventsJsonContext.Default.OrderFilled);
    }
}
