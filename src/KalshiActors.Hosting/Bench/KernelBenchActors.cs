using KalshiActors.Kernel;

namespace KalshiActors.Hosting.Bench;

/// <summary>Actors shared by the `bench kernel` suite and the kernel BenchmarkDotNet suites, so both measure the same work.</summary>
internal static class KernelBenchActors
{
    internal sealed record Start(int InFlight);

    /// <summary>Bounces <c>messages</c> balls off its partner, then signals.</summary>
    internal sealed class PingActor(IActorRef ponger, int messages, CountdownEvent done) : UntypedActor
    {
        private int _sent;
        private int _received;

        protected override void OnReceive(object message)
        {
            if (message is Start start)
            {
                var ball = new object();
                for (var i = 0; i < start.InFlight; i++)
                {
                    _sent++;
                    ponger.Tell(ball, Self);
                }

                return;
            }

            _received++;
            if (_sent < messages)
            {
                _sent++;
                ponger.Tell(message, Self);
            }
            else if (_received == messages)
            {
                done.Signal();
            }
        }
    }

    /// <summary>Replies to every message with the message itself.</summary>
    internal sealed class EchoActor : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }

    /// <summary>Counts messages and signals at the expected count.</summary>
    internal sealed class CountingActor(int expected, ManualResetEventSlim done) : UntypedActor
    {
        private int _count;

        protected override void OnReceive(object message)
        {
            if (++_count == expected)
            {
                done.Set();
            }
        }
    }

    /// <summary>Signals once started; otherwise idle.</summary>
    internal sealed class StartedActor(CountdownEvent started) : UntypedActor
    {
        protected override void PreStart() => started.Signal();

        protected override void OnReceive(object message)
        {
        }
    }

    /// <summary>Spawns the requested number of <see cref="StartedActor"/> children.</summary>
    internal sealed class SpawningActor(CountdownEvent started) : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is int count)
            {
                for (var i = 0; i < count; i++)
                {
                    Context.ActorOf(Props.Create(() => new StartedActor(started)));
                }
            }
            else if (message is "stop-children")
            {
                foreach (var child in Context.GetChildren())
                {
                    Context.Stop(child);
                }
            }
        }
    }
}
