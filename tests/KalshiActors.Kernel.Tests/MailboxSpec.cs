using KalshiActors.Testing;
using Xunit.Abstractions;

namespace KalshiActors.Kernel.Tests;

public sealed class MailboxSpec(ITestOutputHelper output) : TestKit(output)
{
    /// <summary>Blocks in its handler on "block" until the gate opens, so the test can fill its mailbox meanwhile.</summary>
    private sealed class BlockingActor : ReceiveActor
    {
        public BlockingActor(ManualResetEventSlim entered, ManualResetEventSlim gate)
        {
            Receive<string>(
                _ =>
                {
                    entered.Set();
                    gate.Wait(TimeSpan.FromSeconds(30));
                },
                s => s == "block");
            ReceiveAny(m => Sender.Tell(m));
        }
    }

    private (IActorRef Actor, ManualResetEventSlim Gate) StartBlocked(Props? mailboxProps = null)
    {
        var entered = new ManualResetEventSlim();
        var gate = new ManualResetEventSlim();
        var props = Props.Create(() => new BlockingActor(entered, gate));
        if (mailboxProps is not null)
        {
            props = props.WithBoundedMailbox(mailboxProps.MailboxCapacity, mailboxProps.MailboxOverflow);
        }

        var actor = ActorOf(props);
        actor.Tell("block");
        Assert.True(entered.Wait(Dilated(TimeSpan.FromSeconds(10))));
        return (actor, gate);
    }

    [Fact]
    public void System_messages_must_be_processed_before_queued_user_messages()
    {
        var (actor, gate) = StartBlocked();
        Watch(actor);
        actor.Tell(1);
        actor.Tell(2);
        Sys.Stop(actor);
        gate.Set();
        ExpectTerminated(actor);
        ExpectDeadLetter<int>(i => i == 1);
        ExpectDeadLetter<int>(i => i == 2);
    }

    [Fact]
    public void Bounded_mailbox_with_DropNewest_must_dead_letter_messages_beyond_capacity()
    {
        var (actor, gate) = StartBlocked(Props.Create(() => new BehaviourlessActor()).WithBoundedMailbox(2, MailboxOverflowStrategy.DropNewest));
        for (var i = 1; i <= 4; i++)
        {
            actor.Tell(i);
        }

        gate.Set();
        ExpectMsg(1);
        ExpectMsg(2);
        ExpectDeadLetter<int>(i => i == 3);
        ExpectDeadLetter<int>(i => i == 4);
        ExpectNoMsg();
    }

    [Fact]
    public void Bounded_mailbox_with_DropOldest_must_keep_the_newest_messages()
    {
        var (actor, gate) = StartBlocked(Props.Create(() => new BehaviourlessActor()).WithBoundedMailbox(2, MailboxOverflowStrategy.DropOldest));
        for (var i = 1; i <= 4; i++)
        {
            actor.Tell(i);
        }

        gate.Set();
        ExpectMsg(3);
        ExpectMsg(4);
        ExpectDeadLetter<int>(i => i == 1);
        ExpectDeadLetter<int>(i => i == 2);
    }

    [Fact]
    public void Bounded_mailbox_with_Fail_must_fail_the_actor_with_MailboxOverflowException()
    {
        var (actor, gate) = StartBlocked(Props.Create(() => new BehaviourlessActor()).WithBoundedMailbox(1, MailboxOverflowStrategy.Fail));
        actor.Tell(1);
        actor.Tell(2);
        ExpectDeadLetter<int>(i => i == 2);
        ExpectError<MailboxOverflowException>(gate.Set);
    }

    private sealed class BehaviourlessActor : ReceiveActor
    {
    }

    [Fact]
    public void Messages_from_one_sender_must_arrive_in_send_order_across_segment_growth()
    {
        var echo = ActorOf(TestActors.EchoActor.Props());
        const int Count = 5_000;
        for (var i = 0; i < Count; i++)
        {
            echo.Tell(i);
        }

        var received = ReceiveN(Count, Dilated(TimeSpan.FromSeconds(20)));
        Assert.Equal(Enumerable.Range(0, Count).Cast<object>(), received);
    }
}
