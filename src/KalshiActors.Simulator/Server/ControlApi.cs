using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace KalshiActors.Simulator.Server;

/// <summary>
/// The simulator's own control API (not part of the exchange protocol): fault injection and early settlement.
/// Loopback only, like the whole server.
/// </summary>
internal static class ControlApi
{
    /// <summary>Registers /sim endpoints.</summary>
    public static void Map(WebApplication app, SimulatedExchange exchange, WebSocketHub hub)
    {
        app.MapGet("/sim/faults", context => WriteFaults(context, exchange, 0));

        // The hidden processes an outside fair-value feed would report (spot per series, game scores); the node's
        // simulator feeds poll this so strategies price from what the simulator settles on.
        app.MapGet("/sim/hidden-state", context => WriteHiddenState(context, exchange));

        // Body fields (all optional): http_error_status, http_error_count, reject_orders, skip_sequence_every,
        // duplicate_sequence_every, skip_next_sequence, stall_websockets, message_delay_ms, drop_websockets.
        app.MapPost("/sim/faults", async context =>
        {
            JsonDocument document;
            try
            {
                document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            }
            catch (JsonException ex)
            {
                await RestApi.Error(context, 400, "invalid_parameters", $"fault body is not JSON: {ex.Message}").ConfigureAwait(false);
                return;
            }

            using (document)
            {
                var problems = new List<string>();
                var dropped = 0;
                lock (exchange.Sync)
                {
                    var faults = exchange.Faults;
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        var value = property.Value;
                        switch (property.Name)
                        {
                            case "http_error_status" when value.TryGetInt32(out var status) && status is 0 or 429 or 500 or 502 or 503 or 504:
                                faults.HttpErrorStatus = status;
                                break;
                            case "http_error_count" when value.TryGetInt32(out var count) && count >= 0:
                                faults.HttpErrorsRemaining = count;
                                break;
                            case "reject_orders" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                                faults.RejectOrders = value.GetBoolean();
                                break;
                            case "skip_sequence_every" when value.TryGetInt32(out var skip) && skip >= 0:
                                faults.SkipSequenceEvery = skip;
                                break;
                            case "duplicate_sequence_every" when value.TryGetInt32(out var duplicate) && duplicate >= 0:
                                faults.DuplicateSequenceEvery = duplicate;
                                break;
                            case "skip_next_sequence" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                                faults.SkipNextSequence = value.GetBoolean();
                                break;
                            case "stall_websockets" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                                faults.StallWebSockets = value.GetBoolean();
                                break;
                            case "message_delay_ms" when value.TryGetInt32(out var delay) && delay >= 0:
                                faults.MessageDelay = TimeSpan.FromMilliseconds(delay);
                                break;
                            case "drop_websockets" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                                break;
                            default:
                                problems.Add($"'{property.Name}' = {value.GetRawText()} is not a known fault with a valid value");
                                break;
                        }
                    }
                }

                if (problems.Count > 0)
                {
                    await RestApi.Error(context, 400, "invalid_parameters", string.Join("; ", problems)).ConfigureAwait(false);
                    return;
                }

                if (document.RootElement.TryGetProperty("drop_websockets", out var drop) && drop.ValueKind == JsonValueKind.True)
                {
                    dropped = hub.DropAll();
                }

                await WriteFaults(context, exchange, dropped).ConfigureAwait(false);
            }
        });

        app.MapDelete("/sim/faults", context =>
        {
            lock (exchange.Sync)
            {
                var faults = exchange.Faults;
                faults.HttpErrorStatus = 0;
                faults.HttpErrorsRemaining = 0;
                faults.RejectOrders = false;
                faults.SkipSequenceEvery = 0;
                faults.DuplicateSequenceEvery = 0;
                faults.SkipNextSequence = false;
                faults.StallWebSockets = false;
                faults.MessageDelay = TimeSpan.Zero;
            }

            return WriteFaults(context, exchange, 0);
        });

        // Body (optional): {"result": "yes" | "no"}; without it the result is drawn from the fair value.
        app.MapPost("/sim/markets/{ticker}/settle", async context =>
        {
            var ticker = (string)context.Request.RouteValues["ticker"]!;
            bool? yes = null;

            // Read whatever came, with or without a Content-Length: a chunked body (HttpClient's JSON helpers send one)
            // must not silently become "draw the result".
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            if (body.Length > 0)
            {
                body.Position = 0;
                using var document = await JsonDocument.ParseAsync(body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
                if (document.RootElement.TryGetProperty("result", out var result))
                {
                    yes = result.GetString() switch
                    {
                        "yes" => true,
                        "no" => false,
                        _ => null,
                    };
                }
            }

            if (!exchange.SettleEarly(ticker, yes, exchange.Time.GetUtcNow()))
            {
                await RestApi.Error(context, 404, "not_found", $"market '{ticker}' does not exist or is already settled").ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = 204;
        });
    }

    private static async Task WriteHiddenState(HttpContext context, SimulatedExchange exchange)
    {
        SimulatorHiddenState state;
        lock (exchange.Sync)
        {
            state = exchange.ObserveHiddenState(exchange.Time.GetUtcNow());
        }

        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("at", state.At);
            writer.WriteStartArray("spots");
            foreach (var spot in state.Spots)
            {
                writer.WriteStartObject();
                writer.WriteString("series", spot.Series);
                writer.WriteString("value", spot.Value.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("games");
            foreach (var game in state.Games)
            {
                writer.WriteStartObject();
                writer.WriteString("event_ticker", game.EventTicker);
                writer.WriteString("away_team", game.AwayTeam);
                writer.WriteString("home_team", game.HomeTeam);
                writer.WriteNumber("away_score", game.AwayScore);
                writer.WriteNumber("home_score", game.HomeScore);
                writer.WriteString("start", game.Start);
                writer.WriteString("end", game.End);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteFaults(HttpContext context, SimulatedExchange exchange, int dropped)
    {
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            lock (exchange.Sync)
            {
                var faults = exchange.Faults;
                writer.WriteStartObject();
                writer.WriteNumber("http_error_status", faults.HttpErrorStatus);
                writer.WriteNumber("http_error_count", faults.HttpErrorsRemaining);
                writer.WriteBoolean("reject_orders", faults.RejectOrders);
                writer.WriteNumber("skip_sequence_every", faults.SkipSequenceEvery);
                writer.WriteNumber("duplicate_sequence_every", faults.DuplicateSequenceEvery);
                writer.WriteBoolean("skip_next_sequence", faults.SkipNextSequence);
                writer.WriteBoolean("stall_websockets", faults.StallWebSockets);
                writer.WriteNumber("message_delay_ms", (long)faults.MessageDelay.TotalMilliseconds);
                writer.WriteNumber("dropped_websockets", dropped);
                writer.WriteEndObject();
            }
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
