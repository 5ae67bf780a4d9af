using System.CommandLine;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Persistence;

namespace KalshiActors.Cli.Commands;

/// <summary>`journal events` and `journal stats`: read a journal from the shell without knowing its event types.</summary>
internal static class JournalCommand
{
    private static readonly string[] Formats = ["table", "json", "csv"];

    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var journal = new Command("journal", "Inspect an event journal (rows as stored: manifest and JSON payload).");
        journal.Subcommands.Add(Events(global, environment));
        journal.Subcommands.Add(Stats(global, environment));
        return journal;
    }

    private static Option<string?> JournalOption() => new("--journal")
    {
        Description = $"Journal URI: sqlite:PATH, postgres:CONNECTION-STRING (password also via PGPASSWORD) or memory:; default kalshi-actors.persistence.journal-uri ({JournalInspector.DefaultUri}).",
        HelpName = "URI",
    };

    private static Option<string> FormatOption(string fallback)
    {
        var option = new Option<string>("--format") { Description = "Output format: table, json (one object per line) or csv.", DefaultValueFactory = _ => fallback };
        option.AcceptOnlyFromAmong(Formats);
        return option;
    }

    private static Command Events(GlobalOptions global, CliEnvironment environment)
    {
        var uri = JournalOption();
        var persistenceId = new Option<string?>("--persistence-id") { Description = "Only this persistence id; --from/--to are then sequence numbers.", HelpName = "ID" };
        var tag = new Option<string?>("--tag") { Description = "Only events with this tag; --from/--to are then global orderings.", HelpName = "T" };
        var from = new Option<long?>("--from") { Description = "First sequence number (with --persistence-id) or global ordering (otherwise).", HelpName = "N" };
        var to = new Option<long?>("--to") { Description = "Last sequence number or global ordering, inclusive.", HelpName = "N" };
        var format = FormatOption("table");
        var events = new Command("events", "List stored events in order.") { uri, persistenceId, tag, from, to, format };
        events.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(persistenceId);
            var tagName = parse.GetValue(tag);
            if (id is not null && tagName is not null)
            {
                throw new CliUsageException("--persistence-id and --tag cannot be combined; pick one");
            }

            var first = parse.GetValue(from) ?? 1;
            var last = parse.GetValue(to) ?? long.MaxValue;
            if (first < 0 || last < first)
            {
                throw new CliUsageException($"--from {first} --to {last} is not a range; use 0 <= from <= to");
            }

            await Inspect(() => JournalInspector.PrintEventsAsync(
                JournalUriText(parse, uri, global, environment), id, tagName, first, last, parse.GetValue(format)!, environment.Out, cancellationToken)).ConfigureAwait(false);
            return KalshiActorsCli.Success;
        });
        return events;
    }

    private static Command Stats(GlobalOptions global, CliEnvironment environment)
    {
        var uri = JournalOption();
        var format = FormatOption("table");
        var stats = new Command("stats", "Events per persistence id, tag and manifest; size and highest ordering.") { uri, format };
        stats.SetAction(async (parse, cancellationToken) =>
        {
            await Inspect(() => JournalInspector.PrintStatisticsAsync(
                JournalUriText(parse, uri, global, environment), parse.GetValue(format)!, environment.Out, cancellationToken)).ConfigureAwait(false);

            return KalshiActorsCli.Success;
        });
        return stats;
    }

    private static string JournalUriText(ParseResult parse, Option<string?> uri, GlobalOptions global, CliEnvironment environment) =>
        parse.GetValue(uri)
        ?? KalshiActorsConfiguration.Load(global.Sources(parse, environment)).JournalUri;

    private static async Task Inspect(Func<Task> inspection)
    {
        try
        {
            await inspection().ConfigureAwait(false);
        }
        catch (JournalLocationException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }
}
