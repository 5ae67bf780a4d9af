using KalshiActors.Domain.Protocol;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Risk;

/// <summary>
/// After recovery the guardian reads the routers' order events (journal tag <see cref="OrderTag"/>) to learn which orders
/// still rest, which approved intents already became orders and which orders' outcomes are unknown: the routers' journal
/// is the truth about orders, and the guardian must not forget resting exposure across its own restart.
/// </summary>
internal sealed partial class RiskGuardianActor
{
    /// <summary>The tag order routers store every order event under.</summary>
    public const string OrderTag = "order";

    private void CatchUpOnOrders() => RunTask(async () =>
    {
        // Intents submitted and unknown-outcome orders as the routers' journal tells, folded in journal order.
        var submittedIntents = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new Dictionary<string, OrderOutcomeUnknown>(StringComparer.Ordinal);
        var read = 0;

        // The journal holds every event of every order ever sent (hundreds of thousands after a long session), nearly all
        // of them closed long ago: each order's events are folded into its last state first, and only those states touch
        // the exposure ledger, which arrives at the same figures (RunTask holds messages, so positions stay as they are meanwhile).
        var folded = new RestingOrderFold(_ledger);
        try
        {
            await foreach (var page in Persistence.Journal.CurrentEventPagesByTag(OrderTag))
            {
                foreach (var @event in page.Span)
                {
                    if (@event is not OrderLifecycleEvent e)
                    {
                        continue;
                    }

                    read++;
                    folded.Fold(e);
                    switch (e)
                    {
                        case OrderSubmitted s when _pending.Count > 0 && _pending.ContainsKey(s.IntentId.Value):
                            submittedIntents.Add(s.IntentId.Value);
                            break;
                        case OrderOutcomeUnknown u:
                            unknown[u.ClientOrderId.Value] = u;
                            break;
                        case OrderReconciled r:
                            unknown.Remove(r.ClientOrderId.Value);
                            break;
                    }
                }
            }
        }
#pragma warning disable CA1031 // The guardian keeps running on what it has; the error says exposure may be undercounted.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Context.GetLogger().LogError(ex, "Reading the order journal (tag {Tag}) failed after {Read} events; resting orders may be undercounted", OrderTag, read);
        }

        folded.Apply();

        // Repair what a crash between a router's write and the guardian's own could have left behind.
        var now = Clock.GetUtcNow();
        foreach (var id in _pending.Keys.Where(submittedIntents.Contains).ToList())
        {
            Journal(new IntentReleased(_pending[id].Intent.IntentId, "order submitted (found in the order journal)", now), null);
        }

        foreach (var u in unknown.Values.Where(u => !IsBlockedBy(u.Ticker, u.ClientOrderId)))
        {
            Journal(new MarketBlocked(u.Ticker, u.ClientOrderId, u.Reason, now), null);
        }

        foreach (var blocked in _blocked.Values.SelectMany(v => v.Values).Where(b => !unknown.ContainsKey(b.ClientOrderId.Value) && read > 0).ToList())
        {
            Journal(new MarketUnblocked(blocked.Ticker, blocked.ClientOrderId, now), null);
        }

        Context.GetLogger().LogInformation("Risk guardian read {Read} order events: {Resting} orders resting", read, _ledger.RestingCount);
        _ordersCaughtUp = true;
        Stash.UnstashAll();
    });
}
