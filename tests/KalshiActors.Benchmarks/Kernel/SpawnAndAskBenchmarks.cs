using BenchmarkDotNet.Attributes;
using KalshiActors.Kernel;
using static KalshiActors.Hosting.Bench.KernelBenchActors;

namespace KalshiActors.Benchmarks.Kernel;

/// <summary>Spawning actors (one operation = one started actor) and the ask round trip from outside the system.</summary>
[MemoryDiagnoser]
public class SpawnAndAskBenchmarks
{
    private const int SpawnPerInvoke = 10_000;
    private ActorSystem _system = null!;
    private IActorRef _echo = null!;
    private readonly object _question = new();

    /// <summary>Starts the system and the echo actor.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _system = ActorSystem.Create("bench");
        _echo = _system.ActorOf(Props.Create(() => new EchoActor()));
    }

    /// <summary>Stops the system.</summary>
    [GlobalCleanup]
    public void Cleanup() => _system.Terminate().Wait();

    /// <summary>Spawns children under one parent until all have run PreStart.</summary>
    [Benchmark(OperationsPerInvoke = SpawnPerInvoke)]
    public void Spawn()
    {
        using var started = new CountdownEvent(SpawnPerInvoke);
        var parent = _system.ActorOf(Props.Create(() => new SpawningActor(started)));
        parent.Tell(SpawnPerInvoke, null);
        started.Wait();
        _system.Stop(parent);
    }

    /// <summary>One ask and its reply.</summary>
    [Benchmark]
    public Task<object> Ask() => _echo.Ask<object>(_question, TimeSpan.FromSeconds(5));
}
