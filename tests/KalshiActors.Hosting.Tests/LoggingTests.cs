using System.Text.Json;
using KalshiActors.Hosting.Logging;
using KalshiActors.Hosting.Settings;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace KalshiActors.Hosting.Tests;

public sealed class LoggingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static LoggingSettings Settings(bool file, LogEventLevel level = LogEventLevel.Information,
        IReadOnlyDictionary<string, LogEventLevel>? overrides = null) => new()
    {
        Level = level,
        Overrides = overrides ?? new Dictionary<string, LogEventLevel>(),
        Console = new ConsoleLogSettings { Enabled = false, Template = "{Message}" },
        File = new FileLogSettings
        {
            Enabled = file,
            Path = "logs/test-.json",
            Rolling = RollingInterval.Day,
            RetainedFiles = 2,
            SizeLimit = 1024 * 1024,
        },
    };

    private sealed class CollectingSink : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    private sealed record Credentials(string KeyId, string PrivateKey, Nested Inner);

    private sealed record Nested(string ApiToken, int Count);

    [Fact]
    public void CreateLogger_SecretNamedProperties_AreMaskedAtEveryDepth()
    {
        var sink = new CollectingSink();
        using (var logger = KalshiActorsLogging.CreateLogger(Settings(file: false), _temp.Path, c => c.WriteTo.Sink(sink)))
        {
            logger.Information(
                "login {KeyId} with {Password} and {@Credentials}",
                "key-1",
                "hunter2",
                new Credentials("key-1", "-----BEGIN PRIVATE KEY-----", new Nested("tok-123", 3)));
        }

        var logEvent = Assert.Single(sink.Events);
        var rendered = logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("hunter2", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("BEGIN PRIVATE KEY", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("tok-123", rendered, StringComparison.Ordinal);
        Assert.Contains("key-1", rendered, StringComparison.Ordinal);
        Assert.Contains("Count: 3", rendered, StringComparison.Ordinal);
        Assert.Equal("\"***\"", logEvent.Properties["Password"].ToString());
    }

    [Fact]
    public void CreateLogger_LevelsAndOverrides_DecideWhichEventsAreWritten()
    {
        var sink = new CollectingSink();
        var overrides = new Dictionary<string, LogEventLevel> { ["Noisy"] = LogEventLevel.Error, ["Chatty.Detail"] = LogEventLevel.Debug };
        using (var logger = KalshiActorsLogging.CreateLogger(Settings(file: false, LogEventLevel.Information, overrides), _temp.Path, c => c.WriteTo.Sink(sink)))
        {
            logger.Debug("default debug is below information");
            logger.Information("default information passes");
            logger.ForContext(Constants.SourceContextPropertyName, "Noisy.Component").Warning("noisy warning is below error");
            logger.ForContext(Constants.SourceContextPropertyName, "Noisy.Component").Error("noisy error passes");
            logger.ForContext(Constants.SourceContextPropertyName, "Chatty.Detail.Part").Debug("chatty debug passes");
        }

        Assert.Equal(
            ["default information passes", "noisy error passes", "chatty debug passes"],
            sink.Events.Select(e => e.MessageTemplate.Text));
    }

    [Fact]
    public void CreateLogger_FileEnabled_WritesOneJsonObjectPerLineUnderTheRelativePath()
    {
        using (var logger = KalshiActorsLogging.CreateLogger(Settings(file: true), _temp.Path))
        {
            logger.Information("order {ClientOrderId} with {ApiSecret}", "c-1", "s3cr3t");
        }

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_temp.Path, "logs"), "test-*.json"));
        var line = Assert.Single(File.ReadAllLines(file));
        Assert.DoesNotContain("s3cr3t", line, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(line);
        Assert.Equal("Information", json.RootElement.GetProperty("Level").GetString());
        Assert.Equal("c-1", json.RootElement.GetProperty("Properties").GetProperty("ClientOrderId").GetString());
        Assert.Equal("***", json.RootElement.GetProperty("Properties").GetProperty("ApiSecret").GetString());
        Assert.Contains("c-1", json.RootElement.GetProperty("RenderedMessage").GetString(), StringComparison.Ordinal);
    }
}
