using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Risk;

/// <summary>Cluster mode: the shard lease check, the leased budget and the positions the budget covers.</summary>
internal sealed partial class RiskGuardianActor
{
    // Cluster mode: whether this node holds a live lease on a market's shard; null on a single node.
    private readonly IShardLeaseGate? _leaseGate;

    private (RiskCheck Check, string Reason)? ShardLeaseFailure(OrderIntent intent, SortedList<string, string> figures)
    {
        if (_leaseGate is null)
        {
            return null;
        }

        if (_leaseGate.LeaseEpoch(intent.Ticker) is not { } epoch)
        {
            return (RiskCheck.ShardLease, $"this node holds no live lease on the shard of {intent.Ticker}; another node trades it (or the database is unreachable)");
        }

        figures["lease_epoch"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return null;
    }

    // A cluster node's exposure counts the positions of its own shards only: the portfolio holds the whole account, and
    // every other market's positions are counted in its owner's budget (or, while orphaned, in the dead owner's lease).
    private void ApplyPositions()
    {
        if (_portfolioState is not { } update)
        {
            return;
        }

        var gate = _leaseGate;
        _ledger.SetPositions(gate is null ? update.Positions : [.. update.Positions.Where(p => gate.LeaseEpoch(p.Ticker) is not null)]);
    }

    private void OnUpdateLimits(UpdateRiskLimits update)
    {
        var before = _settings;
        _settings = _settings with
        {
            MaxTotalExposure = update.MaxTotalExposure ?? _settings.MaxTotalExposure,
            MaxConcurrentPositions = update.MaxConcurrentPositions ?? _settings.MaxConcurrentPositions,
        };
        if (before.MaxTotalExposure != _settings.MaxTotalExposure || before.MaxConcurrentPositions != _settings.MaxConcurrentPositions)
        {
            Context.GetLogger().LogInformation(
                "Risk limits updated: total exposure cap {MaxTotalExposure}, concurrent positions {MaxConcurrentPositions} (using {TotalExposure} in {ActiveMarkets} markets)",
                _settings.MaxTotalExposure, _settings.MaxConcurrentPositions, _ledger.TotalWorstCase, _ledger.ActiveMarkets);
        }

        Sender.Tell(new RiskLimitsUpdated(_settings.MaxTotalExposure, _settings.MaxConcurrentPositions, _ledger.TotalWorstCase, _ledger.ActiveMarkets), Self);
    }
}
