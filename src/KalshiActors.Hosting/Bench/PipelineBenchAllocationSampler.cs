using System.Diagnostics.Tracing;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench pipeline` with KALSHI_BENCH_ALLOC=1: an in-process allocation profile without external tools. The runtime raises
/// an AllocationTick event about every 100 KB allocated, naming the type whose allocation crossed the mark; summed by type
/// over a pass, the samples show which types make up the allocation (the same sampling dotnet-trace uses).
/// </summary>
internal sealed class PipelineBenchAllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, (long Bytes, int Samples)> _byType = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Sampled bytes per type, largest first.</summary>
    public IReadOnlyList<(string Type, long Bytes, int Samples)> Top(int count)
    {
        lock (_gate)
        {
            return [.. _byType.OrderByDescending(t => t.Value.Bytes).Take(count).Select(t => (t.Key, t.Value.Bytes, t.Value.Samples))];
        }
    }

    /// <summary>Writes the 40 largest types' sampled bytes per delta of a pass of <paramref name="deltas"/> deltas.</summary>
    public void Print(double deltas, TextWriter progress)
    {
        foreach (var (type, bytes, samples) in Top(40))
        {
            progress.WriteLine($"  alloc {bytes / deltas,8:F1} B/delta  {samples,6} samples  {type}");
        }
    }

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventName is not { } name || !name.StartsWith("GCAllocationTick", StringComparison.Ordinal) || eventData.Payload is null)
        {
            return;
        }

        var type = "?";
        long bytes = 0;
        for (var i = 0; i < eventData.Payload.Count; i++)
        {
            switch (eventData.PayloadNames?[i])
            {
                case "TypeName":
                    type = eventData.Payload[i] as string ?? "?";
                    break;
                case "AllocationAmount64":
                    bytes = Convert.ToInt64(eventData.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "AllocationAmount" when bytes == 0:
                    bytes = Convert.ToInt64(eventData.Payload[i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
            }
        }

        lock (_gate)
        {
            var (b, s) = _byType.GetValueOrDefault(type);
            _byType[type] = (b + bytes, s + 1);
        }
    }
}
