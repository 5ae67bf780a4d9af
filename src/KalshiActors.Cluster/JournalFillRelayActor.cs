using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Persistence;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Cluster;

/// <summary>
/// Tails the shared journal's "fill" tag and hands every fill to the local portfolio, so each node's portfolio holds the
/// whole account (the portfolio deduplicates by trade id, so its own routers' fills counted twice are booked once). A
/// node taking over a shard therefore already holds that shard's positions.
/// </summary>
internal sealed class JournalFillRelayActor : ReceiveActor
{
    private readonly CancellationTokenSource _stopping = new();
    private long _offset;

    private JournalFillRelayActor(long afterOrdering)
    {
        _offset = afterOrdering;
        Receive<RelayStopped>(m =>
        {
            if (m.Cause is not null)
            {
                Context.GetLogger().LogError(m.Cause, "The cluster fill relay stopped at ordering {Offset}; it restarts", _offset);
                throw new ClusterException("fill relay failed: " + m.Cause.Message);
            }
        });
    }

    /// <summary>Props of the relay, tailing from <paramref name="afterOrdering"/>.</summary>
    public static Props Props(long afterOrdering) => Kernel.Props.Create(() => new JournalFillRelayActor(afterOrdering));

    /// <inheritdoc />
    protected override void PreStart()
    {
        var journal = PersistenceExtension.Get(Context.System).Journal;
        var portfolio = Context.System.ActorSelection(ActorNames.PortfolioPath);
        var token = _stopping.Token;
        var self = Self;
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var envelope in journal.EventsByTag("fill", Volatile.Read(ref _offset), token).ConfigureAwait(false))
                    {
                        if (envelope.Event is OrderPartiallyFilled or OrderFilled)
                        {
                            portfolio.Tell(envelope.Event, ActorRefs.NoSender);
                        }

                        Volatile.Write(ref _offset, envelope.Offset);
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                }
#pragma warning disable CA1031 // Reported to the actor, which fails and is restarted by its supervisor.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    // A pause before the restart, so an unreachable database is not hammered.
                    await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None).ConfigureAwait(false);
                    self.Tell(new RelayStopped(e), ActorRefs.NoSender);
                }
            },
            CancellationToken.None);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private sealed record RelayStopped(Exception? Cause);
}
