using System.Globalization;
using System.Text.Json;

namespace KalshiActors.Hosting.Scanning;

/// <summary>A scan's result as the `scan` verb shows it: JSON with fixed-point strings, or table cells.</summary>
public static class ScanReport
{
    /// <summary>The table's column headers, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["#", "ticker", "score", "bid", "ask", "last", "spread", "chg 24h", "chg 7d", "vol 24h", "open int", "liquidity", "closes in", "last trade"];

    /// <summary>The table's title.</summary>
    public static string Title(OneScanResult scan) =>
        $"market scan: {scan.Result.Scan.Ranked.Count} of {scan.Result.Scan.MarketsScanned} markets ranked";

    /// <summary>Why nothing ranked, or null when something did.</summary>
    public static string? EmptyCaption(OneScanResult scan) =>
        scan.Result.Scan.Ranked.Count == 0 ? "no market passed the filters: " + Rejections(scan.Result.Statistics.RejectedBy) : null;

    /// <summary>The one-line summary of what the scan cost (requests, pages, markets/s).</summary>
    public static string Summary(OneScanResult scan)
    {
        var statistics = scan.Result.Statistics;
        var perSecond = scan.Elapsed.TotalSeconds > 0 ? scan.Result.Scan.MarketsScanned / scan.Elapsed.TotalSeconds : 0;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"scan: {scan.Where}: {scan.Result.Scan.MarketsScanned} markets, {scan.Result.Scan.Ranked.Count} ranked, {statistics.Requests} requests ({statistics.Pages} pages, {statistics.HistoryLookups} history lookups) in {scan.Elapsed.TotalMilliseconds:0} ms ({perSecond:0} markets/s)");
    }

    /// <summary>The best <paramref name="top"/> markets as table cells (fixed-point prices, relative times), one row per market.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(OneScanResult scan, int top)
    {
        var now = scan.Result.Scan.At;
        return [.. scan.Result.Scan.Ranked.Take(top).Select(market => (IReadOnlyList<string>)
        [
            market.Rank.ToString(CultureInfo.InvariantCulture),
            market.Ticker.Value,
            market.ScoreMicros.ToString(CultureInfo.InvariantCulture),
            market.YesBid?.ToDollarString() ?? "-",
            market.YesAsk?.ToDollarString() ?? "-",
            market.LastPrice?.ToDollarString() ?? "-",
            market.Spread?.ToDollarString() ?? "-",
            market.Change24h?.ToDollarString() ?? "-",
            market.Change7d?.ToDollarString() ?? "-",
            market.Volume24h.ToFixedString(),
            market.OpenInterest.ToFixedString(),
            market.Liquidity.ToDollarString(),
            market.CloseTime is { } close ? Ago(close - now) : "-",
            market.LastTradeAt is { } last ? Ago(now - last) + " ago" : "never",
        ])];
    }

    /// <summary>One JSON object: the scan's figures and the best <paramref name="top"/> markets, prices and money as fixed-point strings.</summary>
    public static string ToJson(OneScanResult scan, int top)
    {
        var result = scan.Result;
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("at", result.Scan.At);
            writer.WriteString("source", scan.Where);
            writer.WriteNumber("marketsScanned", result.Scan.MarketsScanned);
            writer.WriteNumber("rankedCount", result.Scan.Ranked.Count);
            writer.WriteNumber("requests", result.Statistics.Requests);
            writer.WriteNumber("pages", result.Statistics.Pages);
            writer.WriteNumber("historyLookups", result.Statistics.HistoryLookups);
            writer.WriteNumber("elapsedMs", (long)scan.Elapsed.TotalMilliseconds);
            writer.WriteStartObject("rejectedBy");
            foreach (var (filter, count) in result.Statistics.RejectedBy.OrderBy(r => r.Key, StringComparer.Ordinal))
            {
                writer.WriteNumber(filter, count);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("ranked");
            foreach (var market in result.Scan.Ranked.Take(top))
            {
                writer.WriteStartObject();
                writer.WriteNumber("rank", market.Rank);
                writer.WriteString("ticker", market.Ticker.Value);
                writer.WriteString("eventTicker", market.EventTicker.Value);
                writer.WriteNumber("scoreMicros", market.ScoreMicros);
                writer.WriteString("yesBid", market.YesBid?.ToDollarString());
                writer.WriteString("yesAsk", market.YesAsk?.ToDollarString());
                writer.WriteString("lastPrice", market.LastPrice?.ToDollarString());
                writer.WriteString("spread", market.Spread?.ToDollarString());
                writer.WriteString("change24h", market.Change24h?.ToDollarString());
                writer.WriteString("change7d", market.Change7d?.ToDollarString());
                writer.WriteString("volume24h", market.Volume24h.ToFixedString());
                writer.WriteString("openInterest", market.OpenInterest.ToFixedString());
                writer.WriteString("liquidity", market.Liquidity.ToDollarString());
                WriteTime(writer, "closeTime", market.CloseTime);
                WriteTime(writer, "lastTradeAt", market.LastTradeAt);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            writer.WriteString(name, time);
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static string Rejections(IReadOnlyDictionary<string, int> rejectedBy) =>
        rejectedBy.Count == 0 ? "no open markets" : string.Join(", ", rejectedBy.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"));

    private static string Ago(TimeSpan span) =>
        span.TotalDays >= 1 ? $"{(int)span.TotalDays}d{span.Hours}h"
        : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h{span.Minutes:00}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds:00}s"
        : $"{Math.Max(0, (int)span.TotalSeconds)}s";
}
