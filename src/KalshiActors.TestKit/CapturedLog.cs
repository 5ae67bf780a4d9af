using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace KalshiActors.Testing;

/// <summary>One log entry written during a test.</summary>
/// <param name="Level">Its level.</param>
/// <param name="Category">The logger category.</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Exception">The attached exception, if any.</param>
public sealed record CapturedLog(LogLevel Level, string Category, string Message, Exception? Exception)
{
    /// <summary>Set once an assertion (<c>ExpectError</c>) has accounted for this entry.</summary>
    public bool Expected { get; internal set; }

    /// <summary>True when the entry's exception (or one it wraps) is a <typeparamref name="TException"/>.</summary>
    public bool Carries<TException>()
        where TException : Exception
    {
        for (var e = Exception; e is not null; e = e.InnerException)
        {
            if (e is TException)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Keeps every log entry of a test system (and echoes it to the xunit output when given).</summary>
internal sealed class CapturingLoggerFactory(ITestOutputHelper? output) : ILoggerFactory
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyCollection<CapturedLog> Entries => _entries;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(CapturedLog entry)
    {
        _entries.Enqueue(entry);
        if (output is not null)
        {
            try
            {
                output.WriteLine($"[{entry.Level}] {entry.Category}: {entry.Message}{(entry.Exception is null ? string.Empty : " " + entry.Exception.GetType().Name + ": " + entry.Exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output helper no longer accepts lines.
            }
        }
    }

    private sealed class CapturingLogger(CapturingLoggerFactory owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(new CapturedLog(logLevel, category, formatter(state, exception), exception));
    }
}
