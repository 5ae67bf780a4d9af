using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench pipeline`'s stall log, GC part: listens to the runtime's own GC events and reports each collection's phases
/// (suspending the threads, the collection itself) and what its survivors were reached from (the GCMarkWithType roots:
/// stacks, handles, older generations through the card table, ...), so a pause can be explained, not only measured.
/// </summary>
/// <remarks>
/// Session 9 found with it that the ~9 ms gen0 pauses at 10k deltas/s with 2,000 markets are nearly all collection, not
/// suspension (under 0.1 ms), and that nearly every surviving byte is reached from the older generations: state the
/// actors hold (latest values per market, per-order records) that was replaced since the last collection. Session 10
/// added when each root kind's marking was done: marking from the older generations (scanning the cards written since
/// the last collection) takes about half of a gen0 pause, and the rest (planning, relocating, compacting) as long again.
/// </remarks>
internal sealed class PipelineBenchGcPhases : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;

    // Root kinds of GCMarkWithType, by their number in the runtime's event manifest.
    private static readonly string[] RootKinds = ["stack", "finalizer", "handles", "older", "sizedref", "overflow", "dependent", "new-finalizer", "steal", "bgc"];

    // Null while the base constructor runs: it reports the sources already created, and a collection may end meanwhile.
    private readonly Action<string>? _write;
    private readonly StringBuilder _marked = new();
    private DateTime _suspendStarted;
    private DateTime _suspendEnded;
    private DateTime _collectionStarted;

    /// <summary>Starts listening; each collection becomes one line given to <paramref name="write"/>.</summary>
    public PipelineBenchGcPhases(Action<string> write) => _write = write;

    /// <inheritdoc />
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        // The runtime's source is created before this constructor's body runs, so this is where it gets enabled.
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    /// <inheritdoc />
    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        // The runtime raises these one collection at a time, on the thread that collects.
        switch (eventData.EventName)
        {
            case "GCSuspendEEBegin_V1":
                _suspendStarted = eventData.TimeStamp;
                break;
            case "GCSuspendEEEnd_V1":
                _suspendEnded = eventData.TimeStamp;
                break;
            case "GCStart_V2":
                _collectionStarted = eventData.TimeStamp;
                _marked.Clear();
                break;
            case "GCMarkWithType" when eventData.Payload is { Count: >= 4 } mark:
                var kind = Convert.ToInt32(mark[2], CultureInfo.InvariantCulture);
                var bytes = Convert.ToUInt64(mark[3], CultureInfo.InvariantCulture);
                // Each kind's event comes when its marking is done, so its time since the start says where the pause went.
                var at = (eventData.TimeStamp - _collectionStarted).TotalMilliseconds;
                if (bytes > 0 || at >= 0.5)
                {
                    _marked.Append(CultureInfo.InvariantCulture, $" {(kind >= 0 && kind < RootKinds.Length ? RootKinds[kind] : kind.ToString(CultureInfo.InvariantCulture))} {bytes / 1024} KB (done at {at:F2} ms)");
                }

                break;
            case "GCEnd_V1" when eventData.Payload is { Count: >= 2 } end:
                _write?.Invoke(string.Create(
                    CultureInfo.InvariantCulture,
                    $"gc phases: gen{end[1]}, suspending {(_suspendEnded - _suspendStarted).TotalMilliseconds:F2} ms, collecting {(eventData.TimeStamp - _collectionStarted).TotalMilliseconds:F2} ms; marked from{_marked}"));
                break;
        }
    }
}
