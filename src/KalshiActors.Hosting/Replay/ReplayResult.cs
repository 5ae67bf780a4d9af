using System.Globalization;
using System.Text;
using System.Text.Json;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Replay;

/// <summary>
/// What a replay rebuilt: the state the digest covers (portfolio, open orders, risk state, as canonical JSON), the audit
/// trail's row counts, and the state digest. Its text and JSON hold no wall-clock time, so two replays print the same bytes.
/// </summary>
/// <param name="Journal">The journal replayed (password redacted).</param>
/// <param name="Bound">Where the replay stopped.</param>
/// <param name="Events">Journal events up to the bound.</param>
/// <param name="EventsWrittenInMemory">Events the recovered actors persisted during the replay (kept in memory, never in the journal).</param>
/// <param name="Parts">The digest parts in hashing order.</param>
/// <param name="Digest">The state digest (comparable with the node's).</param>
/// <param name="AuditRows">Audit trail rows per kind up to the bound.</param>
public sealed record ReplayResult(
    string Journal,
    JournalBound Bound,
    long Events,
    int EventsWrittenInMemory,
    IReadOnlyList<StateDigestPart> Parts,
    string Digest,
    IReadOnlyDictionary<string, long> AuditRows)
{
    /// <summary>The summary as printed; the last line is <c>state-digest=&lt;hex&gt;</c> as in the node's session summary.</summary>
    public IReadOnlyList<string> ToLines()
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            "replay summary",
            string.Create(c, $"  journal: {Journal} up to ordering {Bound.Ordering}{(Bound.At is { } at ? " (" + AuditRow.FormatTime(at) + ")" : string.Empty)}; {Events} events"),
        };
        if (EventsWrittenInMemory > 0)
        {
            lines.Add(string.Create(c, $"  recovered actors wrote {EventsWrittenInMemory} catch-up events (in memory only; the journal is unchanged)"));
        }

        using (var portfolio = Document("portfolio"))
        {
            var p = portfolio.RootElement;
            if (p.ValueKind == JsonValueKind.Object)
            {
                lines.Add($"  portfolio: cash {Text(p, "cash")}, deposits {Text(p, "deposits")}, realized {Text(p, "realized")}, fees {Text(p, "fees")}");
                foreach (var position in p.GetProperty("positions").EnumerateArray())
                {
                    lines.Add($"    position {Text(position, "ticker")}: {Text(position, "contracts")} {Text(position, "side")}, cost {Text(position, "cost")}, fees {Text(position, "fees")}, realized {Text(position, "realized")}");
                }
            }
        }

        using (var execution = Document("execution"))
        {
            var orders = execution.RootElement.ValueKind == JsonValueKind.Object ? execution.RootElement.GetProperty("open_orders") : default;
            var count = orders.ValueKind == JsonValueKind.Array ? orders.GetArrayLength() : 0;
            lines.Add(string.Create(c, $"  open orders: {count}"));
            if (count > 0)
            {
                foreach (var o in orders.EnumerateArray())
                {
                    lines.Add($"    {Text(o, "client_order_id")} {Text(o, "ticker")}: {Text(o, "action")} {Text(o, "count")} {Text(o, "side")} @ {Text(o, "limit_price")}, {Text(o, "phase")}, filled {Text(o, "filled")}, resting {Text(o, "resting")}");
                }
            }
        }

        using (var risk = Document("risk"))
        {
            var r = risk.RootElement;
            if (r.ValueKind == JsonValueKind.Object)
            {
                var blocked = r.GetProperty("blocked_markets").EnumerateObject().Select(m => m.Name).ToList();
                var pending = r.GetProperty("pending_intents").EnumerateObject().Count();
                lines.Add(string.Create(c,
                    $"  risk: trading {Text(r, "trading_state")}, kill switch {(r.GetProperty("kill_switch").GetBoolean() ? "on" : "off")}, drawdown breaker {(r.GetProperty("drawdown_breaker_tripped").GetBoolean() ? "tripped" : "ok")}, trading day {Text(r, "trading_day")}, {pending} pending intents, blocked markets: {(blocked.Count == 0 ? "none" : string.Join(' ', blocked))}"));
            }
        }

        lines.Add(string.Create(c, $"  audit trail: {AuditRows.Values.Sum()} rows ({string.Join(", ", AuditRows.Select(k => $"{k.Key} {k.Value}"))})"));
        lines.Add($"state-digest={Digest}");
        return lines;
    }

    /// <summary>One JSON object: bound, counts, the state parts (their canonical JSON as is), audit counts and the digest.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("journal", Journal);
            json.WriteNumber("until_ordering", Bound.Ordering);
            if (Bound.At is { } at)
            {
                json.WriteString("until_time", AuditRow.FormatTime(at));
            }
            else
            {
                json.WriteNull("until_time");
            }

            json.WriteNumber("events", Events);
            json.WriteNumber("events_written_in_memory", EventsWrittenInMemory);
            json.WriteStartObject("state");
            foreach (var part in Parts)
            {
                json.WritePropertyName(part.Component);
                if (part.CanonicalJson.Length == 0)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteRawValue(part.CanonicalJson);
                }
            }

            json.WriteEndObject();
            json.WriteStartObject("audit_rows");
            foreach (var (kind, count) in AuditRows)
            {
                json.WriteNumber(kind, count);
            }

            json.WriteEndObject();
            json.WriteString("state_digest", Digest);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private JsonDocument Document(string component)
    {
        var part = Parts.FirstOrDefault(p => p.Component == component);
        return part is null || part.CanonicalJson.Length == 0 ? JsonDocument.Parse("null") : JsonDocument.Parse(part.CanonicalJson);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? string.Empty,
            JsonValueKind.Null => "-",
            _ => value.GetRawText(),
        } : "-";
}
