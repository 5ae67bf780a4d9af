using System.CommandLine;
using System.Globalization;
using KalshiActors.Hosting.Configuration;
using KalshiActors.Hosting.Exchange;
using KalshiActors.Hosting.Settings;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Cli.Commands;

/// <summary>`auth sign` and `auth check`: debug request signing and the configured API key.</summary>
internal static class AuthCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment environment)
    {
        var auth = new Command("auth", "Debug Kalshi API authentication.");
        auth.Subcommands.Add(Sign(environment));
        auth.Subcommands.Add(Check(global, environment));
        return auth;
    }

    private static Command Sign(CliEnvironment environment)
    {
        var keyFile = new Option<string>("--key-file") { Description = "RSA private key PEM (PKCS#1 or PKCS#8).", HelpName = "PEM", Required = true };
        var method = new Option<string>("--method") { Description = "HTTP method, e.g. GET.", HelpName = "M", Required = true };
        var path = new Option<string>("--path") { Description = "Request path from the host root, e.g. /trade-api/v2/portfolio/balance (a query string is cut off).", HelpName = "P", Required = true };
        var timestamp = new Option<long?>("--timestamp") { Description = "Unix time in milliseconds to sign (default: now).", HelpName = "MS" };
        var keyId = new Option<string?>("--key-id") { Description = "API key id to print in the key header (default: $KALSHI_API_KEY_ID).", HelpName = "ID" };
        var sign = new Command("sign", "Print the string to sign and the three KALSHI-ACCESS-* headers, for a curl request.");
        sign.Options.Add(keyFile);
        sign.Options.Add(method);
        sign.Options.Add(path);
        sign.Options.Add(timestamp);
        sign.Options.Add(keyId);
        sign.SetAction(parse =>
        {
            var file = parse.GetRequiredValue(keyFile);
            if (!File.Exists(file))
            {
                throw new CliUsageException($"--key-file {file}: file not found");
            }

            var signedPath = parse.GetRequiredValue(path);
            if (!signedPath.StartsWith('/'))
            {
                throw new CliUsageException($"--path {signedPath}: give the path from the host root, starting with '/', e.g. /trade-api/v2/portfolio/balance");
            }

            if (!signedPath.StartsWith("/trade-api/", StringComparison.Ordinal))
            {
                environment.Error.WriteLine("warning: the exchange signs the full path including /trade-api/v2 (or /trade-api/ws/v2); this path lacks it");
            }

            var ms = parse.GetValue(timestamp) ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var id = parse.GetValue(keyId) ?? environment.Lookup("KALSHI_API_KEY_ID");
            using var loggers = StderrLoggers(environment);
            var preview = AuthDiagnostics.Sign(file, id, parse.GetRequiredValue(method), signedPath, ms, loggers.CreateLogger("KalshiActors.Cli.Auth"));
            environment.Out.WriteLine($"string to sign: {preview.StringToSign}");
            environment.Out.WriteLine(preview.KeyHeaderLine);
            environment.Out.WriteLine(preview.TimestampHeaderLine);
            environment.Out.WriteLine(preview.SignatureHeaderLine);
            return KalshiActorsCli.Success;
        });
        return sign;
    }

    private static Command Check(GlobalOptions global, CliEnvironment environment)
    {
        var exchange = new Option<string?>("--exchange")
        {
            Description = "Exchange environment to call: production, demo or simulator (default: kalshi-actors.exchange.environment; `--env demo|live` layers those environment files).",
            HelpName = "NAME",
        };
        exchange.AcceptOnlyFromAmong([.. ExchangeSettings.Environments]);
        var check = new Command("check", "Call the balance endpoint with the configured key and explain a failure (clock skew, wrong environment's key, signing).");
        check.Options.Add(exchange);
        check.SetAction(async (parse, cancellationToken) =>
        {
            var sources = global.Sources(parse, environment);
            if (parse.GetValue(exchange) is { } chosen)
            {
                sources = sources with { Overrides = [.. sources.Overrides, new SettingOverride($"{ExchangeSettings.SectionPath}.environment", chosen, "--exchange")] };
            }

            var configuration = KalshiActorsConfiguration.Load(sources);
            var settings = configuration.Settings.Exchange;
            var keyId = environment.Lookup(settings.KeyIdEnvironmentVariable);
            var keyFile = environment.Lookup(settings.KeyFileEnvironmentVariable);
            if (string.IsNullOrWhiteSpace(keyId) || string.IsNullOrWhiteSpace(keyFile))
            {
                throw new CliUsageException(
                    $"set {settings.KeyIdEnvironmentVariable} (API key id) and {settings.KeyFileEnvironmentVariable} (path of the private key PEM) for the '{settings.Environment}' exchange");
            }

            if (!File.Exists(keyFile))
            {
                throw new CliUsageException($"{settings.KeyFileEnvironmentVariable}: {keyFile}: file not found");
            }

            using var loggers = StderrLoggers(environment);
            var result = await AuthDiagnostics.CheckAsync(settings, keyId, keyFile, TimeProvider.System, loggers, cancellationToken).ConfigureAwait(false);
            await environment.Out.WriteLineAsync(result.Summary).ConfigureAwait(false);
            foreach (var line in result.Explanations)
            {
                await environment.Out.WriteLineAsync($"  likely cause: {line}").ConfigureAwait(false);
            }

            return result.Succeeded ? KalshiActorsCli.Success : KalshiActorsCli.RuntimeFailure;
        });
        return check;
    }

    // Warnings (e.g. a key file readable by others) go to stderr as one line each; nothing about the key is ever logged.
    private static ILoggerFactory StderrLoggers(CliEnvironment environment) =>
        LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Warning).AddProvider(new StderrLoggerProvider(environment.Error)));

    private sealed class StderrLoggerProvider(TextWriter error) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new StderrLogger(error);

        public void Dispose()
        {
        }
    }

    private sealed class StderrLogger(TextWriter error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{logLevel.ToString().ToLowerInvariant()}: {formatter(state, exception)}"));
    }
}
