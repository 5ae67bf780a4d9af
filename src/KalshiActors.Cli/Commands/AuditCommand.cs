using System.CommandLine;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Replay;

namespace KalshiActors.Cli.Commands;

/// <summary>`audit`: the audit trail of a journal, one row per signal, intent, risk decision, order event, fill, position change, alert, breaker, configuration change and operator command.</summary>
internal static class AuditCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var journal = ReplayCommand.JournalOption();
        var since = new Option<string?>("--since") { Description = "Only rows journaled at or after this time (ISO 8601).", HelpName = "TIME" };
        var until = new Option<string?>("--until") { Description = "Only rows journaled at or before this time (ISO 8601).", HelpName = "TIME" };
        var market = new Option<string?>("--market") { Description = "Only rows about this market ticker.", HelpName = "TICKER" };
        var strategy = new Option<string?>("--strategy") { Description = "Only rows of this strategy instance (order events count for the strategy that submitted the order).", HelpName = "ID" };
        var format = new Option<string>("--format") { Description = "csv (with a header) or json (one object per line).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var command = new Command(
            "audit",
            "Print the audit trail in journal order: signals, intents, risk decisions (reason and figures), order events, fills, position changes, " +
            "alerts, breaker and trading-state changes, configuration changes and operator commands. Events this version does not know appear with their raw JSON.")
        {
            journal, since, until, market, strategy, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var filter = new AuditFilter(
                parse.GetValue(since) is { } s ? ReplayCommand.ParseTime("--since", s) : null,
                parse.GetValue(until) is { } u ? ReplayCommand.ParseTime("--until", u) : null,
                parse.GetValue(market),
                parse.GetValue(strategy));
            if (filter.Since > filter.Until)
            {
                throw new CliUsageException("--since is after --until; nothing could match");
            }

            var uri = parse.GetValue(journal) ?? KalshiActorsConfiguration.Load(global.Sources(parse, environment)).JournalUri;
            try
            {
                await AuditTrail.ExportAsync(uri, filter, parse.GetValue(format)!, environment.Out, cancellationToken).ConfigureAwait(false);
            }
            catch (ReplayException e)
            {
                throw new CliUsageException(e.Message);
            }

            await environment.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            return KalshiActorsCli.Success;
        });
        return command;
    }
}
