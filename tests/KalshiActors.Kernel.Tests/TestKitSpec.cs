using KalshiActors.Testing;
using Xunit.Abstractions;

namespace KalshiActors.Kernel.Tests;

public sealed class TestKitSpec(ITestOutputHelper output) : TestKit(output)
{
    [Fact]
    public void ExpectMsgAllOf_must_accept_the_messages_in_any_order()
    {
        TestActor.Tell(2);
        TestActor.Tell(1);
        Assert.Equal([2, 1], ExpectMsgAllOf(1, 2).Cast<int>());
    }

    [Fact]
    public void ExpectMsgAllOf_must_fail_on_a_missing_message()
    {
        TestActor.Tell(1);
        TestActor.Tell(3);
        Assert.Throws<TestKitFailedException>(() => ExpectMsgAllOf(1, 2));
    }

    [Fact]
    public void ReceiveWhile_must_stop_at_the_first_message_the_filter_rejects()
    {
        foreach (var m in new object[] { "a", "b", 3, "c" })
        {
            TestActor.Tell(m);
        }

        Assert.Equal(["a", "b"], ReceiveWhile(m => m as string));
        ExpectMsg("c");
    }

    [Fact]
    public void FishForMessage_must_skip_until_a_match()
    {
        TestActor.Tell("noise");
        TestActor.Tell(7);
        Assert.Equal(7, FishForMessage<int>(i => i > 5));
    }

    [Fact]
    public void ExpectNoMsg_must_fail_when_a_message_arrives()
    {
        TestActor.Tell("surprise");
        Assert.Throws<TestKitFailedException>(() => ExpectNoMsg());
    }

    [Fact]
    public void Within_must_bound_the_expectations_inside_it()
    {
        var error = Assert.Throws<TestKitFailedException>(() => Within(TimeSpan.Zero, () => ExpectMsg<string>(TimeSpan.FromMinutes(5))));
        Assert.Contains("Timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reply_and_Forward_must_use_the_last_sender()
    {
        var probe = CreateTestProbe();
        probe.Ref.Tell("question");
        probe.ExpectMsg("question");
        Assert.Equal(TestActor, probe.LastSender);
        probe.Reply("answer");
        ExpectMsg("answer");
        Assert.Equal(probe.Ref, LastSender);

        var other = CreateTestProbe();
        probe.Forward(other.Ref);
        other.ExpectMsg("question");
        Assert.Equal(TestActor, other.LastSender);
    }

    [Fact]
    public void AwaitAssert_and_AwaitCondition_must_retry_until_success_and_fail_after_the_budget()
    {
        var calls = 0;
        AwaitAssert(() => Assert.True(++calls >= 3));
        AwaitCondition(() => calls++ >= 5);
        Assert.Throws<TestKitFailedException>(() => AwaitCondition(() => false, TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void Dilated_must_scale_timeouts_by_the_dilation_factor()
    {
        var settings = TestKitSettings.Default with { DilationFactor = 2.5 };
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Dilated(TimeSpan.FromSeconds(2)));
    }

    private sealed class FailingActor : ReceiveActor
    {
        public FailingActor() => ReceiveAny(Fail);

        private static void Fail(object message) => throw new InvalidOperationException("unexpected failure");
    }

    private sealed class InnerKit : TestKit
    {
        public void Provoke()
        {
            ActorOf(Props.Create(() => new FailingActor())).Tell("go");
            AwaitCondition(() => LoggedEntries.Any(e => e.Carries<InvalidOperationException>()));
        }
    }

    [Fact]
    public void TestKit_must_fail_the_test_when_an_actor_failure_was_not_expected()
    {
        var inner = new InnerKit();
        inner.Provoke();
        var error = Assert.Throws<TestKitFailedException>(inner.Dispose);
        Assert.Contains("unexpected failure", error.Message, StringComparison.Ordinal);
        ActorRefExtensions.ImplicitSender = TestActor;
    }
}
