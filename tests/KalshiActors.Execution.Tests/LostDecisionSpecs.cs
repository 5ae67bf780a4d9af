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
        var mark = LoseAWrite();

        var router = StartRouter();
        Watch(router);
        ExpectError<JournalStorageException>(() => router.Tell(Intent(1, ExecutionStyle.ImmediateOrCancel) with { DecisionWriteMark = mark }), occurrences: 2);
        ExpectTerminated(router);
        Assert.Empty(Gateway.Creates);
        Assert.DoesNotContain(RouterJournal(), e => e is OrderSubmitted);

        // A decision taken after the failure (a later mark) trades as usual: the journal refused one write, it did not close.
        Gateway.OnCreate = r => Task.FromResult(Gateway.Ack(r, Contracts(10), Contracts(0)));
        var restarted = StartRouter();
        var laterMark = MarkNow();
        restarted.Tell(Intent(2, ExecutionStyle.ImmediateOrCancel) with { DecisionWriteMark = laterMark });
        Expect<OrderSubmitted>();
        var sent = Assert.Single(Gateway.Creates);
        Assert.Equal(Intent(2).Intent.IntentId.ToClientOrderId(0), sent.ClientOrderId);
    }
}
