using BenchmarkDotNet.Attributes;
using KalshiActors.Hosting.Bench;
using KalshiActors.Kernel;
using static KalshiActors.Hosting.Bench.KernelBenchActors;

namespace KalshiActors.Benchmarks.Kernel;

/// <summary>Four threads sending into one actor vs into one single-reader channel; one operation = one message.</summary>
[MemoryDiagnoser]
public class FanInBenchmarks
{
    private const int Threads = 4;
    private const int MessagesPerInvoke = 2_000_000;
    private ActorSystem _system = null!;

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
        using var done = new ManualResetEventSlim();
        var sink = _system.ActorOf(Props.Create(() => new CountingActor(MessagesPerInvoke, done)));
        var message = new object();
        var senders = Enumerable.Range(0, Threads).Select(_ => new Thread(() =>
        {
            for (var i = 0; i < MessagesPerInvoke / Threads; i++)
            {
                sink.Tell(message, null);
            }
        })).ToList();
        senders.ForEach(t => t.Start());
        senders.ForEach(t => t.Join());
        done.Wait();
        _system.Stop(sink);
    }

    /// <summary>The raw channel baseline.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = MessagesPerInvoke)]
    public Task Channels() => KernelBenchSuite.FanInChannels(Threads, MessagesPerInvoke);
}
