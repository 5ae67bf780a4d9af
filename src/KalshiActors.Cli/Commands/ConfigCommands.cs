using System.CommandLine;
using KalshiActors.Hosting.Configuration;

namespace KalshiActors.Cli.Commands;

/// <summary>`config show` and `config render`: look at configuration from the shell.</summary>
internal static class ConfigCommands
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var config = new Command("config", "Inspect configuration.");
        config.Subcommands.Add(Show(global, environment));
        config.Subcommands.Add(Render(environment));
        return config;
    }

    private static Command Show(GlobalOptions global, CliEnvironment environment)
    {
        var format = FormatOption("hocon");
        var show = new Command(
            "show",
            "Print the effective configuration (reference.conf < --env < --config < KALSHI_ACTORS__ variables < flags), " +
            "fully resolved and validated, with secrets masked.");
        show.Options.Add(format);
        show.SetAction(parse =>
        {
            var configuration = KalshiActorsConfiguration.Load(global.Sources(parse, environment));
            Write(environment.Out, ConfigurationRendering.Effective(configuration, Format(parse.GetValue(format))));
            return KalshiActorsCli.Success;
        });
        return show;
    }

    private static Command Render(CliEnvironment environment)
    {
        var file = new Argument<string>("FILE") { Description = "The HOCON (or JSON) file to parse and resolve." };
        var format = FormatOption("json");
        var render = new Command(
            "render",
            "Parse and resolve exactly one file (includes relative to it, environment variables as substitution " +
            "fallback, no reference.conf) and print it; JSON keeps keys in file order and numbers as written.");
        render.Arguments.Add(file);
        render.Options.Add(format);
        render.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(file);
            if (!File.Exists(path))
            {
                throw new CliUsageException($"{path}: file not found");
            }

            Write(environment.Out, ConfigurationRendering.File(path, Format(parse.GetValue(format)), environment.Lookup));
            return KalshiActorsCli.Success;
        });
        return render;
    }

    private static Option<string> FormatOption(string defaultFormat)
    {
        var format = new Option<string>("--format")
        {
            Description = "Output syntax: hocon or json.",
            HelpName = "FORMAT",
            DefaultValueFactory = _ => defaultFormat,
        };
        format.AcceptOnlyFromAmong("hocon", "json");
        return format;
    }

    private static ConfigurationFormat Format(string? name) => name == "json" ? ConfigurationFormat.Json : ConfigurationFormat.Hocon;

    private static void Write(TextWriter output, string text)
    {
        output.Write(text);
        if (!text.EndsWith('\n'))
        {
            output.WriteLine();
        }
    }
}
