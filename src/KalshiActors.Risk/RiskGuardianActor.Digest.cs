using System.Globalization;
using System.Text.Json;

namespace KalshiActors.Risk;

/// <summary>The guardian's part of the node's state digest.</summary>
internal sealed partial class RiskGuardianActor
{
    /// <summary>
    /// Canonical JSON (keys sorted ordinally, amounts as fixed-point strings, no times of day) of the journaled state: what a
    /// replay of the journal must reproduce. Live inputs (books, feeds, breakers, positions) are other components' state.
    /// </summary>
    private byte[] CanonicalDigestJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartObject("blocked_markets");
            foreach (var (ticker, ids) in _blocked)
            {
                w.WriteStartArray(ticker);
                foreach (var id in ids.Keys)
                {
                    w.WriteStringValue(id);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            WriteNullable(w, "daily_loss_day", _dailyLossDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            WriteNullable(w, "day_start_equity", _dayStartEquity?.ToDollarString());
            WriteNullable(w, "drawdown_breaker_base_equity", _breakerBaseEquity?.ToDollarString());
            w.WriteBoolean("drawdown_breaker_tripped", _breakerTripped);
            w.WriteBoolean("kill_switch", _killSwitch);
            w.WriteStartObject("pending_intents");
            foreach (var (id, pending) in _pending)
            {
                var i = pending.Intent;
                w.WriteStartObject(id);
                w.WriteString("action", i.Action.ToString());
                w.WriteString("count", i.Count.ToFixedString());
                w.WriteString("event", i.EventTicker.Value);
                w.WriteString("limit_price", i.LimitPrice.ToDollarString());
                w.WriteString("side", i.Side.ToString());
                w.WriteString("ticker", i.Ticker.Value);
                w.WriteEndObject();
            }

            w.WriteEndObject();
            WriteNullable(w, "trading_day", _tradingDay?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            w.WriteString("trading_state", _state.ToString());
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
