using System.Globalization;
using System.Text;
using System.Text.Json;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Hosting.Backtest;

/// <summary>One run of a sweep: its parameters and its figures.</summary>
/// <param name="Rank">1 = best (highest P&amp;L, then Sharpe, then fewer fees, then the parameters' text).</param>
/// <param name="Parameters">The combination run.</param>
/// <param name="Result">What it produced.</param>
public sealed record SweepRun(int Rank, IReadOnlyDictionary<string, string> Parameters, BacktestResult Result);

/// <summary>
/// `backtest --sweep key=v1,v2,...`: every combination of the given strategy parameters over the same recording, each in
/// its own actor system, as many at once as the machine has cores, ranked by P&amp;L.
/// </summary>
public static class BacktestSweep
{
    /// <summary>Parses the repeated `--sweep` values into keys and their values (in the order given).</summary>
    public static IReadOnlyList<(string Key, IReadOnlyList<string> Values)> ParseGrid(IEnumerable<string> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var grid = new List<(string, IReadOnlyList<string>)>();
        foreach (var spec in specs)
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            var values = equals < 0 ? [] : spec[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (equals <= 0 || values.Length == 0)
            {
                throw new ArgumentException($"--sweep '{spec}' must be key=v1,v2,... (e.g. min-edge=0.02,0.03 or ev-threshold.kelly-fraction=0.1,0.25)");
            }

            var key = spec[..equals].Trim();
            if (grid.Any(g => g.Item1 == key))
            {
                throw new ArgumentException($"--sweep names '{key}' twice");
            }

            grid.Add((key, values));
        }

        return grid;
    }

    /// <summary>Every combination of <paramref name="grid"/>, the first key varying slowest.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, string>> Combinations(IReadOnlyList<(string Key, IReadOnlyList<string> Values)> grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        IEnumerable<Dictionary<string, string>> combos = [new Dictionary<string, string>(StringComparer.Ordinal)];
        foreach (var (key, values) in grid)
        {
            combos = [.. combos.SelectMany(c => values.Select(v => new Dictionary<string, string>(c, StringComparer.Ordinal) { [key] = v }))];
        }

        return [.. combos];
    }

    /// <summary>Runs the grid, at most one run per core at a time, and ranks the runs.</summary>
    public static async Task<IReadOnlyList<SweepRun>> RunAsync(
        KalshiActorsConfiguration configuration,
        BacktestRecording recording,
        BacktestOptions options,
        IReadOnlyList<(string Key, IReadOnlyList<string> Values)> grid,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var combinations = Combinations(grid);

        // Checks every combination's parameters before anything runs, so a typo fails at once.
        foreach (var combination in combinations)
        {
            BacktestRunner.SelectStrategies(configuration.Settings.Strategies, options with { Parameters = combination });
        }

        using var slots = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount));
        var runs = combinations.Select(async combination =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // A run drives its actors on the thread that starts it, for the whole feeding loop: a thread of its own
                // rather than a thread-pool worker blocked for minutes.
                var result = await Task.Factory.StartNew(
                    () => BacktestRunner.RunAsync(configuration, recording, options with { Parameters = combination, Progress = null, JournalUri = null }, cancellationToken),
                    cancellationToken,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default).Unwrap().ConfigureAwait(false);
                return (combination, result);
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        var results = await Task.WhenAll(runs).ConfigureAwait(false);
        return [.. results
            .OrderByDescending(r => r.result.Total.Pnl.Units)
            .ThenByDescending(r => r.result.Total.Sharpe ?? double.MinValue)
            .ThenBy(r => r.result.Total.Fees.Units)
            .ThenBy(r => Describe(r.combination), StringComparer.Ordinal)
            .Select((r, i) => new SweepRun(i + 1, r.combination, r.result))];
    }

    /// <summary>Writes sweep.json and sweep.csv into <paramref name="directory"/>; returns their paths.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<SweepRun> runs, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        Directory.CreateDirectory(directory);
        var json = Path.Combine(directory, "sweep.json");
        var csv = Path.Combine(directory, "sweep.csv");
        await File.WriteAllTextAsync(json, Json(runs), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(csv, Csv(runs), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        return [json, csv];
    }

    /// <summary>The ranked table printed on stdout.</summary>
    public static string Table(IReadOnlyList<SweepRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var rows = runs.Select(r => new[]
        {
            r.Rank.ToString(CultureInfo.InvariantCulture),
            Describe(r.Parameters),
            r.Result.Total.Pnl.ToDollarString(),
            r.Result.Total.Fees.ToDollarString(),
            r.Result.Total.Trades.ToString(CultureInfo.InvariantCulture),
            Format(r.Result.Total.WinRate),
            Format(r.Result.Total.Sharpe),
            r.Result.Total.MaxDrawdown.ToDollarString(),
        }).ToList();
        string[] header = ["rank", "parameters", "pnl", "fees", "trades", "win_rate", "sharpe", "max_drawdown"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            text.Append(string.Join("  ", row.Select((c, i) => i == 1 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<SweepRun> runs)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var run in runs)
            {
                json.WriteStartObject();
                json.WriteNumber("rank", run.Rank);
                json.WriteStartObject("parameters");
                foreach (var (key, value) in run.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    json.WriteString(key, value);
                }

                json.WriteEndObject();
                json.WriteString("pnl", run.Result.Total.Pnl.ToDollarString());
                json.WriteString("fees", run.Result.Total.Fees.ToDollarString());
                json.WriteNumber("trades", run.Result.Total.Trades);
                WriteNumber(json, "win_rate", run.Result.Total.WinRate);
                WriteNumber(json, "sharpe", run.Result.Total.Sharpe);
                WriteNumber(json, "sortino", run.Result.Total.Sortino);
                json.WriteString("max_drawdown", run.Result.Total.MaxDrawdown.ToDollarString());
                json.WriteString("order_list_digest", run.Result.OrderListDigest);
                json.WriteString("state_digest", run.Result.StateDigest);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Csv(IReadOnlyList<SweepRun> runs)
    {
        var csv = new StringBuilder("rank,parameters,pnl,fees,trades,win_rate,sharpe,sortino,max_drawdown,order_list_digest\n");
        foreach (var run in runs)
        {
            var t = run.Result.Total;
            csv.Append(CultureInfo.InvariantCulture, $"{run.Rank},\"{Describe(run.Parameters)}\",{t.Pnl.ToDollarString()},{t.Fees.ToDollarString()},{t.Trades},")
                .Append(CultureInfo.InvariantCulture, $"{Format(t.WinRate)},{Format(t.Sharpe)},{Format(t.Sortino)},{t.MaxDrawdown.ToDollarString()},{run.Result.OrderListDigest}\n");
        }

        return csv.ToString();
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
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

    private static string Describe(IReadOnlyDictionary<string, string> parameters) =>
        string.Join(" ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static string Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty;
}
