using System.Text.Json;
using KalshiActors.Domain;
using KalshiActors.Portfolio.Ledger;

namespace KalshiActors.Portfolio;

/// <summary>
/// The portfolio's part of the node's state digest: UTF-8 JSON, keys in ordinal order, money as exact 6-decimal strings,
/// positions by ticker, no times and no marks (those come from books, not from the journal), so a replay of the journal
/// reproduces it byte for byte.
/// </summary>
public static class PortfolioDigest
{
    /// <summary>The canonical bytes of <paramref name="ledger"/>.</summary>
    public static byte[] Canonical(PortfolioLedger ledger)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("cash", MicroDollars.Format(ledger.CashMicros));
            writer.WriteString("deposits", MicroDollars.Format(ledger.DepositsMicros));
            writer.WriteString("fees", MicroDollars.Format(ledger.FeesMicros));
            writer.WriteStartArray("positions");
            foreach (var p in ledger.Positions)
            {
                writer.WriteStartObject();
                writer.WriteString("contracts", p.Contracts.ToFixedString());
                writer.WriteString("cost", MicroDollars.Format(p.CostMicros));
                writer.WriteString("fees", MicroDollars.Format(p.FeesMicros));
                writer.WriteString("realized", MicroDollars.Format(p.RealizedMicros));
                writer.WriteString("side", p.Side == Side.Yes ? "yes" : "no");
                writer.WriteString("ticker", p.Ticker.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteString("realized", MicroDollars.Format(ledger.RealizedMicros));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
