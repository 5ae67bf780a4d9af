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
    /// Replays up to the ordering of a recorded digest: the one recorded at exactly <paramref name="untilOrdering"/> when
    /// given, else the journal's last, and compares.
    /// </summary>
    /// <exception cref="ReplayException">No journal, or no digest recorded (there).</exception>
    public static async Task<ReplayVerification> RunAsync(
        Configuration.KalshiActorsConfiguration configuration, ReplayOptions options, ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var records = new List<StateDigestRecorded>();
        await using (var storage = await ReplayJournal.OpenAsync(options.JournalUri, cancellationToken).ConfigureAwait(false))
        {
            var registry = ReplayJournal.CreateRegistry();
            await foreach (var row in AuditTrail.RowsAsync(storage, long.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                if (row.Manifest == "StateDigestRecorded.v1")
                {
                    records.Add((StateDigestRecorded)registry.Deserialize(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span));
                }
            }
        }

        if (options.UntilTime is not null)
        {
            throw new ReplayException("--verify compares at a recorded ordering: use --until-ordering N (a recorded one) or nothing (the last record)");
        }

        StateDigestRecorded recorded;
        if (options.UntilOrdering is { } n)
        {
            recorded = records.LastOrDefault(r => r.Ordering == n)
                ?? throw new ReplayException(
                    $"no state digest was recorded at ordering {n}; recorded at: {(records.Count == 0 ? "none" : string.Join(", ", records.Select(r => r.Ordering).Distinct()))}");
        }
        else
        {
            recorded = records.LastOrDefault()
                ?? throw new ReplayException("the journal holds no recorded state digest (the node records one at shutdown and every node.digest-interval); nothing to verify against");
        }

        var replay = await JournalReplay.RunAsync(configuration, options with { UntilOrdering = recorded.Ordering }, loggers, cancellationToken).ConfigureAwait(false);
        var differing = replay.Parts
            .Where(p => !recorded.Parts.TryGetValue(p.Component, out var hash) || hash != StateDigest.HashPart(p))
            .Select(p => p.Component)
            .ToList();
        return new ReplayVerification(recorded, replay, differing);
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
