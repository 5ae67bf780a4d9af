using System.Globalization;
using System.Text;
using System.Text.Json;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Portfolio;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Replay;

/// <summary>
/// `replay --explain CLIENT_ORDER_ID`: the chain behind one order, from the journal: the book as the strategy saw it, the
/// signal, the risk decision with its figures, the order's lifecycle, its fills, and the position after its last fill
/// (rebuilt by a replay to that point, so it is the portfolio's own figure).
/// </summary>
/// <param name="ClientOrderId">The order.</param>
/// <param name="Submitted">Its submission (intent, strategy, market).</param>
/// <param name="Signal">The signal that raised its intent, if journaled.</param>
/// <param name="Decision">The guardian's decision (IntentApproved or IntentRejected), if journaled.</param>
/// <param name="Lifecycle">Every audit row of the order's events (submission to close), fills included, in journal order.</param>
/// <param name="Booked">The portfolio's bookings of its fills.</param>
/// <param name="Position">The position in the market after the last booking (canonical JSON from the portfolio), or null when flat or nothing filled.</param>
/// <param name="PositionOrdering">The ordering the position was rebuilt to (0 when nothing filled).</param>
public sealed record OrderExplanation(
    string ClientOrderId,
    OrderSubmitted Submitted,
    SignalRaised? Signal,
    object? Decision,
    IReadOnlyList<AuditRow> Lifecycle,
    IReadOnlyList<AuditRow> Booked,
    string? Position,
    long PositionOrdering)
{
    /// <summary>Finds the order in <paramref name="journalUri"/> and gathers its chain.</summary>
    /// <exception cref="ReplayException">No journal there, or no such order in it.</exception>
    public static async Task<OrderExplanation> RunAsync(
        KalshiActorsConfiguration configuration, string journalUri, string clientOrderId, ILoggerFactory? loggers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        OrderSubmitted? submitted = null;
        SignalRaised? signal = null;
        object? decision = null;
        var lifecycle = new List<AuditRow>();
        var booked = new List<AuditRow>();
        var registry = ReplayJournal.CreateRegistry();
        var projection = new AuditTrail.Projection(registry);
        string description;
        await using (var storage = await ReplayJournal.OpenAsync(journalUri, cancellationToken).ConfigureAwait(false))
        {
            description = storage.Description;

            // Signals and decisions come before the order names its intent: keep them by intent until it does.
            var signals = new Dictionary<string, SignalRaised>(StringComparer.Ordinal);
            var decisions = new Dictionary<string, object>(StringComparer.Ordinal);
            await foreach (var row in AuditTrail.RowsAsync(storage, long.MaxValue, cancellationToken).ConfigureAwait(false))
            {
                var audit = projection.Rows(row).ToList();
                if (!registry.IsKnown(row.Manifest) || !IsOfInterest(row.Manifest))
                {
                    continue;
                }

                var payload = registry.Deserialize(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span);
                switch (payload)
                {
                    case SignalRaised { IntentId: { } intent } s when submitted is null:
                        signals[intent.Value] = s;
                        break;
                    case IntentApproved a when submitted is null:
                        decisions[a.Intent.IntentId.Value] = a;
                        break;
                    case IntentRejected r when submitted is null:
                        decisions[r.Intent.IntentId.Value] = r;
                        break;
                    case OrderSubmitted o when o.ClientOrderId.Value == clientOrderId:
                        submitted = o;
                        signal = signals.GetValueOrDefault(o.IntentId.Value);
                        decision = decisions.GetValueOrDefault(o.IntentId.Value);
                        signals.Clear();
                        decisions.Clear();
                        lifecycle.AddRange(audit);
                        break;
                    case OrderLifecycleEvent e when e.ClientOrderId.Value == clientOrderId:
                        lifecycle.AddRange(audit);
                        break;
                    case FillBooked b when b.ClientOrderId.Value == clientOrderId:
                        booked.AddRange(audit);
                        break;
                }
            }
        }

        if (submitted is null)
        {
            throw new ReplayException(
                $"no order with client order id '{clientOrderId}' in {description}; `kalshi-actors audit --format csv` lists every order's client_order_id");
        }

        var positionOrdering = booked.Count > 0 ? booked[^1].Ordering : 0;
        string? position = null;
        if (positionOrdering > 0)
        {
            var replay = await JournalReplay.RunAsync(configuration, new ReplayOptions { JournalUri = journalUri, UntilOrdering = positionOrdering }, loggers, cancellationToken)
                .ConfigureAwait(false);
            position = PositionIn(replay, submitted.Ticker.Value);
        }

        return new OrderExplanation(clientOrderId, submitted, signal, decision, lifecycle, booked, position, positionOrdering);
    }

    /// <summary>The explanation as printed, one section per step of the chain.</summary>
    public IReadOnlyList<string> ToLines()
    {
        var c = CultureInfo.InvariantCulture;
        var s = Submitted;
        var lines = new List<string>
        {
            $"order {ClientOrderId}: {s.Ticker} ({s.EventTicker}), strategy {s.StrategyId}, intent {s.IntentId}",
            "book as the strategy saw it:",
            "  " + (Signal?.Book is { } book ? Summaries.Book(book) : "not recorded (no signal, or one journaled before signals recorded their book)"),
            "signal:",
            "  " + (Signal is null ? "no signal journaled for this intent" : AuditRow.FormatTime(Signal.At) + " " + Summaries.Signal(Signal)),
            "risk decision:",
        };
        switch (Decision)
        {
            case IntentApproved a:
                lines.Add($"  {AuditRow.FormatTime(a.At)} approved: {Summaries.Intent(a.Intent)}");
                lines.AddRange(a.Figures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"    {f.Key} = {f.Value}"));
                break;
            case IntentRejected r:
                lines.Add($"  {AuditRow.FormatTime(r.At)} rejected by {r.Check}: {r.Reason}");
                lines.AddRange(r.Figures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"    {f.Key} = {f.Value}"));
                break;
            default:
                lines.Add("  no decision journaled for this intent");
                break;
        }

        lines.Add("order lifecycle:");
        lines.AddRange(Lifecycle.Where(r => r.Kind != "fill").Select(r => string.Create(c, $"  #{r.Ordering} {AuditRow.FormatTime(r.Time)} {r.Summary}")));
        var fills = Lifecycle.Where(r => r.Kind == "fill").ToList();
        lines.Add(string.Create(c, $"fills: {fills.Count}"));
        lines.AddRange(fills.Select(r => string.Create(c, $"  #{r.Ordering} {AuditRow.FormatTime(r.Time)} {r.Summary}")));
        lines.AddRange(Booked.Select(r => string.Create(c, $"  #{r.Ordering} {AuditRow.FormatTime(r.Time)} portfolio {r.Summary}")));
        lines.Add("resulting position:");
        if (PositionOrdering == 0)
        {
            lines.Add("  nothing filled; no position change");
        }
        else if (Position is null)
        {
            lines.Add(string.Create(c, $"  flat in {s.Ticker} after ordering {PositionOrdering}"));
        }
        else
        {
            using var p = JsonDocument.Parse(Position);
            var r = p.RootElement;
            lines.Add(string.Create(c,
                $"  after ordering {PositionOrdering}: {r.GetProperty("contracts").GetString()} {r.GetProperty("side").GetString()} in {s.Ticker}, cost {r.GetProperty("cost").GetString()}, fees {r.GetProperty("fees").GetString()}, realized {r.GetProperty("realized").GetString()}"));
        }

        return lines;
    }

    /// <summary>The explanation as one JSON object.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("client_order_id", ClientOrderId);
            json.WriteString("intent_id", Submitted.IntentId.Value);
            json.WriteString("strategy", Submitted.StrategyId);
            json.WriteString("market", Submitted.Ticker.Value);
            json.WriteString("book", Signal?.Book is { } book ? Summaries.Book(book) : null);
            json.WriteString("signal", Signal is null ? null : Summaries.Signal(Signal));
            json.WriteString("decision", Decision switch
            {
                IntentApproved a => "approved; figures: " + Summaries.Figures(a.Figures),
                IntentRejected r => $"rejected by {r.Check}: {r.Reason}; figures: {Summaries.Figures(r.Figures)}",
                _ => null,
            });
            json.WriteStartArray("lifecycle");
            foreach (var row in Lifecycle.Concat(Booked).OrderBy(r => r.Ordering))
            {
                json.WriteRawValue(row.ToJson());
            }

            json.WriteEndArray();
            json.WriteNumber("position_ordering", PositionOrdering);
            json.WritePropertyName("position");
            if (Position is null)
            {
                json.WriteNullValue();
            }
            else
            {
                json.WriteRawValue(Position);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static bool IsOfInterest(string manifest) => manifest is "SignalRaised.v1" or "IntentApproved.v1" or "IntentRejected.v1" or "FillBooked.v1"
        || manifest.StartsWith("Order", StringComparison.Ordinal);

    private static string? PositionIn(ReplayResult replay, string ticker)
    {
        var part = replay.Parts.First(p => p.Component == PortfolioActorComponent);
        using var document = JsonDocument.Parse(part.CanonicalJson);
        foreach (var position in document.RootElement.GetProperty("positions").EnumerateArray())
        {
            if (position.GetProperty("ticker").GetString() == ticker)
            {
                return position.GetRawText();
            }
        }

        return null;
    }

    private const string PortfolioActorComponent = "portfolio";
}
