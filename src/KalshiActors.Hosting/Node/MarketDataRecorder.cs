using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// Writes every market-data message the node receives to a JSONL file (`run --record DIR`), one
/// <c>{"received_at": ..., "message": {...}}</c> object per line, for backtests. The socket's read loop only copies the
/// bytes into a queue; a background task formats and writes them, so recording never slows the feed.
/// </summary>
public sealed class MarketDataRecorder : IAsyncDisposable
{
    private readonly Channel<(byte[] Frame, DateTimeOffset ReceivedAt)> _frames =
        Channel.CreateUnbounded<(byte[] Frame, DateTimeOffset ReceivedAt)>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Stream _file;
    private readonly Task _writer;
    private long _written;

    private MarketDataRecorder(string path, Stream file)
    {
        FilePath = path;
        _file = file;
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The JSONL file being written.</summary>
    public string FilePath { get; }

    /// <summary>Messages written so far.</summary>
    public long MessagesWritten => Interlocked.Read(ref _written);

    /// <summary>Creates <paramref name="directory"/> if needed and opens a new file named after <paramref name="startedAt"/>.</summary>
    public static MarketDataRecorder Create(string directory, DateTimeOffset startedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var stamp = startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var path = Path.GetFullPath(Path.Combine(directory, $"market-data-{stamp}.jsonl"));
        for (var n = 1; File.Exists(path); n++)
        {
            path = Path.GetFullPath(Path.Combine(directory, $"market-data-{stamp}-{n}.jsonl"));
        }

        return new MarketDataRecorder(path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 64 * 1024, useAsync: true));
    }

    /// <summary>Queues one received message (copied); called from the socket's read loop.</summary>
    public void Observe(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt) => _frames.Writer.TryWrite((frame.ToArray(), receivedAt));

    /// <summary>Writes what is queued and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _frames.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        using var line = new MemoryStream();
        var reader = _frames.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var item))
            {
                line.SetLength(0);
                Format(line, item.Frame, item.ReceivedAt);
                await _file.WriteAsync(line.GetBuffer().AsMemory(0, (int)line.Length)).ConfigureAwait(false);
                Interlocked.Increment(ref _written);
            }

            await _file.FlushAsync().ConfigureAwait(false);
        }
    }

    // Re-serialised compactly so a message that arrived with line breaks still takes exactly one line; a message that is
    // not JSON is kept as a string rather than dropped.
    private static void Format(Stream output, byte[] frame, DateTimeOffset receivedAt)
    {
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("received_at", receivedAt);
            writer.WritePropertyName("message");
            try
            {
                using var document = JsonDocument.Parse(frame);
                document.WriteTo(writer);
            }
            catch (JsonException)
            {
                writer.WriteStringValue(Encoding.UTF8.GetString(frame));
            }

            writer.WriteEndObject();
        }

        output.WriteByte((byte)'\n');
    }
}
