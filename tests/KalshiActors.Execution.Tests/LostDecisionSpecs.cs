using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Xunit.Abstractions;
using static KalshiActors.Execution.Tests.Fixtures;

namespace KalshiActors.Execution.Tests;

/// <summary>
/// The guardian sends an approval before its decision is committed; the router stores the order on condition that no
/// journal write failed since the approval's mark. These specs lose the decision (the journal refuses it) before the
/// approval reaches the router, so nothing queues the order's write behind the failed one, and check no order leaves.
/// </summary>
public sealed class LostDecisionSpecs(ITestOutputHelper output) : RouterSpecBase(output)
{
    [Fact]
    public void OrderRouterActor_must_send_no_order_for_an_approval_whose_decision_was_not_stored()
    {
        Registry.Register("LostDecision.v1", JsonMetadataServices.CreateValueInfo<LostDecision>(new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, new RefusingConverter()));
        var decider = ActorOf(Props.Create(() => new DecidingActor()));
        Watch(decider);
        long mark = 0;
        ExpectError<JsonException>(
            () =>
            {
                decider.Tell(new LostDecision(), TestActor);
                mark = ExpectMsg<long>();
            },
            occurrences: 2);
        // The decider stops when the journal reports its write refused: the journal has counted it by then.
        ExpectTerminated(decider);

        var router = StartRouter();
        Watch(router);
        ExpectError<JournalStorageException>(() => router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel) with { DecisionWriteMark = mark }), occurrences: 2);
        ExpectTerminated(router);
        Assert.Empty(Gateway.Creates);
        Assert.DoesNotContain(RouterJournal(), e => e is OrderSubmitted);

        // A decision taken after the failure (a later mark) trades as usual: the journal refused one write, it did not close.
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Contracts(10), Contracts(0)));
        var restarted = StartRouter();
        var later = ActorOf(Props.Create(() => new DecidingActor()));
        later.Tell("decide", TestActor);
        var laterMark = ExpectMsg<long>();
        restarted.Tell(Intent(2, ExecutionStyle.ImmediateOrCancel) with { DecisionWriteMark = laterMark });
        Expect<OrderSubmitted>();
        var sent = Assert.Single(Gateway.Creates);
        Assert.Equal(Intent(2).Intent.IntentId.ToClientOrderId(0), sent.ClientOrderId);
    }

    /// <summary>A decision whose write the journal refuses (its serializer fails, as a corrupt event would).</summary>
    private sealed record LostDecision;

    private sealed class RefusingConverter : JsonConverter<LostDecision>
    {
        public override LostDecision Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new JsonException("never stored");

        public override void Write(Utf8JsonWriter writer, LostDecision value, JsonSerializerOptions options) => throw new JsonException("injected: this decision cannot be stored");
    }

    /// <summary>The guardian's side in miniature: persists its decision with PersistAsync and answers the mark of SendWritesNow at once.</summary>
    private sealed class DecidingActor : ReceivePersistentActor
    {
        public DecidingActor()
        {
            Command<LostDecision>(d =>
            {
                PersistAsync(d, _ => { });
                Sender.Tell(SendWritesNow(), Self);
            });
            Command<string>(_ => Sender.Tell(SendWritesNow(), Self));
        }

        public override string PersistenceId => "deciding-actor";
    }
}
