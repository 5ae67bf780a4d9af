using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Snapshots;
using Xunit.Abstractions;

namespace KalshiActors.Risk.Tests;

/// <summary>What the guardian keeps across a restart: trading state, kill switch, breaker, blocked markets, pending intents.</summary>
public sealed class RiskGuardianRecoverySpec(ITestOutputHelper output) : RiskGuardianSpecBase(output)
{
    private static readonly ClientOrderId UnknownOrder = new("00000000-0000-5000-8000-0000000000aa");

    [Fact]
    public void RiskGuardian_must_recover_its_state_and_digest_after_a_restart()
    {
        var guardian = StartReadyGuardian();
        ExpectApproved(guardian, Intent(contracts: 5));
        guardian.Tell(new OrderOutcomeUnknown(UnknownOrder, MarketB, "timeout", Start));
        guardian.Tell(new ActivateKillSwitch("test", "ops"));
        Execution.ExpectMsg<CancelAllOrders>();
        ExpectMsg<RiskCommandResult>();
        var before = Digest(guardian);

        StopAndWait(guardian);
        var restarted = StartReadyGuardian();

        var after = Digest(restarted);
        Assert.Equal(Text(before), Text(after));
        Assert.Contains("\"kill_switch\":true", Text(after), StringComparison.Ordinal);
        Assert.Contains("\"trading_state\":\"Halted\"", Text(after), StringComparison.Ordinal);
        Assert.Contains(UnknownOrder.Value, Text(after), StringComparison.Ordinal);
        ExpectRejected(restarted, Intent(), RiskCheck.KillSwitch);
        restarted.Tell(new ResetRiskHalt("ok", "ops"));
        ExpectMsg<RiskCommandResult>();
        ExpectRejected(restarted, Intent(ticker: MarketB), RiskCheck.UnknownOrderOutcome);
    }

    [Fact]
    public void RiskGuardian_must_keep_the_drawdown_breaker_tripped_across_a_restart()
    {
        var guardian = StartReadyGuardian(RiskSettings.Default with { DailyLossLimit = Money.FromDollars(10_000) });
        guardian.Tell(Portfolio(800, peakDollars: 1_000));
        ExpectRejected(guardian, Intent(), RiskCheck.DrawdownBreaker);

        StopAndWait(guardian);
        var restarted = StartReadyGuardian(RiskSettings.Default with { DailyLossLimit = Money.FromDollars(10_000) });

        ExpectRejected(restarted, Intent(), RiskCheck.DrawdownBreaker);
    }

    [Fact]
    public async Task RiskGuardian_must_recover_from_a_snapshot_when_older_events_are_gone()
    {
        var settings = RiskSettings.Default with { SnapshotEvery = 3 };
        var guardian = StartReadyGuardian(settings);
        for (var i = 0; i < 4; i++)
        {
            ExpectApproved(guardian, Intent(contracts: 1));
        }

        guardian.Tell(new OrderOutcomeUnknown(UnknownOrder, MarketB, "timeout", Start));
        var before = Digest(guardian);
        var snapshots = PersistenceExtension.Get(Sys).Snapshots;
        SelectedSnapshot? snapshot = null;
        AwaitCondition(() => (snapshot = snapshots.LoadAsync(RiskGuardian.PersistenceId, SnapshotSelectionCriteria.Latest).GetAwaiter().GetResult()) is not null);
        StopAndWait(guardian);

        // Without the events the snapshot covers, only the snapshot can bring the state back.
        await Journal.DeleteMessagesToAsync(RiskGuardian.PersistenceId, snapshot!.Metadata.SequenceNr);
        var restarted = StartReadyGuardian(settings);

        Assert.Equal(Text(before), Text(Digest(restarted)));
        Assert.True(snapshot.Metadata.SequenceNr >= 3);
    }

    [Fact]
    public void RiskGuardian_must_learn_resting_orders_and_unknown_outcomes_from_the_order_journal_after_a_restart()
    {
        var settings = RiskSettings.Default with { MaxMarketExposureFraction = 0.01m };
        var guardian = StartReadyGuardian(settings);
        var first = Intent(contracts: 20);
        ExpectApproved(guardian, first);
        StopAndWait(guardian);

        // While the guardian is down the router submits the order and loses track of another one.
        var router = ActorOf(Props.Create(() => new FakeRouterActor()));
        router.Tell(new OrderSubmitted(first.IntentId.ToClientOrderId(), first.IntentId, "test", MarketA, EventX, Side.Yes, Domain.Action.Buy,
            first.LimitPrice, first.Count, ExecutionStyle.Maker, true, true, Start));
        ExpectMsg("stored");
        router.Tell(new OrderOutcomeUnknown(UnknownOrder, MarketB, "timeout", Start));
        ExpectMsg("stored");

        var restarted = StartReadyGuardian(settings);

        var rejected = ExpectRejected(restarted, Intent(contracts: 20), RiskCheck.MaxPerMarket);
        Assert.Equal("8.0000", rejected.Figures["market_exposure_before"]);
        ExpectRejected(restarted, Intent(ticker: MarketB), RiskCheck.UnknownOrderOutcome);
        var events = PersistedEvents(RiskGuardian.PersistenceId);
        Assert.Contains(events, e => e is IntentReleased r && r.IntentId == first.IntentId);
        Assert.DoesNotContain(first.IntentId.Value, Text(Digest(restarted)), StringComparison.Ordinal);
    }

    [Fact]
    public void RiskGuardian_must_release_an_approved_intent_no_order_was_seen_for()
    {
        var guardian = StartReadyGuardian();
        var intent = Intent();
        ExpectApproved(guardian, intent);
        Assert.Contains(intent.IntentId.Value, Text(Digest(guardian)), StringComparison.Ordinal);

        ManualClock.Advance(RiskSettings.Default.PendingIntentTimeout + TimeSpan.FromSeconds(1));

        AwaitAssert(() => Assert.DoesNotContain(intent.IntentId.Value, Text(Digest(guardian)), StringComparison.Ordinal));

        // The release is applied at once and stored behind it (PersistAsync): the digest may show it before the journal has it.
        AwaitAssert(() => Assert.Contains(PersistedEvents(RiskGuardian.PersistenceId), e => e is IntentReleased r && r.IntentId == intent.IntentId));
    }

    [Fact]
    public void RiskGuardian_digest_must_be_canonical_json_with_sorted_keys()
    {
        var guardian = StartReadyGuardian();

        var json = Text(Digest(guardian));

        using var document = System.Text.Json.JsonDocument.Parse(json);
        var keys = document.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(keys.OrderBy(k => k, StringComparer.Ordinal), keys);
        Assert.Contains("\"trading_state\":\"Active\"", json, StringComparison.Ordinal);
        Assert.Contains("\"day_start_equity\":\"1000.0000\"", json, StringComparison.Ordinal);
    }
}
