using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using Xunit.Abstractions;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Risk.Tests;

/// <summary>
/// A guardian on in-memory persistence and a manual clock, with probes for execution and the portfolio, and builders for
/// the messages it reads. Inputs are sent to the guardian directly (the same messages it gets from the event stream), so
/// their order relative to the intents is certain.
/// </summary>
public abstract class RiskGuardianSpecBase : PersistenceTestKit
{
    protected static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    protected static readonly MarketTicker MarketA = new("KXSIMRAIN-26DEC05-A");
    protected static readonly MarketTicker MarketB = new("KXSIMRAIN-26DEC05-B");
    protected static readonly EventTicker EventX = new("KXSIMRAIN-26DEC05");
    protected static readonly EventTicker EventY = new("KXSIMELECT-26DEC05");

    private long _intentNumber;

    protected RiskGuardianSpecBase(ITestOutputHelper output)
        : base(RegisterEvents, output, timeProvider: new ManualTimeProvider(Start))
    {
        Execution = CreateTestProbe("execution");
        PortfolioProbe = CreateTestProbe("portfolio");
    }

    protected TestProbe Execution { get; }

    protected TestProbe PortfolioProbe { get; }

    protected ManualTimeProvider ManualClock => Clock!;

    protected static void RegisterEvents(Persistence.Serialization.EventRegistry registry)
    {
        RiskEvents.Register(registry);
        OrderJournalFixtures.Register(registry);
    }

    /// <summary>Starts a guardian and waits until it has recovered (it asks the portfolio for its state then).</summary>
    protected IActorRef StartGuardian(RiskSettings? settings = null, string? name = null)
    {
        var guardian = ActorOf(RiskGuardian.Props(settings ?? RiskSettings.Default, Execution.Ref, PortfolioProbe.Ref), name);
        PortfolioProbe.ExpectMsg<GetPortfolio>();
        return guardian;
    }

    /// <summary>A guardian that knows markets A and B (event X, not exclusive), live books and $1,000 of equity.</summary>
    protected IActorRef StartReadyGuardian(RiskSettings? settings = null)
    {
        var guardian = StartGuardian(settings);
        Listed(guardian, MarketA, EventX);
        Listed(guardian, MarketB, EventX);
        guardian.Tell(LiveBook(MarketA));
        guardian.Tell(LiveBook(MarketB));
        guardian.Tell(Portfolio(1_000));
        return guardian;
    }

    protected static void Listed(IActorRef guardian, MarketTicker ticker, EventTicker eventTicker, string category = "Climate", bool mutuallyExclusive = false, MarketState state = MarketState.Active, SeriesFeeParameters? fees = null) =>
        guardian.Tell(new MarketListed(new MarketInfo(
            ticker, eventTicker, new SeriesTicker("KXSIM"), ticker.Value, category, state, null, null,
            TickStructure.LinearCent, fees ?? SeriesFeeParameters.General, null, null, null, mutuallyExclusive)));

    protected static BookUpdated LiveBook(MarketTicker ticker, BookStatus status = BookStatus.Live) =>
        new(ticker, 1, new BookTop(Price.FromCents(40), Quantity.FromContracts(10), Price.FromCents(42), Quantity.FromContracts(10)),
            [], [], Price.FromCents(41), Price.FromCents(2), Price.FromCents(41), status, Start, null);

    protected static PortfolioUpdated Portfolio(long equityDollars, long peakDollars = 0, long dailyPnlDollars = 0, params PositionView[] positions) =>
        new(Money.FromDollars(equityDollars), Money.FromDollars(equityDollars), Money.FromDollars(Math.Max(peakDollars, equityDollars)),
            Money.Zero, Money.Zero, Money.Zero, Money.FromDollars(dailyPnlDollars), positions, Start);

    protected static PositionView Position(MarketTicker ticker, EventTicker eventTicker, Side side, long contracts, long costDollars) =>
        new(ticker, eventTicker, side, Quantity.FromContracts(contracts), Money.FromDollars(costDollars), Money.Zero, Money.Zero, null, Money.Zero);

    protected OrderIntent Intent(
        MarketTicker? ticker = null,
        EventTicker? eventTicker = null,
        Side side = Side.Yes,
        Action action = Action.Buy,
        long priceCents = 40,
        long contracts = 10,
        ExecutionStyle style = ExecutionStyle.Maker,
        double probability = 0.5,
        long edgeCentiCents = 500,
        string? arbitrageGroup = null,
        IReadOnlyList<string>? feeds = null) =>
        new(
            IntentId.For("test", ticker ?? MarketA, ++_intentNumber),
            "test",
            ticker ?? MarketA,
            eventTicker ?? EventX,
            side,
            action,
            Price.FromCents(priceCents),
            Quantity.FromContracts(contracts),
            style,
            probability,
            Money.FromUnits(edgeCentiCents),
            arbitrageGroup,
            feeds ?? [],
            Start);

    protected IntentApproved ExpectApproved(IActorRef guardian, OrderIntent intent)
    {
        guardian.Tell(intent);
        var reply = ExpectMsg<object>();
        var approved = Assert.IsType<IntentApproved>(reply);
        Assert.Equal(intent.IntentId, approved.Intent.IntentId);
        Execution.ExpectMsg<IntentApproved>(a => a.Intent.IntentId == intent.IntentId);
        return approved;
    }

    protected IntentRejected ExpectRejected(IActorRef guardian, OrderIntent intent, RiskCheck check)
    {
        guardian.Tell(intent);
        var reply = ExpectMsg<object>();
        var rejected = Assert.IsType<IntentRejected>(reply);
        Assert.Equal(check, rejected.Check);
        Assert.False(string.IsNullOrWhiteSpace(rejected.Reason));
        return rejected;
    }

    protected byte[] Digest(IActorRef guardian)
    {
        guardian.Tell(new GetStateDigestPart());
        var part = ExpectMsg<StateDigestPart>();
        Assert.Equal("risk", part.Component);
        return part.CanonicalJson;
    }

    protected static string Text(byte[] json) => System.Text.Encoding.UTF8.GetString(json);

    protected void StopAndWait(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }
}
