using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using KalshiActors.Domain;

namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// Writes a backtest's reports: <c>report.json</c> (everything), <c>metrics.csv</c> (one row per scope: total, each
/// strategy, each market), <c>fills.csv</c>, <c>equity.csv</c> and <c>equity.svg</c> (the equity curve, opens in any
/// browser). Only recorded times and figures go in: the same input and seed give byte-identical files.
/// </summary>
public static class BacktestReport
{
    /// <summary>The files <see cref="WriteAsync"/> creates, in that order.</summary>
    public static IReadOnlyList<string> FileNames { get; } = ["report.json", "metrics.csv", "fills.csv", "equity.csv", "equity.svg"];

    /// <summary>Writes every report into <paramref name="directory"/> (created if needed); returns the paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(BacktestResult result, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(directory);
        var contents = new[] { Json(result), MetricsCsv(result), FillsCsv(result), EquityCsv(result), EquitySvg(result) };
        var paths = new List<string>();
        for (var i = 0; i < contents.Length; i++)
        {
            var path = Path.Combine(directory, FileNames[i]);
            await File.WriteAllTextAsync(path, contents[i], new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>The JSON report.</summary>
    public static string Json(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("data", Path.GetFileName(result.Recording.Source.TrimEnd(Path.DirectorySeparatorChar)));
            json.WriteNumber("seed", result.Seed);
            json.WriteString("fill_model", result.FillModel == BacktestFillModel.Matching ? "matching" : "paper");
            json.WriteString("from", Time(result.Recording.Start));
            json.WriteString("to", Time(result.Recording.End));
            json.WriteNumber("events", result.EventsFed);
            json.WriteNumber("book_deltas", result.Recording.BookDeltas);
            json.WriteNumber("markets", result.Recording.Markets.Count);
            json.WriteStartArray("strategies");
            foreach (var s in result.Strategies)
            {
                json.WriteStringValue(s);
            }

            json.WriteEndArray();
            json.WriteStartObject("parameters");
            foreach (var (key, value) in result.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
            json.WriteString("starting_cash", result.StartingCash.ToDollarString());
            json.WriteString("final_equity", result.Final.Equity.ToDollarString());
            json.WriteString("final_cash", result.Final.Cash.ToDollarString());
            json.WriteNumber("intents_approved", result.IntentsApproved);
            json.WriteNumber("intents_rejected", result.IntentsRejected);
            json.WriteNumber("order_events", result.Orders.Count);
            json.WriteNumber("book_resync_requests", result.SnapshotRequests);
            json.WriteString("order_list_digest", result.OrderListDigest);
            json.WriteString("state_digest", result.StateDigest);
            json.WritePropertyName("total");
            WriteMetrics(json, result.Total);
            json.WriteStartObject("per_strategy");
            foreach (var (name, metrics) in result.PerStrategy)
            {
                json.WritePropertyName(name);
                WriteMetrics(json, metrics);
            }

            json.WriteEndObject();
            json.WriteStartObject("per_market");
            foreach (var (name, metrics) in result.PerMarket)
            {
                json.WritePropertyName(name);
                WriteMetrics(json, metrics);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>One row per scope: total, strategy:ID, market:TICKER.</summary>
    public static string MetricsCsv(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder("scope,name,pnl,fees,trades,round_trips,win_rate,sharpe,sortino,max_drawdown,max_drawdown_fraction,max_exposure,turnover,turnover_ratio\n");
        Row(csv, "total", string.Empty, result.Total);
        foreach (var (name, metrics) in result.PerStrategy)
        {
            Row(csv, "strategy", name, metrics);
        }

        foreach (var (name, metrics) in result.PerMarket)
        {
            Row(csv, "market", name, metrics);
        }

        return csv.ToString();
    }

    /// <summary>Every fill, in booking order (without the paper venue's trade ids, numbered in arrival order; see <see cref="BacktestResult.Canonical"/>).</summary>
    public static string FillsCsv(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder("time,strategy,market,client_order_id,side,action,price,count,fee,taker\n");
        foreach (var f in result.Ledger.Fills)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Time(f.At)},{Cell(f.StrategyId)},{Cell(f.Ticker.Value)},{Cell(f.ClientOrderId.Value)},")
                .Append(CultureInfo.InvariantCulture, $"{f.Side.ToString().ToLowerInvariant()},{f.Action.ToString().ToLowerInvariant()},{f.Price.ToDollarString()},{f.Count.ToFixedString()},{f.Fee.ToDollarString()},{(f.IsTaker ? "true" : "false")}\n");
        }

        return csv.ToString();
    }

    /// <summary>Equity whenever it changed.</summary>
    public static string EquityCsv(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var csv = new StringBuilder("time,equity\n");
        foreach (var (at, equity) in result.Curve.Points)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{Time(at)},{Money.FromUnits(equity).ToDollarString()}\n");
        }

        return csv.ToString();
    }

    /// <summary>The equity curve as a standalone SVG (axes with the start/end times and the equity range).</summary>
    public static string EquitySvg(BacktestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        const int Width = 900, Height = 420, Left = 90, Right = 20, Top = 40, Bottom = 50;
        var points = result.Curve.Points.Count > 0 ? result.Curve.Points : [(result.Recording.Start, result.StartingCash.Units)];
        var start = result.Recording.Start.UtcTicks;
        var end = Math.Max(result.Recording.End.UtcTicks, points[^1].At.UtcTicks);
        var span = Math.Max(1, end - start);
        var min = Math.Min(points.Min(p => p.Equity), result.StartingCash.Units);
        var max = Math.Max(points.Max(p => p.Equity), result.StartingCash.Units);
        if (max == min)
        {
            max += Money.UnitsPerDollar;
            min -= Money.UnitsPerDollar;
        }

        double X(long ticks) => Left + (Width - Left - Right) * (double)(ticks - start) / span;
        double Y(long equity) => Top + (Height - Top - Bottom) * (double)(max - equity) / (max - min);
        string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

        // At most one point per horizontal pixel column keeps a long run's file small; the last value of each column wins.
        var path = new StringBuilder();
        var lastColumn = int.MinValue;
        var last = result.StartingCash.Units;
        var columns = new List<(double X, long Equity)>();
        foreach (var (at, equity) in points)
        {
            var column = (int)X(at.UtcTicks);
            if (column == lastColumn)
            {
                columns[^1] = (X(at.UtcTicks), equity);
            }
            else
            {
                columns.Add((X(at.UtcTicks), equity));
                lastColumn = column;
            }
        }

        path.Append(CultureInfo.InvariantCulture, $"M{F(X(start))},{F(Y(last))}");
        foreach (var (x, equity) in columns)
        {
            // Steps: equity holds until the next change.
            path.Append(CultureInfo.InvariantCulture, $" H{F(x)} V{F(Y(equity))}");
            last = equity;
        }

        path.Append(CultureInfo.InvariantCulture, $" H{F(X(end))}");
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"22\" font-size=\"15\">{Escape($"Equity: {result.Strategies.Count} strategies on {Path.GetFileName(result.Recording.Source)} (P&L {result.Total.Pnl.ToDollarString()}, max drawdown {result.Total.MaxDrawdown.ToDollarString()})")}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#444\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#444\"/>\n");
        var startY = Y(result.StartingCash.Units);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{F(startY)}\" x2=\"{Width - Right}\" y2=\"{F(startY)}\" stroke=\"#bbb\" stroke-dasharray=\"4 4\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(max) + 4)}\" text-anchor=\"end\">{Money.FromUnits(max).ToDollarString()}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{F(Y(min) + 4)}\" text-anchor=\"end\">{Money.FromUnits(min).ToDollarString()}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - Bottom + 18}\">{Time(result.Recording.Start)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right}\" y=\"{Height - Bottom + 18}\" text-anchor=\"end\">{Time(new DateTimeOffset(end, TimeSpan.Zero))}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"1.5\"/>\n");
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>The one-screen summary `backtest` prints on stdout.</summary>
    public static string Summary(BacktestResult result)
    {
        var t = result.Total;
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"strategies: {string.Join(", ", result.Strategies)}\n");
        text.Append(CultureInfo.InvariantCulture, $"pnl {t.Pnl} fees {t.Fees} trades {t.Trades} win-rate {Ratio(t.WinRate)} sharpe {Ratio(t.Sharpe)} sortino {Ratio(t.Sortino)} ");
        text.Append(CultureInfo.InvariantCulture, $"max-drawdown {t.MaxDrawdown} max-exposure {t.MaxExposure} turnover {t.Turnover}\n");
        foreach (var (name, m) in result.PerStrategy)
        {
            text.Append(CultureInfo.InvariantCulture, $"  strategy {name}: pnl {m.Pnl} fees {m.Fees} trades {m.Trades} win-rate {Ratio(m.WinRate)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"intents approved {result.IntentsApproved} rejected {result.IntentsRejected}; order-list-digest {result.OrderListDigest}\n");
        text.Append(CultureInfo.InvariantCulture, $"state-digest {result.StateDigest}\n");
        return text.ToString();
    }

    private static string Ratio(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "-";

    private static void WriteMetrics(Utf8JsonWriter json, BacktestMetrics m)
    {
        json.WriteStartObject();
        json.WriteString("pnl", m.Pnl.ToDollarString());
        json.WriteString("fees", m.Fees.ToDollarString());
        json.WriteNumber("trades", m.Trades);
        json.WriteNumber("round_trips", m.RoundTrips);
        Number(json, "win_rate", m.WinRate);
        Number(json, "sharpe", m.Sharpe);
        Number(json, "sortino", m.Sortino);
        json.WriteString("max_drawdown", m.MaxDrawdown.ToDollarString());
        json.WriteNumber("max_drawdown_fraction", m.MaxDrawdownFraction);
        json.WriteString("max_exposure", m.MaxExposure.ToDollarString());
        json.WriteString("turnover", m.Turnover.ToDollarString());
        json.WriteNumber("turnover_ratio", m.TurnoverRatio);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Row(StringBuilder csv, string scope, string name, BacktestMetrics m) =>
        csv.Append(CultureInfo.InvariantCulture, $"{scope},{Cell(name)},{m.Pnl.ToDollarString()},{m.Fees.ToDollarString()},{m.Trades},{m.RoundTrips},")
            .Append(CultureInfo.InvariantCulture, $"{D(m.WinRate)},{D(m.Sharpe)},{D(m.Sortino)},{m.MaxDrawdown.ToDollarString()},{D(m.MaxDrawdownFraction)},")
            .Append(CultureInfo.InvariantCulture, $"{m.MaxExposure.ToDollarString()},{m.Turnover.ToDollarString()},{D(m.TurnoverRatio)}\n");

    private static string D(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;

    private static string Cell(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
