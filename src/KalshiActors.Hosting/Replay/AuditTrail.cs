using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using KalshiActors.Domain.Protocol;
using KalshiActors.Hosting.Node;
using KalshiActors.Markets.Books;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Portfolio;
using KalshiActors.Portfolio.Ledger;
using KalshiActors.Strategies.Framework;

namespace KalshiActors.Hosting.Replay;

/// <summary>Which audit rows to keep: journal time window, market and strategy (null = any).</summary>
public sealed record AuditFilter(DateTimeOffset? Since = null, DateTimeOffset? Until = null, string? Market = null, string? Strategy = null)
{
    /// <summary>Whether <paramref name="row"/> passes.</summary>
    public bool Keeps(AuditRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return (Since is not { } since || row.Time >= since)
               && (Until is not { } until || row.Time <= until)
               && (Market is null || string.Equals(row.Market, Market, StringComparison.OrdinalIgnoreCase))
               && (Strategy is null || string.Equals(row.Strategy, Strategy, StringComparison.Ordinal));
    }
}

/// <summary>How many rows of each kind an audit trail holds, and how many journal events it came from.</summary>
public sealed record AuditSummary(long Events, IReadOnlyDictionary<string, long> RowsByKind);

/// <summary>
/// The audit trail: a projection of the journal into one row per signal, intent, risk decision (reason and figures), order
/// event, fill, position change, alert, breaker change, configuration change and operator command, in journal order. Every
/// stored event gives at least one row: a manifest this version does not know is shown with its raw JSON, never an error.
/// </summary>
public static class AuditTrail
{
    // Manifests whose types are private to their module: classified here, summarized from their JSON.
    private static readonly Dictionary<string, string> KindOfPrivateManifest = new(StringComparer.Ordinal)
    {
        ["KillSwitchActivated.v1"] = "operator_command",
        ["RiskHaltReset.v1"] = "operator_command",
        ["DrawdownBreakerTripped.v1"] = "breaker",
        ["TradingDayStarted.v1"] = "risk_state",
        ["DailyLossLimitHit.v1"] = "risk_state",
        ["MarketBlocked.v1"] = "risk_state",
        ["MarketUnblocked.v1"] = "risk_state",
        ["IntentReleased.v1"] = "intent",
        ["RiskGuardianSnapshot.v1"] = "risk_state",
        ["OrderBookJournalState.v1"] = "market",
        ["AlertRaised.v1"] = "alert",
    };

    /// <summary>The rows of <paramref name="storage"/>'s events with ordering &lt;= <paramref name="upToOrdering"/>, in journal order.</summary>
    public static async IAsyncEnumerable<AuditRow> ReadAsync(
        IJournalStorage storage, long upToOrdering, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var projection = new Projection(ReplayJournal.CreateRegistry());
        await foreach (var row in RowsAsync(storage, upToOrdering, cancellationToken).ConfigureAwait(false))
        {
            foreach (var audit in projection.Rows(row))
            {
                yield return audit;
            }
        }
    }

    /// <summary>
    /// Counts of rows per kind up to <paramref name="upToOrdering"/> (what `replay` prints), from the manifests alone: no
    /// payload is read, so the count costs a scan of the journal and nothing more. Agrees with <see cref="ReadAsync"/>.
    /// </summary>
    public static async Task<AuditSummary> SummarizeAsync(IJournalStorage storage, long upToOrdering, CancellationToken cancellationToken)
    {
        var registry = ReplayJournal.CreateRegistry();

        // Rows share their manifest strings (the stores reuse them), so rows are tallied by string instance, which needs no
        // hash of the text, and the kinds are looked up once per distinct instance (or text, from a loaded journal's counts).
        IReadOnlyDictionary<string, long> byManifest;
        long events;
        if (storage is PreloadedJournalStorage loaded && loaded.UpToOrdering == upToOrdering)
        {
            // Loaded exactly to the bound: its counts are the bound's.
            var statistics = await loaded.ReadStatisticsAsync(cancellationToken).ConfigureAwait(false);
            (byManifest, events) = (statistics.ByManifest, statistics.EventCount);
        }
        else
        {
            var byInstance = new Dictionary<string, long>(ReferenceEqualityComparer.Instance);
            events = 0L;
            await foreach (var row in RowsAsync(storage, upToOrdering, cancellationToken).ConfigureAwait(false))
            {
                events++;
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(byInstance, row.Manifest, out _)++;
            }

            byManifest = byInstance;
        }

        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (manifest, rows) in byManifest)
        {
            foreach (var kind in KindsOf(manifest, registry))
            {
                counts[kind] = counts.GetValueOrDefault(kind) + rows;
            }
        }

        return new AuditSummary(events, new SortedDictionary<string, long>(counts, StringComparer.Ordinal));
    }

    /// <summary>The kinds of the rows an event of <paramref name="manifest"/> gives (two for a risk decision: its intent and the decision).</summary>
    internal static IReadOnlyList<string> KindsOf(string manifest, EventRegistry registry) =>
        KindsByManifest.TryGetValue(manifest, out var kinds) ? kinds
        : KindOfPrivateManifest.TryGetValue(manifest, out var kind) ? [kind]
        : registry.IsKnown(manifest) ? Other : Unknown;

    private static readonly string[] Other = ["other"];
    private static readonly string[] Unknown = ["unknown"];

    // The public event types' kinds by manifest (the projection below gives the same; a test holds them together).
    private static readonly Dictionary<string, string[]> KindsByManifest = new(StringComparer.Ordinal)
    {
        ["SignalRaised.v1"] = ["signal"],
        ["IntentApproved.v1"] = ["intent", "risk_decision"],
        ["IntentRejected.v1"] = ["intent", "risk_decision"],
        ["StrategyIntentResolved.v1"] = ["intent"],
        ["OrderSubmitted.v1"] = ["order"],
        ["OrderAccepted.v1"] = ["order"],
        ["OrderRepriced.v1"] = ["order"],
        ["OrderCanceled.v1"] = ["order"],
        ["OrderRejected.v1"] = ["order"],
        ["OrderOutcomeUnknown.v1"] = ["order"],
        ["OrderReconciled.v1"] = ["order"],
        ["OrderPartiallyFilled.v1"] = ["fill"],
        ["OrderFilled.v1"] = ["fill"],
        ["FillBooked.v1"] = ["position"],
        ["SettlementBooked.v1"] = ["position"],
        ["CashDeposited.v1"] = ["portfolio"],
        ["PortfolioTradingDayStarted.v1"] = ["portfolio"],
        ["EquitySnapshotTaken.v1"] = ["portfolio"],
        ["PositionDiscrepancyFound.v1"] = ["alert"],
        ["CircuitBreakerStateChanged.v1"] = ["breaker"],
        ["TradingStateChanged.v1"] = ["risk_state"],
        ["StrategyEnabledChanged.v1"] = ["configuration"],
        ["StrategyParametersChanged.v1"] = ["configuration"],
        ["MarketListed.v1"] = ["market"],
        ["MarketStateChanged.v1"] = ["market"],
        ["MarketSettled.v1"] = ["market"],
        ["BookStatusChanged.v1"] = ["market"],
        ["BookQualityRecorded.v1"] = ["market"],
        ["StateDigestRecorded.v1"] = ["digest"],
        ["ConfigurationChanged.v1"] = ["configuration"],
        ["StrategyFillRecorded.v1"] = ["position"],
        ["StrategyOutcomeRecorded.v1"] = ["market"],
        ["ArbitrageOpened.v1"] = ["signal"],
        ["ArbitrageClosed.v1"] = ["signal"],
    };

    /// <summary>Opens the journal at <paramref name="journalUri"/> and writes its audit rows that <paramref name="filter"/> keeps, in journal order.</summary>
    public static async Task ExportAsync(string journalUri, AuditFilter filter, string format, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var storage = await ReplayJournal.OpenAsync(journalUri, cancellationToken).ConfigureAwait(false);
        await WriteAsync(ReadAsync(storage, long.MaxValue, cancellationToken).Where(filter.Keeps), format, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes <paramref name="rows"/> as CSV (with header) or JSON lines (one object per row).</summary>
    public static async Task WriteAsync(IAsyncEnumerable<AuditRow> rows, string format, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(output);
        var json = format switch
        {
            "json" => true,
            "csv" => false,
            _ => throw new ReplayException($"--format {format}: use csv or json"),
        };
        if (!json)
        {
            await output.WriteLineAsync(AuditRow.CsvHeader).ConfigureAwait(false);
        }

        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await output.WriteLineAsync(json ? row.ToJson() : row.ToCsv()).ConfigureAwait(false);
        }
    }

    /// <summary>The journal's rows with ordering &lt;= <paramref name="upToOrdering"/>, paged.</summary>
    internal static async IAsyncEnumerable<JournalRow> RowsAsync(IJournalStorage storage, long upToOrdering, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int Page = 4096;
        var after = 0L;
        while (after < upToOrdering)
        {
            var count = 0;
            await foreach (var row in storage.ReadAllAsync(after, Page, cancellationToken).ConfigureAwait(false))
            {
                if (row.Ordering > upToOrdering)
                {
                    yield break;
                }

                count++;
                after = row.Ordering;
                yield return row;
            }

            if (count < Page)
            {
                yield break;
            }
        }
    }

    /// <summary>Turns journal rows into audit rows, remembering which strategy and intent each order belongs to.</summary>
    internal sealed class Projection(EventRegistry registry)
    {
        // Order and intent ownership, learned from submissions and decisions: later order events carry neither.
        private readonly Dictionary<string, (string Strategy, string Intent)> _orders = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _intentStrategies = new(StringComparer.Ordinal);

        public IEnumerable<AuditRow> Rows(JournalRow row)
        {
            var details = Encoding.UTF8.GetString(row.Payload.Span);
            object? payload = null;
            string? unreadable = null;
            if (registry.IsKnown(row.Manifest))
            {
                try
                {
                    payload = registry.Deserialize(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span);
                }
                catch (KalshiActors.Persistence.PersistenceException ex)
                {
                    unreadable = ex.Message;
                }
            }

            AuditRow Row(string kind, string? market, string? strategy, string? order, string? intent, string summary) =>
                new(row.Ordering, DateTimeOffset.FromUnixTimeMilliseconds(row.Timestamp), kind, market, strategy, order, intent, summary, row.Manifest, row.PersistenceId, row.SequenceNr, details);

            if (payload is null)
            {
                var kind = KindOfPrivateManifest.GetValueOrDefault(row.Manifest) ?? (unreadable is null ? "unknown" : "unreadable");
                var fields = JsonFields(details);
                var summary = unreadable is not null
                    ? $"{row.Manifest} could not be read: {unreadable}"
                    : kind == "unknown" ? $"{row.Manifest} (not known to this version): {Describe(fields)}" : $"{NameOf(row.Manifest)}: {Describe(fields)}";
                yield return Row(kind, fields.GetValueOrDefault("ticker"), fields.GetValueOrDefault("strategyId"), fields.GetValueOrDefault("clientOrderId"), fields.GetValueOrDefault("intentId"), summary);
                yield break;
            }

            switch (payload)
            {
                case SignalRaised s:
                    yield return Row("signal", s.Ticker.Value, s.StrategyId, null, s.IntentId?.Value, Summaries.Signal(s));
                    break;
                case IntentApproved a:
                    _intentStrategies[a.Intent.IntentId.Value] = a.Intent.StrategyId;
                    yield return Row("intent", a.Intent.Ticker.Value, a.Intent.StrategyId, null, a.Intent.IntentId.Value, Summaries.Intent(a.Intent));
                    yield return Row("risk_decision", a.Intent.Ticker.Value, a.Intent.StrategyId, null, a.Intent.IntentId.Value, "approved; figures: " + Summaries.Figures(a.Figures));
                    break;
                case IntentRejected r:
                    _intentStrategies[r.Intent.IntentId.Value] = r.Intent.StrategyId;
                    yield return Row("intent", r.Intent.Ticker.Value, r.Intent.StrategyId, null, r.Intent.IntentId.Value, Summaries.Intent(r.Intent));
                    yield return Row("risk_decision", r.Intent.Ticker.Value, r.Intent.StrategyId, null, r.Intent.IntentId.Value, $"rejected by {r.Check}: {r.Reason}; figures: {Summaries.Figures(r.Figures)}");
                    break;
                case OrderSubmitted o:
                    _orders[o.ClientOrderId.Value] = (o.StrategyId, o.IntentId.Value);
                    yield return Row("order", o.Ticker.Value, o.StrategyId, o.ClientOrderId.Value, o.IntentId.Value, Summaries.Order(o));
                    break;
                case OrderLifecycleEvent e:
                    var order = _orders.GetValueOrDefault(e.ClientOrderId.Value);
                    var isFill = e is OrderFilled or OrderPartiallyFilled;
                    var orderStrategy = e switch
                    {
                        OrderFilled f => f.StrategyId,
                        OrderPartiallyFilled p => p.StrategyId,
                        _ => order.Strategy,
                    };
                    yield return Row(isFill ? "fill" : "order", e.Ticker.Value, orderStrategy, e.ClientOrderId.Value, order.Intent, Summaries.Order(e));
                    break;
                case FillBooked b:
                    yield return Row("position", b.Ticker.Value, b.StrategyId, b.ClientOrderId.Value, _orders.GetValueOrDefault(b.ClientOrderId.Value).Intent, Summaries.Booked(b));
                    break;
                case SettlementBooked b:
                    yield return Row("position", b.Ticker.Value, null, null, null, $"settled at {b.SettlementValue}{(b.Early ? " (early)" : string.Empty)}");
                    break;
                case CashDeposited c:
                    yield return Row("portfolio", null, null, null, null, $"cash deposited {MicroDollars.Format(c.AmountMicros)}: {c.Reason}");
                    break;
                case Portfolio.TradingDayStarted d:
                    yield return Row("portfolio", null, null, null, null, string.Create(CultureInfo.InvariantCulture, $"trading day {d.Day:yyyy-MM-dd} opened at equity {MicroDollars.Format(d.OpeningEquityMicros)}"));
                    break;
                case EquitySnapshotTaken q:
                    yield return Row("portfolio", null, null, null, null, string.Create(CultureInfo.InvariantCulture,
                        $"equity {MicroDollars.Format(q.EquityMicros)} (cash {MicroDollars.Format(q.CashMicros)}, peak {MicroDollars.Format(q.PeakEquityMicros)}, realized {MicroDollars.Format(q.RealizedMicros)}, unrealized {MicroDollars.Format(q.UnrealizedMicros)}, fees {MicroDollars.Format(q.FeesMicros)}, day {MicroDollars.Format(q.DailyPnlMicros)}, {q.OpenPositions} positions)"));
                    break;
                case PositionDiscrepancyFound p:
                    yield return Row("alert", p.Ticker.Value, null, null, null, $"position discrepancy: ours {p.Ours}, exchange {p.Exchange}");
                    break;
                case AlertRaised a:
                    yield return Row("alert", a.Ticker?.Value, null, null, null, $"{a.Kind} {a.AlertId}: {a.Message}; figures: {Summaries.Figures(a.Figures)}");
                    break;
                case CircuitBreakerStateChanged b:
                    yield return Row("breaker", b.AffectedMarkets.Count == 1 ? b.AffectedMarkets[0].Value : null, null, null, null,
                        $"{b.Dependency}: {b.From} -> {b.To}: {b.Reason}{(b.AffectedMarkets.Count > 1 ? $" ({b.AffectedMarkets.Count} markets)" : string.Empty)}");
                    break;
                case TradingStateChanged t:
                    yield return Row("risk_state", null, null, null, null, $"trading {t.From} -> {t.To}: {t.Reason}");
                    break;
                case StrategyEnabledChanged c:
                    yield return Row("configuration", null, c.StrategyId, null, null, $"{c.StrategyId} {(c.Enabled ? "enabled" : "disabled")}");
                    break;
                case StrategyParametersChanged c:
                    yield return Row("configuration", null, c.StrategyId, null, null, $"{c.StrategyId} parameter overrides: {Summaries.Figures(c.Overrides)}");
                    break;
                case StrategyIntentResolved r:
                    yield return Row("intent", r.Ticker.Value, r.StrategyId, null, r.IntentId.Value, $"{r.StrategyId} saw intent {r.Outcome}: {r.Detail}");
                    break;
                case MarketListed m:
                    yield return Row("market", m.Market.Ticker.Value, null, null, null, $"listed {m.Market.Ticker} ({m.Market.State}): {m.Market.Title}");
                    break;
                case MarketStateChanged m:
                    yield return Row("market", m.Ticker.Value, null, null, null, $"market {m.From} -> {m.To}");
                    break;
                case MarketSettled m:
                    yield return Row("market", m.Ticker.Value, null, null, null, $"market settled at {m.SettlementValue}{(m.Early ? " (early)" : string.Empty)}");
                    break;
                case BookStatusChanged b:
                    yield return Row("market", b.Ticker.Value, null, null, null, $"book {b.From} -> {b.To}: {b.Reason}");
                    break;
                case BookQualityRecorded q:
                    yield return Row("market", q.Ticker.Value, null, null, null, string.Create(CultureInfo.InvariantCulture,
                        $"book quality: {q.Messages} messages, {q.Gaps} gaps, {q.Resyncs} resyncs, {q.Crossings} crossings, {q.Silences} silences"));
                    break;
                case StateDigestRecorded d:
                    yield return Row("digest", null, null, null, null, string.Create(CultureInfo.InvariantCulture, $"state digest ({d.Reason}) {d.Digest} covering ordering {d.Ordering}"));
                    break;
                default:
                    {
                        var kind = KindsOf(row.Manifest, registry)[0];
                        var fields = JsonFields(details);
                        var intent = fields.GetValueOrDefault("intentId");
                        var owner = fields.GetValueOrDefault("strategyId") ?? (intent is null ? null : _intentStrategies.GetValueOrDefault(intent));
                        yield return Row(kind, fields.GetValueOrDefault("ticker"), owner, fields.GetValueOrDefault("clientOrderId"), intent, $"{NameOf(row.Manifest)}: {Describe(fields)}");
                        break;
                    }
            }
        }

        private static string NameOf(string manifest) => manifest[..manifest.LastIndexOf(".v", StringComparison.Ordinal)];

        private static string Describe(IReadOnlyDictionary<string, string> fields) =>
            fields.Count == 0 ? "(no fields)" : string.Join(", ", fields.Select(f => $"{f.Key}={f.Value}"));

        // Top-level scalar fields of a JSON object by camelCase name (snake_case names are folded), in document order.
        private static Dictionary<string, string> JsonFields(string json)
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                using var document = JsonDocument.Parse(json);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return fields;
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    var name = Camel(property.Name);
                    fields[name] = property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString() ?? string.Empty,
                        JsonValueKind.Object or JsonValueKind.Array => property.Value.GetRawText(),
                        _ => property.Value.GetRawText(),
                    };
                }
            }
            catch (JsonException)
            {
            }

            return fields;
        }

        private static string Camel(string name)
        {
            var parts = name.Split('_', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                return name;
            }

            var text = new StringBuilder(char.ToLowerInvariant(parts[0][0]) + parts[0][1..]);
            foreach (var part in parts.Skip(1))
            {
                text.Append(char.ToUpperInvariant(part[0])).Append(part[1..]);
            }

            return text.ToString();
        }
    }
}
