using System.Globalization;
using System.Text.Json;
using KalshiActors.Hosting.Node;
using KalshiActors.Hosting.Persistence;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Journal;
using KalshiActors.Persistence.Serialization;
using KalshiActors.Strategies.Reports;
using Spectre.Console;

namespace KalshiActors.Hosting.Strategies;

/// <summary>
/// `strategies report` and `strategies calibration`: reads a journal's signals, orders, fills and settlements (only the
/// manifests it needs, so events of other modules never stop it) into a <see cref="StrategyJournalAnalysis"/> and prints it.
/// </summary>
public static class StrategyJournalReports
{
    // The manifests the analysis reads; everything else in the journal is skipped unread.
    private static readonly HashSet<string> Wanted = new(StringComparer.Ordinal)
    {
        "SignalRaised.v1", "OrderSubmitted.v1", "OrderFilled.v1", "OrderPartiallyFilled.v1", "MarketSettled.v1",
    };

    /// <summary>
    /// Reads a `--since` value: an ISO-8601 time, or a duration (24h, 7d, 30m) back from <paramref name="now"/>; null when
    /// empty.
    /// </summary>
    /// <exception cref="FormatException">Neither a time nor a duration.</exception>
    public static DateTimeOffset? ParseSince(string? text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at;
        }

        if (KalshiActors.Strategies.Settings.StrategyParameters.TryParseDuration(text, out var back) && back > TimeSpan.Zero)
        {
            return now - back;
        }

        throw new FormatException($"--since '{text}' is neither a time (2026-12-04T09:00Z) nor a duration back from now (24h, 7d)");
    }

    /// <summary>Prints one line per strategy: signals, fills, hit rate, P&amp;L after fees, edge at entry vs realised.</summary>
    /// <exception cref="JournalLocationException">The URI is malformed or names no journal.</exception>
    public static async Task PrintReportAsync(string uri, DateTimeOffset? since, string format, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var analysis = await AnalyseAsync(uri, since, cancellationToken).ConfigureAwait(false);
        var lines = analysis.Report();
        if (format == "json")
        {
            foreach (var line in lines)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["strategy"] = line.StrategyId,
                    ["signals"] = line.Signals,
                    ["fills"] = line.Fills,
                    ["contracts_filled"] = line.ContractsFilled.ToFixedString(),
                    ["closed_positions"] = line.ClosedPositions,
                    ["hits"] = line.Hits,
                    ["hit_rate"] = line.HitRate,
                    ["open_positions"] = line.OpenPositions,
                    ["pnl_after_fees"] = line.PnlAfterFees.ToDollarString(),
                    ["fees_paid"] = line.FeesPaid.ToDollarString(),
                    ["avg_edge_at_entry"] = line.AverageEdgeAtEntry?.ToDollarString(),
                    ["realised_edge"] = line.RealisedEdge?.ToDollarString(),
                })).ConfigureAwait(false);
            }

            return;
        }

        if (lines.Count == 0)
        {
            await output.WriteLineAsync("No strategy signals or fills in the journal" + (since is { } s ? " since " + s.ToString("O", CultureInfo.InvariantCulture) : string.Empty) + ".").ConfigureAwait(false);
            return;
        }

        var table = new Table()
            .AddColumn("strategy")
            .AddColumn(new TableColumn("signals").RightAligned())
            .AddColumn(new TableColumn("fills").RightAligned())
            .AddColumn(new TableColumn("contracts").RightAligned())
            .AddColumn(new TableColumn("closed").RightAligned())
            .AddColumn(new TableColumn("hit rate").RightAligned())
            .AddColumn(new TableColumn("open").RightAligned())
            .AddColumn(new TableColumn("P&L after fees").RightAligned())
            .AddColumn(new TableColumn("fees").RightAligned())
            .AddColumn(new TableColumn("edge at entry").RightAligned())
            .AddColumn(new TableColumn("realised edge").RightAligned());
        foreach (var line in lines)
        {
            table.AddRow(
                Markup.Escape(line.StrategyId),
                line.Signals.ToString(CultureInfo.InvariantCulture),
                line.Fills.ToString(CultureInfo.InvariantCulture),
                line.ContractsFilled.ToFixedString(),
                line.ClosedPositions.ToString(CultureInfo.InvariantCulture),
                line.HitRate is { } rate ? rate.ToString("P1", CultureInfo.InvariantCulture) : "-",
                line.OpenPositions.ToString(CultureInfo.InvariantCulture),
                line.PnlAfterFees.ToDollarString(),
                line.FeesPaid.ToDollarString(),
                line.AverageEdgeAtEntry?.ToDollarString() ?? "-",
                line.RealisedEdge?.ToDollarString() ?? "-");
        }

        Console(output).Write(table);
        await output.WriteLineAsync("P&L counts positions closed (flat again or settled); open positions are not marked. Edges are per contract.").ConfigureAwait(false);
    }

    /// <summary>Prints the calibration table (model P(YES) bin → realised YES frequency) of each strategy with buy signals, or of one.</summary>
    /// <exception cref="JournalLocationException">The URI is malformed or names no journal.</exception>
    public static async Task PrintCalibrationAsync(string uri, string? strategyId, int bins, int minSamples, string format, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var analysis = await AnalyseAsync(uri, null, cancellationToken).ConfigureAwait(false);
        var strategies = strategyId is null ? analysis.StrategiesWithEntries() : [strategyId];
        var table = new Table()
            .AddColumn("strategy")
            .AddColumn("model P(YES)")
            .AddColumn(new TableColumn("samples").RightAligned())
            .AddColumn(new TableColumn("settled YES").RightAligned())
            .AddColumn(new TableColumn("mean model").RightAligned())
            .AddColumn(new TableColumn("realised").RightAligned())
            .AddColumn(new TableColumn("calibrated (mid-bin)").RightAligned());
        var rows = 0;
        foreach (var id in strategies)
        {
            var calibration = analysis.Calibration(id, bins, minSamples);
            foreach (var bin in calibration.Bins())
            {
                var middle = (bin.From + bin.To) / 2;
                if (format == "json")
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new Dictionary<string, object?>
                    {
                        ["strategy"] = id,
                        ["from"] = bin.From,
                        ["to"] = bin.To,
                        ["samples"] = bin.Samples,
                        ["settled_yes"] = bin.YesOutcomes,
                        ["mean_model"] = bin.Samples == 0 ? null : bin.MeanModel,
                        ["realised"] = bin.Samples == 0 ? null : bin.Realised,
                        ["calibrated_mid_bin"] = calibration.Apply(middle),
                    })).ConfigureAwait(false);
                    continue;
                }

                rows++;
                table.AddRow(
                    Markup.Escape(id),
                    Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"[{bin.From:F2}, {bin.To:F2})")),
                    bin.Samples.ToString(CultureInfo.InvariantCulture),
                    bin.YesOutcomes.ToString(CultureInfo.InvariantCulture),
                    bin.Samples == 0 ? "-" : bin.MeanModel.ToString("F4", CultureInfo.InvariantCulture),
                    bin.Samples == 0 ? "-" : bin.Realised.ToString("F4", CultureInfo.InvariantCulture),
                    calibration.Apply(middle).ToString("F4", CultureInfo.InvariantCulture));
            }
        }

        if (format == "json")
        {
            return;
        }

        if (rows == 0)
        {
            await output.WriteLineAsync("No buy signals in the journal to calibrate from.").ConfigureAwait(false);
            return;
        }

        Console(output).Write(table);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Samples are buy signals in settled markets. calibrated = (settled YES + {minSamples} x p) / (samples + {minSamples}).")).ConfigureAwait(false);
    }

    private static async Task<StrategyJournalAnalysis> AnalyseAsync(string uri, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var registry = new EventRegistry();
        NodeModules.RegisterEvents(registry);
        var analysis = new StrategyJournalAnalysis(since);
        await using var storage = await OpenAsync(uri, cancellationToken).ConfigureAwait(false);
        const int Page = 1000;
        var after = 0L;
        while (true)
        {
            var count = 0;
            await foreach (var row in storage.ReadAllAsync(after, Page, cancellationToken).ConfigureAwait(false))
            {
                count++;
                after = row.Ordering;
                if (Wanted.Contains(row.Manifest))
                {
                    analysis.Add(registry.Deserialize(row.PersistenceId, row.SequenceNr, row.Manifest, row.Payload.Span));
                }
            }

            if (count < Page)
            {
                return analysis;
            }
        }
    }

    private static async Task<IJournalStorage> OpenAsync(string text, CancellationToken cancellationToken)
    {
        JournalUri parsed;
        try
        {
            parsed = JournalUri.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new JournalLocationException(ex.Message);
        }

        if (parsed.Kind == JournalKind.Sqlite && !File.Exists(parsed.Target))
        {
            // Reading must not create an empty journal where the user mistyped a path.
            throw new JournalLocationException($"{parsed.Target}: no journal file there; check --journal (sqlite:PATH)");
        }

        return await JournalStorages.OpenJournalAsync(text, new PersistenceSettings(), cancellationToken).ConfigureAwait(false);
    }

    private static IAnsiConsole Console(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });

        // Eleven columns of figures: at 80 columns (the default when output is redirected) cells would wrap mid-number.
        console.Profile.Width = Math.Max(console.Profile.Width, 160);
        return console;
    }
}
