using KalshiActors.Kernel;

namespace KalshiActors.Kernel.Tests;

/// <summary>Small actors shared by the specs.</summary>
internal static class TestActors
{
    /// <summary>Replies with what it receives; throws on "fail:&lt;text&gt;" with an InvalidOperationException.</summary>
    internal sealed class EchoActor : ReceiveActor
    {
        public EchoActor()
        {
            Receive<string>(s => s.StartsWith("fail:", StringComparison.Ordinal), Fail);
            ReceiveAny(m => Sender.Tell(m));
        }

        public static Props Props() => Kernel.Props.Create(() => new EchoActor());

        private static void Fail(string reason) => throw new InvalidOperationException(reason);
    }

    /// <summary>Reports its lifecycle hooks to a probe and counts messages in its state.</summary>
    internal sealed class LifecycleActor : ReceiveActor
    {
        private static int s_instances;
        private readonly IActorRef _report;
        private readonly int _instance;
        private int _count;

        public LifecycleActor(IActorRef report)
        {
            _report = report;
            _instance = Interlocked.Increment(ref s_instances);
            _report.Tell("ctor");
            Receive<string>(s => s == "count", _ => Sender.Tell(++_count));
            Receive<string>(s => s == "state", _ => Sender.Tell(_count));
            Receive<Exception>(e => throw e);
            ReceiveAny(m => Sender.Tell(m));
        }

        public static Props Props(IActorRef report) => Kernel.Props.Create(() => new LifecycleActor(report));

        protected override void PreStart() => _report.Tell("preStart");

        protected override void PostStop() => _report.Tell("postStop");

        protected override void PreRestart(Exception reason, object? message)
        {
            _report.Tell($"preRestart:{reason.Message}:{message?.GetType().Name}");
            base.PreRestart(reason, message);
        }

        protected override void PostRestart(Exception reason)
        {
            _report.Tell($"postRestart:{reason.Message}");
            base.PostRestart(reason);
        }
    }
}
