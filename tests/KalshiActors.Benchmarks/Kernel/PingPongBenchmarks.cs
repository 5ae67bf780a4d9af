using BenchmarkDotNet.Attributes;
using KalshiActors.Hosting.Bench;
using KalshiActors.Kernel;
using static KalshiActors.Hosting.Bench.KernelBenchActors;

namespace KalshiActors.Benchmarks.Kernel;

/// <summary>Ping-pong between actor pairs vs pairs of tasks over single-reader channels; one operation = one message delivered.</summary>
[MemoryDiagnoser]
public class PingPongBenchmarks
{
    private const int MessagesPerInvoke = 400_000;
    private ActorSystem _system = null!;

    /// <summary>Actor pairs.</summary>
    [Params(1, 8)]
    public int Pairs { get; set; }

    /// <summary>Messages in flight per pair.</summary>
    [Params(1, 100)]
    public int InFlight { get; set; }

    /// <summary>Starts the system.</summary>
    [GlobalSetup]
    public void Setup() => _system = ActorSystem.Create("bench");

    /// <summary>Stops the system.</summary>
    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    /// <summary>The kernel.</summary>
    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public void Actors()
    {
        var perPair = MessagesPerInvoke / Pairs / 2;
        using var done = new CountdownEvent(Pairs);
        var actors = new List<IActorRef>();
        for (var i = 0; i < Pairs; i++)
        {
            var ponger = _system.ActorOf(Props.Create(() => new EchoActor()));
            var pinger = _system.ActorOf(Props.Create(() => new PingActor(ponger, perPair, done)));
            actors.Add(ponger);
            actors.Add(pinger);
        }

        for (var i = 1; i < actors.Count; i += 2)
        {
            actors[i].Tell(new Start(InFlight), null);
        }

        done.Wait();
        actors.ForEach(_system.Stop);
    }

    /// <summary>The raw channel baseline.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = MessagesPerInvoke)]
    public Task Channels() => KernelBenchSuite.PingPongChannels(Pairs, InFlight, MessagesPerInvoke);
}
