using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Benchmarks.Journal;

/// <summary>An event shaped like a fill (manifest `BenchFill.v2`).</summary>
public sealed record BenchFill(string OrderId, string Ticker, long PriceTicks, long QuantityCentis, long Timestamp);

/// <summary>Source-generated contract of <see cref="BenchFill"/>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BenchFill))]
public sealed partial class BenchFillJsonContext : JsonSerializerContext
{
}

/// <summary>Per-event serialization cost on the write path and the recovery path (direct and through an upcaster).</summary>
[MemoryDiagnoser]
public class EventSerializationBenchmarks
{
    private readonly EventRegistry _registry = new EventRegistry()
        .Register("BenchFill.v2", BenchFillJsonContext.Default.BenchFill)
        .AddUpcaster("BenchFill.v1", "BenchFill.v2", old =>
        {
            old["timestamp"] = 0L;
            return old;
        });

    private readonly BenchFill _event = new("ord-123456", "KXBTC-26JAN01-B100000", 5_300, 1_000, 1_767_225_600_000);
    private byte[] _current = [];
    private byte[] _old = [];

    [GlobalSetup]
    public void Setup()
    {
        _current = _registry.Serialize(_event).Payload;
        var old = JsonNode.Parse(_current)!.AsObject();
        old.Remove("timestamp");
        _old = System.Text.Encoding.UTF8.GetBytes(old.ToJsonString());
    }

    [Benchmark]
    public int Serialize() => _registry.Serialize(_event).Payload.Length;

    [Benchmark]
    public object Deserialize() => _registry.Deserialize("bench", 1, "BenchFill.v2", _current);

    [Benchmark]
    public object DeserializeThroughUpcaster() => _registry.Deserialize("bench", 1, "BenchFill.v1", _old);
}
