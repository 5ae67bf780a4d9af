using System.Globalization;
using System.Text;
using System.Text.Json;
using KalshiActors.Dashboard.Bridge;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KalshiActors.Dashboard.Api;

/// <summary>The read endpoints (GET /api/...).</summary>
internal static class ReadEndpoints
{
    private const int MaxAuditEntries = 1000;

    public static void Map(IEndpointRouteBuilder api, DashboardContext dashboard)
    {
        api.MapGet("/health", () => Results.Ok(new HealthView("ok", dashboard.Node.Mode, dashboard.Node.System.TimeProvider.GetUtcNow())));
        api.MapGet("/state", (CancellationToken ct) => StateAsync(dashboard, ct));
        api.MapGet("/markets", (CancellationToken ct) => RecentAsync<IReadOnlyList<MarketRow>>(dashboard, RecentKind.Markets, null, int.MaxValue, ct));
        api.MapGet("/markets/{ticker}/book", (string ticker, CancellationToken ct) => BookAsync(dashboard, ticker, ct));
        api.MapGet("/signals", (string? limit, CancellationToken ct) => RecentAsync<IReadOnlyList<SignalRow>>(dashboard, RecentKind.Signals, limit, 100, ct));
        api.MapGet("/orders", (string? limit, CancellationToken ct) => RecentAsync<IReadOnlyList<OrderRow>>(dashboard, RecentKind.Orders, limit, 100, ct));
        api.MapGet("/trades", (string? limit, CancellationToken ct) => RecentAsync<IReadOnlyList<TradeRow>>(dashboard, RecentKind.Trades, limit, 20, ct));
        api.MapGet("/alerts", (string? limit, CancellationToken ct) => RecentAsync<IReadOnlyList<AlertRow>>(dashboard, RecentKind.Alerts, limit, 100, ct));
        api.MapGet("/circuit-breakers", (CancellationToken ct) => RecentAsync<IReadOnlyList<BreakerRow>>(dashboard, RecentKind.Breakers, null, int.MaxValue, ct));
        api.MapGet("/equity", (CancellationToken ct) => RecentAsync<IReadOnlyList<EquityPoint>>(dashboard, RecentKind.Equity, null, int.MaxValue, ct));
        api.MapGet("/audit-log", (string? limit, string? since, CancellationToken ct) => AuditAsync(dashboard, limit, since, ct));
        api.MapGet("/export/trades.csv", (HttpContext context) => ExportTradesAsync(dashboard, context));
        api.MapGet("/cluster", (CancellationToken ct) => ClusterEndpoint.GetAsync(dashboard, ct));
    }

    /// <summary>A `limit` query value: absent = <paramref name="fallback"/>; otherwise a non-negative integer, capped.</summary>
    internal static bool TryLimit(string? text, int fallback, int max, out int limit, out IResult? problem)
    {
        problem = null;
        limit = Math.Min(fallback, max);
        if (text is null)
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit))
        {
            problem = Problems.BadRequest($"limit '{text}' is not a non-negative integer");
            return false;
        }

        limit = Math.Min(limit, max);
        return true;
    }

    private static async Task<IResult> StateAsync(DashboardContext dashboard, CancellationToken ct)
    {
        var (overview, problem) = await dashboard.Actors.AskAsync<StateView>(dashboard.Bridge, "dashboard bridge", GetOverview.Instance, ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (risk, _) = await dashboard.Actors.AskAsync<RiskStatus>(ActorNames.RiskGuardianPath, new GetRiskStatus(), ct).ConfigureAwait(false);
        string? digest = null;
        try
        {
            digest = await dashboard.Node.ComputeDigest(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The digest is informative; a component that does not answer leaves it out rather than failing the state.
        }

        var strategies = await StrategiesAsync(dashboard, ct).ConfigureAwait(false);
        return Results.Ok(overview! with
        {
            StateDigest = digest,
            Strategies = strategies,
            Risk = risk is null ? overview.Risk : ViewMapping.View(risk),
            TradingState = risk is null ? overview.TradingState : ViewMapping.Text(risk.State),
            TradingReason = risk?.Reason ?? overview.TradingReason,
        });
    }

    private static async Task<IReadOnlyList<StrategyRow>> StrategiesAsync(DashboardContext dashboard, CancellationToken ct)
    {
        if (dashboard.Node.Strategies is { } ask)
        {
            try
            {
                return [.. (await ask(ct).ConfigureAwait(false)).Select(s => new StrategyRow(s.Id, s.Kind, s.Enabled, s.SignalsRaised, s.Overrides))];
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                // Strategies restarting: show the configured ids without their state.
            }
        }

        return [.. dashboard.Node.StrategyIds.Select(id => new StrategyRow(id, "unknown", true, 0, new Dictionary<string, string>()))];
    }

    private static async Task<IResult> RecentAsync<T>(DashboardContext dashboard, RecentKind kind, string? limitText, int fallback, CancellationToken ct)
        where T : class
    {
        if (!TryLimit(limitText, fallback, int.MaxValue, out var limit, out var bad))
        {
            return bad!;
        }

        var (rows, problem) = await dashboard.Actors.AskAsync<T>(dashboard.Bridge, "dashboard bridge", new GetRecent(kind, limit), ct).ConfigureAwait(false);
        return problem ?? Results.Ok(rows);
    }

    private static async Task<IResult> BookAsync(DashboardContext dashboard, string ticker, CancellationToken ct)
    {
        MarketTicker market;
        try
        {
            market = new MarketTicker(ticker);
        }
        catch (InvalidFieldValueException e)
        {
            return Problems.BadRequest(e.Message);
        }

        var (reply, problem) = await dashboard.Actors.AskAsync<BookReply>(dashboard.Bridge, "dashboard bridge", new GetBook(market), ct).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        return reply!.Book is { } book ? Results.Ok(book) : Problems.NotFound($"no book for market '{ticker}' (not subscribed, or no update yet)");
    }

    private static async Task<IResult> AuditAsync(DashboardContext dashboard, string? limitText, string? since, CancellationToken ct)
    {
        if (!TryLimit(limitText, 100, MaxAuditEntries, out var limit, out var bad))
        {
            return bad!;
        }

        long offset;
        DateTimeOffset? sinceTime = null;
        if (since is null)
        {
            offset = Math.Max(0, dashboard.LastOffset - limit);
        }
        else if (long.TryParse(since, NumberStyles.None, CultureInfo.InvariantCulture, out var sinceOffset))
        {
            offset = sinceOffset;
        }
        else if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            offset = 0;
            sinceTime = at;
        }
        else
        {
            return Problems.BadRequest($"since '{since}' is neither a journal offset (integer) nor an ISO 8601 time");
        }

        var rows = new List<AuditRow>(limit);
        var registry = dashboard.Node.Journal.Registry;
        await foreach (var envelope in dashboard.Node.Journal.CurrentAllEvents(offset, ct).ConfigureAwait(false))
        {
            if (rows.Count >= limit)
            {
                break;
            }

            var at = DateTimeOffset.FromUnixTimeMilliseconds(envelope.Timestamp);
            if (sinceTime is { } t && at < t)
            {
                continue;
            }

            rows.Add(Row(envelope, at, registry));
        }

        return Results.Ok((IReadOnlyList<AuditRow>)rows);
    }

    private static AuditRow Row(EventEnvelope envelope, DateTimeOffset at, Persistence.Serialization.EventRegistry registry)
    {
        using var document = JsonDocument.Parse(registry.Serialize(envelope.Event).Payload);
        return new AuditRow(envelope.Offset, envelope.PersistenceId, envelope.SequenceNr, envelope.Manifest, at, envelope.Tags, document.RootElement.Clone());
    }

    private static async Task ExportTradesAsync(DashboardContext dashboard, HttpContext context)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"trades.csv\"";
        var line = new StringBuilder();
        await context.Response.WriteAsync("trade_id,client_order_id,ticker,strategy_id,side,action,price,count,fee,is_taker,at\n", context.RequestAborted).ConfigureAwait(false);
        await foreach (var envelope in dashboard.Node.Journal.CurrentEventsByTag("fill", 0, context.RequestAborted).ConfigureAwait(false))
        {
            var row = envelope.Event switch
            {
                OrderPartiallyFilled f => ViewMapping.Row(f),
                OrderFilled f => ViewMapping.Row(f),
                _ => null,
            };
            if (row is null)
            {
                continue;
            }

            line.Clear();
            foreach (var field in new[]
                     {
                         row.TradeId, row.ClientOrderId, row.Ticker, row.StrategyId, row.Side, row.Action, row.Price, row.Count, row.Fee,
                         row.IsTaker ? "true" : "false", row.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                     })
            {
                if (line.Length > 0)
                {
                    line.Append(',');
                }

                line.Append(Csv(field));
            }

            line.Append('\n');
            await context.Response.WriteAsync(line.ToString(), context.RequestAborted).ConfigureAwait(false);
        }
    }

    internal static string Csv(string field) =>
        field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
