using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using FsCheck;
using FsCheck.Fluent;

namespace KalshiActors.Kernel.Tests;

/// <summary>Properties of the mailbox under concurrent producers, checked with FsCheck over random shapes of load.</summary>
public sealed class MailboxPropertySpec : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly ActorSystem _system = ActorSystem.Create("properties", new KernelSettings { Throughput = 5 });

    public void Dispose() => _system.Terminate().Wait(Bound);

    private sealed record Numbered(int Sender, int Sequence);

    /// <summary>Records what arrives (in order) and signals once it has seen the expected count.</summary>
    private sealed class RecordingActor(ConcurrentQueue<Numbered> log, int expected, ManualResetEventSlim done) : UntypedActor
    {
        private int _count;

        protected override void OnReceive(object message)
        {
            log.Enqueue((Numbered)message);
            if (++_count == expected)
            {
                done.Set();
            }
        }
    }

    [Fact]
    public void Concurrent_senders_must_lose_no_message_and_keep_per_sender_order()
    {
        var shapes = Gen.Choose(1, 6).SelectMany(senders => Gen.Choose(1, 3_000).Select(perSender => (senders, perSender)));
        Prop.ForAll(Arb.From(shapes), shape =>
        {
            var (senders, perSender) = shape;
            var log = new ConcurrentQueue<Numbered>();
            var done = new ManualResetEventSlim();
            var actor = _system.ActorOf(Props.Create(() => new RecordingActor(log, senders * perSender, done)));
            using var start = new Barrier(senders);
            var threads = Enumerable.Range(0, senders).Select(s => new Thread(() =>
            {
                start.SignalAndWait();
                for (var i = 0; i < perSender; i++)
                {
                    actor.Tell(new Numbered(s, i), null);
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            var complete = done.Wait(Bound);
            _system.Stop(actor);
            if (!complete || log.Count != senders * perSender)
            {
                return false;
            }

            var next = new int[senders];
            foreach (var message in log)
            {
                if (message.Sequence != next[message.Sender]++)
                {
                    return false;
                }
            }

            return next.All(n => n == perSender);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(25));
    }

    /// <summary>Counts what it handles; the senders spin on the count so each next message races the consumer going idle.</summary>
    private sealed class CountingActor(StrongBox<int> handled) : UntypedActor
    {
        protected override void OnReceive(object message) => Interlocked.Increment(ref handled.Value);
    }

    [Fact]
    public void No_message_must_be_stranded_in_an_idle_mailbox()
    {
        // Each sender sends one message, spins until it was handled, and sends the next at once: the next message
        // arrives exactly while the consumer finishes its run and releases the scheduled flag. Without the re-check of
        // the queue after the release (the classic lost wake-up) a message stays in an idle mailbox and the round times out.
        var shapes = Gen.Choose(1, 3).SelectMany(threads => Gen.Choose(200, 2_000).Select(rounds => (threads, rounds)));
        Prop.ForAll(Arb.From(shapes), shape =>
        {
            var (threadCount, rounds) = shape;
            var handled = new StrongBox<int>();
            var actor = _system.ActorOf(Props.Create(() => new CountingActor(handled)));
            var stranded = 0;
            var sent = 0;
            var threads = Enumerable.Range(0, threadCount).Select(_ => new Thread(() =>
            {
                var message = new object();
                for (var round = 0; round < rounds; round++)
                {
                    var mine = Interlocked.Increment(ref sent);
                    actor.Tell(message, null);
                    var waited = Stopwatch.StartNew();
                    var spin = default(SpinWait);
                    while (Volatile.Read(ref handled.Value) < mine - (threadCount - 1))
                    {
                        if (waited.Elapsed > Bound)
                        {
                            Interlocked.Increment(ref stranded);
                            return;
                        }

                        spin.SpinOnce(sleep1Threshold: -1);
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            var settled = SpinWait.SpinUntil(() => Volatile.Read(ref handled.Value) == threadCount * rounds, Bound);
            _system.Stop(actor);
            return stranded == 0 && settled;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }
}
