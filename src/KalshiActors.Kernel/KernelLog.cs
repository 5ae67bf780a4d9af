using Microsoft.Extensions.Logging;

namespace KalshiActors.Kernel;

/// <summary>The kernel's log messages (source-generated, structured).</summary>
internal static partial class KernelLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Actor {ActorPath} failed handling {MessageType}; supervisor directive {Directive}: {Reason}")]
    public static partial void ActorFailed(ILogger logger, Exception exception, string actorPath, string messageType, Directive directive, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Actor {ActorPath} failed again while waiting for its supervisor's decision (or while stopping): {Reason}")]
    public static partial void FailureWhileFailed(ILogger logger, Exception exception, string actorPath, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Actor {ActorPath} threw in {Hook}: {Reason}")]
    public static partial void HookFailed(ILogger logger, Exception exception, string actorPath, string hook, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Message {MessageType} from {Sender} to {Recipient} was not delivered ({Count} dead letters in this window)")]
    public static partial void DeadLetter(ILogger logger, string messageType, string sender, string recipient, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Message {MessageType} from {Sender} to {Recipient} was unhandled ({Count} in this window)")]
    public static partial void Unhandled(ILogger logger, string messageType, string sender, string recipient, int count);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Dead-letter logging paused after {Count} entries until {ResumeAt:o}")]
    public static partial void DeadLettersSuppressed(ILogger logger, int count, DateTimeOffset resumeAt);
}

/// <summary>Logs dead letters and unhandled messages at most <see cref="KernelSettings.LogDeadLetters"/> times per window.</summary>
internal sealed class DeadLetterLogger(ActorSystem system)
{
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _count;

    public void Log(object message, IActorRef? sender, IActorRef recipient, bool unhandled)
    {
        var settings = system.Settings;
        if (settings.LogDeadLetters == 0 || (system.IsTerminating && !settings.LogDeadLettersDuringShutdown))
        {
            return;
        }

        var now = system.TimeProvider.GetUtcNow();
        int count;
        lock (_lock)
        {
            if (now - _windowStart >= settings.DeadLetterLogWindow)
            {
                _windowStart = now;
                _count = 0;
            }

            if (_count > settings.LogDeadLetters)
            {
                return;
            }

            count = ++_count;
        }

        if (count > settings.LogDeadLetters)
        {
            KernelLog.DeadLettersSuppressed(system.Log, settings.LogDeadLetters, _windowStart + settings.DeadLetterLogWindow);
            return;
        }

        var senderText = sender?.Path.ToString() ?? "NoSender";
        if (unhandled)
        {
            KernelLog.Unhandled(system.Log, message.GetType().Name, senderText, recipient.Path.ToString(), count);
        }
        else
        {
            KernelLog.DeadLetter(system.Log, message.GetType().Name, senderText, recipient.Path.ToString(), count);
        }
    }
}

/// <summary>Dead letters: publishes what it receives as <see cref="Kernel.DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef(ActorSystem system) : MinimalActorRef
{
    private ActorPath? _path;

    public override ActorPath Path => _path ??= ActorPath.Root(system.Name).Child("deadLetters");

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter deadLetter)
        {
            system.EventStream.Publish(deadLetter);
            return;
        }

        system.PublishDeadLetter(message, sender, this);
    }
}
