using System.Text.Json;
using KalshiActors.Hosting.Node;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Replay;

/// <summary>`replay --verify`: a digest the live node recorded, the replay to the same ordering, and whether they agree.</summary>
/// <param name="Recorded">What the node recorded.</param>
/// <param name="Replay">The replay up to <see cref="StateDigestRecorded.Ordering"/>.</param>
/// <param name="DifferingComponents">Components whose part hash differs (empty when the digests agree).</param>
public sealed record ReplayVerification(StateDigestRecorded Recorded, ReplayResult Replay, IReadOnlyList<string> DifferingComponents)
{
    /// <summary>Whether the replay reproduced the live digest.</summary>
    public bool Matches => Recorded.Digest == Replay.Digest;

    /// <summary>One line: OK or MISMATCH with both digests and the components that differ.</summary>
    public string ToLine() => Matches
        ? $"verify: OK: replay to ordering {Recorded.Ordering} reproduces the node's {Recorded.Reason} digest {Recorded.Digest} ({AuditRow.FormatTime(Recorded.At)})"
        : $"verify: MISMATCH at ordering {Recorded.Ordering}: the node recorded {Recorded.Digest} ({Recorded.Reason}, {AuditRow.FormatTime(Recorded.At)}), the replay gives {Replay.Digest}; differing: {(DifferingComponents.Count == 0 ? "unknown" : string.Join(", ", DifferingComponents))}";

    /// <summary>
    /// Replays up to the ordering of a recorded digest and compares: the last digest recorded for an ordering at or before
    /// <see cref="ReplayOptions.UntilOrdering"/>, or recorded at or before <see cref="ReplayOptions.UntilTime"/>, or else
    /// the latest the journal holds.
    /// </summary>
    /// <exception cref="ReplayException">No journal, or no digest recorded (there).</exception>
    public static async Task<ReplayVerification> RunAsync(
        Configuration.KalshiActorsConfiguration configuration, ReplayOptions options, ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var records = new List<StateDigestRecorded>();

        // A cluster node's digests are in its own stream (node-state-digest@node); another node's are not this state's.
        var digests = options.Node is { } node ? new Cluster.NodeScopedIds(node).ToStored(Node.HostingEvents.StateDigestPersistenceId) : Node.HostingEvents.StateDigestPersistenceId;
        await using (var storage = await ReplayJournal.OpenAsync(options.JournalUri, cancellationToken).ConfigureAwait(false))
        {
            // Refuses a cluster's journal without --node (and an unknown node) before looking for digests.
            _ = await JournalReplay.ForNodeAsync(storage, options.Node, cancellationToken).ConfigureAwait(false);
            var registry = ReplayJournal.CreateRegistry();
            await foreach (var row in AuditTrail.RowsAsync(storage, long.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                if (row.Manifest == "StateDigestRecorded.v1" && row.PersistenceId == digests)
                {
                    records.Add((StateDigestRecorded)registry.Deserialize(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span));
                }
            }
        }

        var recorded = Choose(records, options);
        var replay = await JournalReplay.RunAsync(configuration, options with { UntilOrdering = recorded.Ordering, UntilTime = null }, loggers, cancellationToken).ConfigureAwait(false);
        var differing = replay.Parts
            .Where(p => !recorded.Parts.TryGetValue(p.Component, out var hash) || hash != StateDigest.HashPart(p))
            .Select(p => p.Component)
            .ToList();
        return new ReplayVerification(recorded, replay, differing);
    }

    // The latest state among the eligible records (highest ordering; of equal ones the last journaled, as the node may
    // record the same ordering periodically and at shutdown).
    private static StateDigestRecorded Choose(IReadOnlyList<StateDigestRecorded> records, ReplayOptions options)
    {
        if (records.Count == 0)
        {
            throw new ReplayException("the journal holds no recorded state digest (the node records one at shutdown and every node.digest-interval); nothing to verify against");
        }

        var (eligible, bound) = (options.UntilOrdering, options.UntilTime) switch
        {
            ({ } n, _) => (records.Where(r => r.Ordering <= n).ToList(), $"for ordering {n} or before"),
            (_, { } time) => (records.Where(r => r.At <= time).ToList(), $"at or before {AuditRow.FormatTime(time)}"),
            _ => (records.ToList(), ""),
        };
        if (eligible.Count == 0)
        {
            var recorded = string.Join(", ", records.Select(r => $"ordering {r.Ordering} at {AuditRow.FormatTime(r.At)}"));
            throw new ReplayException($"no state digest was recorded {bound}; recorded: {recorded}");
        }

        var latest = eligible[0];
        foreach (var record in eligible)
        {
            if (record.Ordering >= latest.Ordering)
            {
                latest = record;
            }
        }

        return latest;
    }

    /// <summary>The verification as one JSON object (the replay's JSON under "replay").</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("matches", Matches);
            json.WriteString("recorded_digest", Recorded.Digest);
            json.WriteNumber("recorded_ordering", Recorded.Ordering);
            json.WriteString("recorded_reason", Recorded.Reason);
            json.WriteString("replay_digest", Replay.Digest);
            json.WriteStartArray("differing_components");
            foreach (var component in DifferingComponents)
            {
                json.WriteStringValue(component);
            }

            json.WriteEndArray();
            json.WritePropertyName("replay");
            json.WriteRawValue(Replay.ToJson());
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
