using BenchmarkDotNet.Attributes;
using KalshiActors.Hocon;
using KalshiActors.Hosting.Bench;

namespace KalshiActors.Benchmarks.Hocon;

/// <summary>Parse and parse + resolve of the generated 1 MB configuration that `bench hocon` also uses.</summary>
[MemoryDiagnoser]
public class HoconParseBenchmarks
{
    private static readonly HoconResolveOptions NoEnvironment = new() { UseEnvironment = false };
    private string text = "";
    private HoconDocument? document;

    [GlobalSetup]
    public void Setup()
    {
        text = HoconBenchmarkInput.Generate(1_000_000);
        document = HoconDocument.ParseText(text);
    }

    [Benchmark]
    public HoconDocument Parse1Mb() => HoconDocument.ParseText(text);

    [Benchmark]
    public Config Resolve1Mb() => document!.Resolve(NoEnvironment);

    [Benchmark(Baseline = true)]
    public Config ParseAndResolve1Mb() => HoconDocument.ParseText(text).Resolve(NoEnvironment);
}
