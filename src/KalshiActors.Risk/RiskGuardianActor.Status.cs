using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Risk;

/// <summary>The guardian's answer to <see cref="GetRiskStatus"/> (the dashboard's risk panel): state, latches and limit usage.</summary>
internal sealed partial class RiskGuardianActor
{
    private void OnGetRiskStatus()
    {
        var limits = new List<RiskLimitUsage>();
        var equity = _portfolioState?.Equity;
        if (_portfolioState is { } portfolio)
        {
            var dayLoss = _dayStartEquity is { } start && start > portfolio.Equity ? start - portfolio.Equity : Money.Zero;
            limits.Add(Usage("daily-loss", dayLoss.ToDollarString(), _settings.DailyLossLimit.ToDollarString(), dayLoss.Units, _settings.DailyLossLimit.Units));

            // Read-only: the breaker's own peak tracking (DrawdownOf) is left to the portfolio updates.
            var peak = _breakerBaseEquity is { } baseEquity ? (_peakSinceReset is { } seen && seen > baseEquity ? seen : baseEquity) : portfolio.PeakEquity;
            var drawdown = peak.Units <= 0 ? 0m : Math.Max(0m, (decimal)(peak.Units - portfolio.Equity.Units) / peak.Units);
            limits.Add(new RiskLimitUsage("drawdown", Percent(drawdown), Percent(_settings.DrawdownBreakerFraction), Ratio(drawdown, _settings.DrawdownBreakerFraction)));
        }

        var total = _ledger.TotalWorstCase;
        var totalLimit = equity is { } e ? Money.FromUnits((long)Math.Floor(e.Units * _settings.MaxTotalExposureFraction)) : (Money?)null;
        limits.Add(Usage("total-exposure", total.ToDollarString(), totalLimit?.ToDollarString() ?? "unknown", total.Units, totalLimit?.Units ?? 0));
        limits.Add(Usage(
            "concurrent-positions",
            _ledger.ActiveMarkets.ToString(CultureInfo.InvariantCulture),
            _settings.MaxConcurrentPositions.ToString(CultureInfo.InvariantCulture),
            _ledger.ActiveMarkets,
            _settings.MaxConcurrentPositions));
        limits.Add(new RiskLimitUsage("max-dollars-per-order", "-", _settings.MaxDollarsPerOrder.ToDollarString(), 0));
        limits.Add(new RiskLimitUsage("max-contracts-per-order", "-", _settings.MaxContractsPerOrder.ToFixedString(), 0));
        Sender.Tell(new RiskStatus(_state, _stateReason, _killSwitch, _breakerTripped, limits, Clock.GetUtcNow()), Self);
    }

    private static RiskLimitUsage Usage(string name, string used, string limit, long usedUnits, long limitUnits) =>
        new(name, used, limit, limitUnits <= 0 ? 0 : (double)usedUnits / limitUnits);

    private static double Ratio(decimal used, decimal limit) => limit <= 0 ? 0 : (double)(used / limit);
}
