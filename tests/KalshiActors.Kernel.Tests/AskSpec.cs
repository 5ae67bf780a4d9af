using KalshiActors.Testing;
using Xunit.Abstractions;
using static KalshiActors.Kernel.Tests.TestActors;

namespace KalshiActors.Kernel.Tests;

public sealed class AskSpec(ITestOutputHelper output) : TestKit(output, timeProvider: new ManualTimeProvider())
{
    [Fact]
    public async Task Ask_must_complete_with_the_reply()
    {
        var echo = ActorOf(EchoActor.Props());
        Assert.Equal("hello", await echo.Ask<string>("hello"));
    }

    [Fact]
    public async Task Ask_must_fail_with_AskTimeoutException_when_nobody_replies_in_time()
    {
        var silent = CreateTestProbe();
        var reply = silent.Ref.Ask<string>("anyone?", TimeSpan.FromSeconds(5));
        silent.ExpectMsg("anyone?");
        Clock!.Advance(TimeSpan.FromSeconds(4));
        Assert.False(reply.IsCompleted);
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => reply);
    }

    [Fact]
    public async Task Ask_answered_with_Status_Failure_must_throw_its_cause()
    {
        var probe = CreateTestProbe();
        var reply = probe.Ref.Ask<string>("question");
        probe.ExpectMsg("question");
        probe.Reply(new Status.Failure(new InvalidOperationException("no answer")));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => reply);
        Assert.Equal("no answer", error.Message);
    }

    [Fact]
    public async Task Ask_with_a_reply_of_the_wrong_type_must_fail_with_InvalidCastException()
    {
        var echo = ActorOf(EchoActor.Props());
        await Assert.ThrowsAsync<InvalidCastException>(() => echo.Ask<string>(42));
    }

    [Fact]
    public void PipeTo_must_send_the_result_or_a_Status_Failure()
    {
        Task.FromResult("piped").PipeTo(TestActor);
        ExpectMsg("piped");
        Task.FromException<string>(new InvalidOperationException("broken")).PipeTo(TestActor);
        Assert.Equal("broken", ExpectMsg<Status.Failure>().Cause.Message);
    }
}
