using System.Text.Json;
using KalshiActors.Hosting.Node;

namespace KalshiActors.Hosting.Tests.Node;

public sealed class MarketDataRecorderTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Observe_WritesOneCompactJsonLinePerMessage_KeepingNonJsonAsText()
    {
        var at = DateTimeOffset.Parse("2026-12-04T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var recorder = MarketDataRecorder.Create(Path.Combine(_temp.Path, "rec"), at);

        recorder.Observe("{\n  \"type\": \"orderbook_delta\",\n  \"seq\": 7\n}"u8, at);
        recorder.Observe("not json"u8, at.AddSeconds(1));
        await recorder.DisposeAsync();

        Assert.Equal(2, recorder.MessagesWritten);
        Assert.EndsWith("market-data-20261204T120000Z.jsonl", recorder.FilePath, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(recorder.FilePath);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(7, first.RootElement.GetProperty("message").GetProperty("seq").GetInt32());
        Assert.Equal(at, first.RootElement.GetProperty("received_at").GetDateTimeOffset());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("not json", second.RootElement.GetProperty("message").GetString());
    }
}
