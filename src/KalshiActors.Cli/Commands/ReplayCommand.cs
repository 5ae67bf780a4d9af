using System.CommandLine;
using System.Globalization;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Replay;

namespace KalshiActors.Cli.Commands;

/// <summary>
/// `replay`: rebuilds portfolio, open orders, risk state and the audit trail from a journal through the production actors
/// and prints a summary ending with the state digest; `--verify` compares with a digest the node recorded; `--explain`
/// shows the chain behind one order.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var journal = JournalOption();
        var until = new Option<string?>("--until") { Description = "Stop after the last event journaled at or before this time (ISO 8601, e.g. 2026-12-04T09:30:00Z).", HelpName = "TIME" };
        var untilOrdering = new Option<long?>("--until-ordering") { Description = "Stop after this global ordering (inclusive; see `journal events`).", HelpName = "N" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the text summary." };
        var node = new Option<string?>("--node")
        {
            Description = "A cluster's journal: rebuild this node's state (its own portfolio, risk and digest streams, with every router's).",
            HelpName = "ID",
        };
        var verify = new Option<bool>("--verify")
        {
            Description = "Replay to the ordering of a state digest the node recorded and compare (the latest one, or the latest recorded for --until-ordering N or before, or at --until TIME or before); exit 1 on a mismatch.",
        };
        var explain = new Option<string?>("--explain")
        {
            Description = "Show the chain behind one order: the book the strategy saw, the signal, the risk decision and its figures, the lifecycle, fills, resulting position.",
            HelpName = "CLIENT_ORDER_ID",
        };
        var command = new Command(
            "replay",
            "Rebuild portfolio, open orders, risk state and audit trail from the journal by recovering the production actors on a virtual clock; " +
            "prints a summary and the state digest (comparable with the node's). Nothing is written to the journal.")
        {
            journal, until, untilOrdering, json, verify, explain, node,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var ordering = parse.GetValue(untilOrdering);
            var time = parse.GetValue(until) is { } text ? ParseTime("--until", text) : (DateTimeOffset?)null;
            if (ordering is not null && time is not null)
            {
                throw new CliUsageException("--until and --until-ordering cannot be combined; pick one bound");
            }

            var orderId = parse.GetValue(explain);
            if (orderId is not null && (parse.GetValue(verify) || ordering is not null || time is not null))
            {
                throw new CliUsageException("--explain follows one order through the whole journal; it cannot be combined with --verify, --until or --until-ordering");
            }

            var configuration = KalshiActorsConfiguration.Load(global.Sources(parse, environment));
            var uri = parse.GetValue(journal) ?? configuration.JournalUri;
            var options = new ReplayOptions { JournalUri = uri, UntilOrdering = ordering, UntilTime = time, Node = parse.GetValue(node) };
            var asJson = parse.GetValue(json);
            try
            {
                if (orderId is not null)
                {
                    var explanation = await OrderExplanation.RunAsync(configuration, uri, orderId, null, cancellationToken).ConfigureAwait(false);
                    await WriteAsync(environment.Out, asJson ? [explanation.ToJson()] : explanation.ToLines()).ConfigureAwait(false);
                    return KalshiActorsCli.Success;
                }

                if (parse.GetValue(verify))
                {
                    var verification = await ReplayVerification.RunAsync(configuration, options, null, cancellationToken).ConfigureAwait(false);
                    await WriteAsync(environment.Out, asJson ? [verification.ToJson()] : [.. verification.Replay.ToLines(), verification.ToLine()]).ConfigureAwait(false);
                    return verification.Matches ? KalshiActorsCli.Success : KalshiActorsCli.RuntimeFailure;
                }

                var result = await JournalReplay.RunAsync(configuration, options, null, cancellationToken).ConfigureAwait(false);
                await WriteAsync(environment.Out, asJson ? [result.ToJson()] : result.ToLines()).ConfigureAwait(false);
                return KalshiActorsCli.Success;
            }
            catch (ReplayException e)
            {
                throw new CliUsageException(e.Message);
            }
        });
        return command;
    }

    /// <summary>`--journal`, as `journal events` spells it.</summary>
    internal static Option<string?> JournalOption() => new("--journal")
    {
        Description = "Journal URI: sqlite:PATH or postgres:CONNECTION-STRING; default kalshi-actors.persistence.journal-uri.",
        HelpName = "URI",
    };

    /// <summary>An ISO 8601 time; without an offset it is UTC.</summary>
    internal static DateTimeOffset ParseTime(string option, string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new CliUsageException($"{option} '{text}' is not a time; write ISO 8601 such as 2026-12-04T09:30:00Z");

    private static async Task WriteAsync(TextWriter output, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }

        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }
}
