using System.Collections.Concurrent;
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

    /// <summary>Replies to every message; used to catch a message left behind in a mailbox that went idle.</summary>
    private sealed class ReplyingActor : UntypedActor
    {
        protected override void OnReceive(object message) => ((TaskCompletionSource)message).TrySetResult();
    }

    [Fact]
    public void No_message_must_be_stranded_in_an_idle_mailbox()
    {
        // Each round sends one message to an idle actor from several threads at once: exactly the moment the consumer
        // releases its scheduled flag. A lost wake-up leaves a message unprocessed and its round times out.
        var shapes = Gen.Choose(1, 4).SelectMany(threads => Gen.Choose(50, 400).Select(rounds => (threads, rounds)));
        Prop.ForAll(Arb.From(shapes), shape =>
        {
            var (threadCount, rounds) = shape;
            var actor = _system.ActorOf(Props.Create(() => new ReplyingActor()));
            var stranded = 0;
            var threads = Enumerable.Range(0, threadCount).Select(_ => new Thread(() =>
            {
                for (var round = 0; round < rounds; round++)
                {
                    var reply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    actor.Tell(reply, null);
                    if (!reply.Task.Wait(Bound))
                    {
                        Interlocked.Increment(ref stranded);
                        return;
                    }
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            _system.Stop(actor);
            return stranded == 0;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(20));
    }
}
