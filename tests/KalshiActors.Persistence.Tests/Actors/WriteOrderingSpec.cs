using System.Collections.Concurrent;
using System.Text.Json;
using KalshiActors.Kernel;
using KalshiActors.Persistence.CrashWriter;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Snapshots;

namespace KalshiActors.Persistence.Tests.Actors;

/// <summary>
/// The ordering the order path relies on: a decision persisted with PersistAsync and handed over with SendWritesNow
/// before the message that causes an order is sent is stored no later than that order, so an actor that stores the order
/// before acting (the router) never acts on an order whose decision is not stored; and a failed decision write takes the
/// order written behind it down with it instead of leaving an order without its decision.
/// </summary>
public sealed class WriteOrderingSpec : IAsyncLifetime
{
    // Bounds every wait so a broken actor fails the test instead of hanging the run; not a performance assertion.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly DecisionWatchingStorage _storage = new(new InMemoryJournalStorage());
    private ActorSystem _system = null!;
    private EventJournal _journal = null!;

    public Task InitializeAsync()
    {
        _system = ActorSystem.Create("write-ordering-spec");
        _journal = new EventJournal(_storage, CrashEvents.CreateRegistry(), TimeProvider.System);
        PersistenceExtension.Start(_system, _journal, new SnapshotStore(new InMemorySnapshotStorage(), CrashEvents.CreateRegistry()), new PersistenceSettings());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.Terminate().WaitAsync(Limit);

    [Fact]
    public async Task An_order_stored_after_a_decision_handed_over_with_SendWritesNow_is_only_acted_on_once_the_decision_is_stored()
    {
        // Slow commits, so decisions and orders from 4 pairs with 8 decisions in flight each pile up behind one another.
        _storage.CommitDelay = TimeSpan.FromMilliseconds(1);
        var actedWithoutDecision = new ConcurrentQueue<long>();
        var acted = new ConcurrentDictionary<long, bool>();
        for (var pair = 0; pair < 4; pair++)
        {
            var offset = pair * 1_000_000L;
            var decisions = $"decisions-{pair}";
            var orderer = _system.ActorOf(OrderingActor.Props($"orders-{pair}", number =>
            {
                // Where a router would call the exchange: the decision must already be committed.
                if (!_storage.StoredDecision(decisions, number))
                {
                    actedWithoutDecision.Enqueue(offset + number);
                }

                acted[offset + number] = true;
            }));
            _system.ActorOf(DecidingActor.Props(decisions, orderer, inFlight: 8));
        }

        var deadline = DateTime.UtcNow + Limit;
        while (acted.Count < 2_000)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {acted.Count} orders were acted on");
            await Task.Delay(10);
        }

        Assert.Empty(actedWithoutDecision);
        Assert.True(_storage.Batches > 1, "the decisions and orders went through more than one transaction");
        await AssertEveryOrderHasItsDecisionBeforeItAsync();
    }

    [Fact]
    public async Task A_decision_handed_over_with_SendWritesNow_is_stored_before_the_order_even_while_its_actor_is_still_busy()
    {
        // The deciding actor stays in its handling for a while after telling: without SendWritesNow its write would only
        // leave when the handling ends, after the order's.
        var acted = new ConcurrentQueue<long>();
        var actedWithoutDecision = new ConcurrentQueue<long>();
        var orderer = _system.ActorOf(OrderingActor.Props("orders-0", number =>
        {
            if (!_storage.StoredDecision("decisions-0", number))
            {
                actedWithoutDecision.Enqueue(number);
            }

            acted.Enqueue(number);
        }));
        var bystander = _system.ActorOf(Props.Create(() => new BystanderActor()));
        _system.ActorOf(DecidingActor.Props("decisions-0", orderer, inFlight: 1, busyAfterTell: TimeSpan.FromMilliseconds(20), thenTell: bystander));

        await WaitUntilAsync(() => acted.Count >= 20, "20 orders to be acted on");
        Assert.Empty(actedWithoutDecision);
        await AssertEveryOrderHasItsDecisionBeforeItAsync();
    }

    [Fact]
    public async Task A_failed_decision_write_fails_the_order_queued_behind_it_and_recovery_finds_no_order_without_its_decision()
    {
        var acted = new ConcurrentQueue<long>();
        var orderer = _system.ActorOf(OrderingActor.Props("orders-0", acted.Enqueue));
        var decider = _system.ActorOf(DecidingActor.Props("decisions-0", orderer, inFlight: 0));
        var ordererStopped = Watch(orderer);
        var deciderStopped = Watch(decider);

        decider.Tell(new Decide(1));
        await WaitUntilAsync(() => acted.Contains(1), "the first order to be acted on");

        // The storage holds decision 2's transaction until order 2 has been handed to the journal, then fails it: order 2
        // is then queued behind a failed write and must not be stored.
        _storage.FailDecision = 2;
        decider.Tell(new Decide(2));
        await deciderStopped.WaitAsync(Limit);
        await Task.WhenAny(ordererStopped, WaitUntilAsync(() => acted.Contains(2), "order 2")).WaitAsync(Limit);
        Assert.DoesNotContain(2L, acted);
        await ordererStopped.WaitAsync(Limit);
        Assert.False(_storage.StoredDecision("decisions-0", 2));

        // Both recover from what was stored and carry on.
        _storage.FailDecision = null;
        await AssertBothRecoverAndOnlyOrders1And3AreStoredAsync(acted);
    }

    [Fact]
    public async Task An_order_that_reaches_the_journal_only_after_its_decision_failed_is_refused_and_other_writes_go_on()
    {
        // The relay holds the order's message until the decision's failure has been handled, so the order's write is not
        // queued behind it: only the mark the order carries (taken by SendWritesNow) can keep it out of the journal.
        var acted = new ConcurrentQueue<long>();
        var orderer = _system.ActorOf(OrderingActor.Props("orders-0", acted.Enqueue));
        var relay = _system.ActorOf(Props.Create(() => new HoldingRelay(orderer)));
        var decider = _system.ActorOf(DecidingActor.Props("decisions-0", relay, inFlight: 0));
        var ordererStopped = Watch(orderer);
        var deciderStopped = Watch(decider);

        decider.Tell(new Decide(1));
        await WaitUntilAsync(() => acted.Contains(1), "the first order to be acted on");

        relay.Tell(HoldingRelay.Hold.Instance);
        _storage.FailDecisionAtOnce = 2;
        decider.Tell(new Decide(2));
        await deciderStopped.WaitAsync(Limit);
        relay.Tell(HoldingRelay.Release.Instance);
        await ordererStopped.WaitAsync(Limit);
        Assert.DoesNotContain(2L, acted);
        Assert.False(_storage.StoredDecision("decisions-0", 2));

        // The journal is not closed by the failure: a decision and order taken after it are stored and acted on.
        _storage.FailDecisionAtOnce = null;
        await AssertBothRecoverAndOnlyOrders1And3AreStoredAsync(acted);
    }

    // Decision 3 and its order, taken after the failure of decision 2, are stored and acted on by the recovered pair.
    private async Task AssertBothRecoverAndOnlyOrders1And3AreStoredAsync(ConcurrentQueue<long> acted)
    {
        var recoveredOrderer = _system.ActorOf(OrderingActor.Props("orders-0", acted.Enqueue));
        var recoveredDecider = _system.ActorOf(DecidingActor.Props("decisions-0", recoveredOrderer, inFlight: 0));
        recoveredDecider.Tell(new Decide(3));
        await WaitUntilAsync(() => acted.Contains(3), "the order after recovery to be acted on");
        await AssertEveryOrderHasItsDecisionBeforeItAsync();
        var orders = await _journal.ReplayAsync("orders-0", 1, long.MaxValue).Select(r => ((Ordered)r.Payload).Number).ToListAsync();
        Assert.Equal([1L, 3L], orders);
    }

    private async Task AssertEveryOrderHasItsDecisionBeforeItAsync()
    {
        var decided = new Dictionary<(string, long), long>();
        var ordered = new List<((string, long) Key, long Offset)>();
        await foreach (var envelope in _journal.CurrentAllEvents())
        {
            var pair = envelope.PersistenceId[(envelope.PersistenceId.IndexOf('-', StringComparison.Ordinal) + 1)..];
            switch (envelope.Event)
            {
                case Decided d:
                    decided[(pair, d.Number)] = envelope.Offset;
                    break;
                case Ordered o:
                    ordered.Add(((pair, o.Number), envelope.Offset));
                    break;
            }
        }

        Assert.NotEmpty(ordered);
        Assert.All(ordered, o => Assert.True(decided.TryGetValue(o.Key, out var at) && at < o.Offset, $"order {o.Key} without its decision stored before it"));
    }

    private Task Watch(IActorRef actor)
    {
        var terminated = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _system.ActorOf(WatcherActor.Props(actor, terminated));
        return terminated.Task;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(5);
        }
    }

    private sealed class BystanderActor : ReceiveActor
    {
        public BystanderActor() => ReceiveAny(_ => { });
    }

    /// <summary>Forwards everything to its target, except that between Hold and Release it keeps messages back (in order).</summary>
    private sealed class HoldingRelay : ReceiveActor
    {
        public HoldingRelay(IActorRef target)
        {
            var held = new List<(object Message, IActorRef Sender)>();
            var holding = false;
            Receive<Hold>(_ => holding = true);
            Receive<Release>(_ =>
            {
                holding = false;
                held.ForEach(m => target.Tell(m.Message, m.Sender));
                held.Clear();
            });
            ReceiveAny(m =>
            {
                if (holding)
                {
                    held.Add((m, Sender));
                }
                else
                {
                    target.Tell(m, Sender);
                }
            });
        }

        public sealed record Hold
        {
            public static Hold Instance { get; } = new();
        }

        public sealed record Release
        {
            public static Release Instance { get; } = new();
        }
    }

    /// <summary>
    /// Records which decisions are committed (at the moment the inner storage returns), can slow every commit down, and
    /// can hold and then fail the transaction holding one decision until the journal has the next write queued.
    /// </summary>
    private sealed class DecisionWatchingStorage(IJournalStorage inner) : ForwardingJournalStorage(inner)
    {
        private readonly ConcurrentDictionary<(string, long), bool> _decisions = new();
        private int _batches;

        public TimeSpan CommitDelay { get; set; }

        public long? FailDecision { get; set; }

        public long? FailDecisionAtOnce { get; set; }

        public int Batches => Volatile.Read(ref _batches);

        public bool StoredDecision(string persistenceId, long number) => _decisions.ContainsKey((persistenceId, number));

        public override async Task WriteAsync(IReadOnlyList<JournalRow> rows, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _batches);
            var decisions = rows.Where(r => r.Manifest == "Decided.v1")
                .Select(r => (r.PersistenceId, JsonDocument.Parse(r.Payload).RootElement.GetProperty("Number").GetInt64()))
                .ToList();
            if (FailDecision is { } failing && decisions.Any(d => d.Item2 == failing))
            {
                // Long enough for the ordering actor to receive the decision's message and queue its own write behind this one.
                await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken);
                throw new JournalStorageException($"injected failure of the transaction holding decision {failing}");
            }

            if (FailDecisionAtOnce is { } failingNow && decisions.Any(d => d.Item2 == failingNow))
            {
                throw new JournalStorageException($"injected failure of the transaction holding decision {failingNow}");
            }

            if (CommitDelay > TimeSpan.Zero)
            {
                await Task.Delay(CommitDelay, cancellationToken);
            }

            await Inner.WriteAsync(rows, cancellationToken);
            foreach (var decision in decisions)
            {
                _decisions[decision] = true;
            }
        }

    }
}
