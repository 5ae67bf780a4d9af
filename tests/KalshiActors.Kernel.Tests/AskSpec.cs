namespace KalshiActors.Kernel.Tests;

public sealed class AskSpec
{
    private sealed class EchoActor : ReceiveActor
    {
        public EchoActor()
        {
            Receive<string>(s => Sender.Tell("echo:" + s));
            Receive<int>(_ => { });
        }
    }

    [Fact]
    public async Task Ask_must_complete_with_the_reply()
    {
        var system = ActorSystem.Create("ask");
        var echo = system.ActorOf(Props.Create(() => new EchoActor()), "echo");
        var reply = await echo.Ask<string>("hi", TimeSpan.FromSeconds(10));
        Assert.Equal("echo:hi", reply);
        Assert.Equal("akka://ask/user/echo", echo.Path.ToString());
        await system.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
