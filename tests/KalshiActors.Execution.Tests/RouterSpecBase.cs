using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Testing;
using KalshiActors.Testing.Persistence;
using Xunit.Abstractions;

namespace KalshiActors.Execution.Tests;

/// <summary>A persistence test kit on a manual clock with a fake gateway and a probe on the order events.</summary>
public abstract class RouterSpecBase : PersistenceTestKit
{
    protected RouterSpecBase(ITestOutputHelper output)
        : base(r => ExecutionEvents.Register(r), output, timeProvider: new ManualTimeProvider(Fixtures.Start))
    {
        Events = CreateTestProbe("order-events");
        Sys.EventStream.Subscribe(Events.Ref, typeof(OrderLifecycleEvent));
    }

    internal FakeOrderGateway Gateway { get; } = new();

    internal ExecutionSettings Settings { get; set; } = new() { ReadRetries = 0 };

    /// <summary>Receives every order event published, in publication order.</summary>
    internal TestProbe Events { get; }

    internal ExchangeCalls Calls() => new(Gateway, Settings, Sys.EventStream, Sys.TimeProvider, reportCalls: true);

    internal IActorRef StartRouter(ExchangeCalls? calls = null) =>
        ActorOf(OrderRouterActor.Props(Fixtures.Ticker, calls ?? Calls(), Settings, paper: false), ActorNames.Router(Fixtures.Ticker));

    internal void StopRouter(IActorRef router)
    {
        Watch(router);
        Sys.Stop(router);
        ExpectTerminated(router);
    }

    internal T Expect<T>()
        where T : OrderLifecycleEvent => Events.ExpectMsg<T>();

    /// <summary>Has the journal refuse one write (see <see cref="LostWrites"/>) and returns the mark taken just before it.</summary>
    internal long LoseAWrite()
    {
        LostWrites.Register(Registry);
        var decider = ActorOf(Props.Create(() => new LostWrites.DecidingActor()));
        Watch(decider);
        long mark = 0;
        ExpectError<System.Text.Json.JsonException>(
            () =>
            {
                decider.Tell(new LostWrites.LostWrite(), TestActor);
                mark = ExpectMsg<long>();
            },
            occurrences: 2);
        // The decider stops when the journal reports its write refused: the journal has counted it by then.
        ExpectTerminated(decider);
        return mark;
    }

    /// <summary>A journal mark taken now, after any earlier loss, as a decision stored without trouble would carry.</summary>
    internal long MarkNow()
    {
        var decider = ActorOf(Props.Create(() => new LostWrites.DecidingActor()));
        decider.Tell("decide", TestActor);
        return ExpectMsg<long>();
    }

    internal IReadOnlyList<object> RouterJournal(string persistenceId = "router-KXTEST-26DEC04-T50") => PersistedEvents(persistenceId);
}
