using Microsoft.Extensions.Logging;

namespace KalshiActors.Kernel;

/// <summary>An actor's logger: every entry carries the actor path as the structured property <c>ActorPath</c>.</summary>
internal sealed class ActorLogger(ILogger inner, string actorPath) : ILogger
{
    private readonly ActorPathScope _scope = new(actorPath);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        using (inner.BeginScope(_scope))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }

    /// <summary>The scope state: one key/value pair, which Serilog and other providers turn into a property.</summary>
    private sealed class ActorPathScope(string actorPath) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?> _pair = new("ActorPath", actorPath);

        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? _pair : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return _pair;
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "ActorPath:" + actorPath;
    }
}
