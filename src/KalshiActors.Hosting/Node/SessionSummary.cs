using System.Globalization;

namespace KalshiActors.Hosting.Node;

/// <summary>What a `run` session did, printed when it stops; the last line is always <c>state-digest=&lt;hex&gt;</c>.</summary>
/// <param name="Exchange">Where data came from and orders went.</param>
/// <param name="StartedAt">When the node started.</param>
/// <param name="StoppedAt">When it finished stopping.</param>
/// <param name="StopReason">Why it stopped (duration elapsed, signal).</param>
/// <param name="Status">The counts at the stop.</param>
/// <param name="CancelsSent">Cancels sent on shutdown (null when not configured or not answered).</param>
/// <param name="EventsJournaled">Events this session wrote to the journal.</param>
/// <param name="JournalUri">The journal (password redacted).</param>
/// <param name="RecordFile">The `--record` file and how many messages it holds, or null.</param>
/// <param name="StartDigest">The digest right after recovery (before trading).</param>
/// <param name="Digest">The digest at the stop (state-digest).</param>
public sealed record SessionSummary(
    string Exchange,
    DateTimeOffset StartedAt,
    DateTimeOffset StoppedAt,
    string StopReason,
    NodeStatus Status,
    int? CancelsSent,
    long EventsJournaled,
    string JournalUri,
    (string Path, long Messages)? RecordFile,
    string StartDigest,
    string Digest)
{
    /// <summary>The summary as printed, one fact per line, ending with <c>state-digest=&lt;hex&gt;</c>.</summary>
    public IReadOnlyList<string> ToLines()
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            "session summary",
            $"  exchange: {Exchange}",
            string.Create(c, $"  ran: {StartedAt:yyyy-MM-dd HH:mm:ss}Z to {StoppedAt:HH:mm:ss}Z ({(StoppedAt - StartedAt).TotalSeconds:0.0} s); stopped: {StopReason}"),
            $"  status: {Status.ToLine()}",
            string.Create(c, $"  shutdown cancels sent: {(CancelsSent is { } n ? n.ToString(c) : "none")}"),
            string.Create(c, $"  journal: {EventsJournaled} events written to {JournalUri}"),
        };
        if (RecordFile is { } record)
        {
            lines.Add(string.Create(c, $"  recorded: {record.Messages} market-data messages to {record.Path}"));
        }

        lines.Add($"  state digest at start: {StartDigest}");
        lines.Add($"state-digest={Digest}");
        return lines;
    }
}
