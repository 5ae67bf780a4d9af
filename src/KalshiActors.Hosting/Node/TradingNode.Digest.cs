using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Hosting.Node;

/// <summary>The node's state digest on record: logged and journaled periodically and at shutdown, for `replay --verify`.</summary>
public sealed partial class TradingNode
{
    private readonly CancellationTokenSource _digestStopping = new();
    private Task _digestLoop = Task.CompletedTask;
    private IActorRef? _digestRecorder;

    /// <summary>
    /// Takes the digest now, logs it with the journal ordering it covers and stores it as <see cref="StateDigestRecorded"/>.
    /// The parts are collected at a quiet moment of the journal (<see cref="QuietCut"/>), so a replay to that ordering holds
    /// exactly the events they hold; a node too busy for one records the digest as taken, with a warning.
    /// </summary>
    public async Task<StateDigestRecorded> RecordDigestAsync(string reason, CancellationToken cancellationToken)
    {
        var persistence = PersistenceExtension.Get(System);
        var cut = await QuietCut.TakeAsync(
            () => HighestOrderingAsync(cancellationToken),
            () => persistence.WhenWrittenAsync(_settings.ShutdownStepTimeout),
            () => DigestPartsAsync(cancellationToken),
            Time,
            cancellationToken).ConfigureAwait(false);
        if (!cut.Quiet)
        {
            DigestLog.NoQuietCut(_logger, reason, cut.Attempts, cut.Ordering);
        }

        var parts = cut.Value;
        var ordering = cut.Ordering;
        var digest = StateDigest.Compute(parts);
        var recorded = new StateDigestRecorded(
            digest,
            ordering,
            reason,
            parts.ToDictionary(p => p.Component, StateDigest.HashPart, StringComparer.Ordinal),
            Time.GetUtcNow());
        DigestLog.Recorded(_logger, reason, digest, ordering);
        if (_digestRecorder is { } recorder)
        {
            try
            {
                await recorder.Ask<StateDigestRecorded>(recorded, _settings.ShutdownStepTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (AskTimeoutException e)
            {
                // The digest is still logged and returned; only `replay --verify` misses this record.
                DigestLog.NotJournaled(_logger, e, reason, e.Message);
            }
        }

        return recorded;
    }

    private void StartDigestRecording()
    {
        _digestRecorder = System.ActorOf(StateDigestRecorderActor.Props(), StateDigestRecorderActor.Name);
        if (_settings.DigestInterval <= TimeSpan.Zero)
        {
            return;
        }

        var token = _digestStopping.Token;
        _digestLoop = Task.Run(
            async () =>
            {
                while (!token.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(_settings.DigestInterval, Time, token).ConfigureAwait(false);
                        await RecordDigestAsync("periodic", token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        return;
                    }
#pragma warning disable CA1031 // A failed periodic digest is logged; the next period tries again and shutdown records one anyway.
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        DigestLog.PeriodicFailed(_logger, e, e.Message);
                    }
                }
            },
            CancellationToken.None);
    }

    private async Task StopDigestRecordingAsync()
    {
        await _digestStopping.CancelAsync().ConfigureAwait(false);
        await _digestLoop.ConfigureAwait(false);
    }

    // The journal's highest ordering now: from where the status tail has read, to the end (a few rows, not a statistics scan).
    private async Task<long> HighestOrderingAsync(CancellationToken cancellationToken)
    {
        var highest = Interlocked.Read(ref _tailOffset);
        await foreach (var envelope in Journal.CurrentAllEvents(highest, cancellationToken).ConfigureAwait(false))
        {
            highest = Math.Max(highest, envelope.Offset);
        }

        return highest;
    }

    private static partial class DigestLog
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "State digest ({Reason}): state-digest={Digest} at journal ordering {Ordering}")]
        public static partial void Recorded(ILogger logger, string reason, string digest, long ordering);

        [LoggerMessage(Level = LogLevel.Warning, Message = "State digest ({Reason}) was not journaled: {Error}")]
        public static partial void NotJournaled(ILogger logger, Exception exception, string reason, string error);

        [LoggerMessage(
            Level = LogLevel.Warning,
            Message = "State digest ({Reason}): the journal kept moving while the parts were collected ({Attempts} attempts); recorded as taken at ordering {Ordering}, so `replay --verify` of this one may differ")]
        public static partial void NoQuietCut(ILogger logger, string reason, int attempts, long ordering);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Periodic state digest failed: {Reason}; trying again next period")]
        public static partial void PeriodicFailed(ILogger logger, Exception exception, string reason);
    }
}
