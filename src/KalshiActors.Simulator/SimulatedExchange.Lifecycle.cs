using KalshiActors.Simulator.Ledger;
using KalshiActors.Simulator.Markets;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator;

/// <summary>Market lifecycle: initialized -> active -> closed -> determined -> finalized (settled).</summary>
internal sealed partial class SimulatedExchange
{
    private void UpdateLifecycle(SimMarket market, DateTimeOffset now)
    {
        if (market.Status == MarketStatus.Initialized && now >= market.OpenTime)
        {
            market.Status = MarketStatus.Active;
            market.UpdatedAt = now;
            Feed?.Lifecycle(market, "activated", now);
        }

        if (market.Status is MarketStatus.Active or MarketStatus.Inactive && now >= market.CloseTime)
        {
            CloseMarket(market, now);
        }

        if (market.Status == MarketStatus.Closed && market.Result.Length == 0)
        {
            DetermineGroup(market.Group, null, now);
        }

        if (market.Status == MarketStatus.Determined && market.DeterminedAt is { } determined && now >= determined + Settings.SettlementTimer)
        {
            SettleMarket(market, now);
        }
    }

    private void CloseMarket(SimMarket market, DateTimeOffset now)
    {
        RunOnMarket(market, now, () => market.Book.CancelAll(CancelReason.MarketClosed, now, this));
        market.Status = MarketStatus.Closed;
        market.UpdatedAt = now;
    }

    private void DetermineGroup(MarketGroup group, IReadOnlyDictionary<string, bool>? forced, DateTimeOffset now)
    {
        var drawn = group.Resolve(random);
        foreach (var market in group.Markets)
        {
            if (market.Result.Length > 0)
            {
                continue;
            }

            var yes = forced is not null && forced.TryGetValue(market.Ticker, out var overridden) ? overridden : drawn[market.Ticker];

            if (market.Status is MarketStatus.Active or MarketStatus.Inactive or MarketStatus.Initialized)
            {
                CloseMarket(market, now);
            }

            market.Result = yes ? "yes" : "no";
            market.Status = MarketStatus.Determined;
            market.DeterminedAt = now;
            market.UpdatedAt = now;
            Feed?.Lifecycle(market, "determined", now);
        }
    }

    private void SettleMarket(SimMarket market, DateTimeOffset now)
    {
        var yesWins = market.Result == "yes";
        foreach (var account in accounts.Values)
        {
            if (!account.Positions.TryGetValue(market.Ticker, out var position))
            {
                continue;
            }

            var yesCount = Math.Max(0, position.Position);
            var noCount = Math.Max(0, -position.Position);
            var winning = yesWins ? yesCount : noCount;
            var revenueMicros = Units.Cost(Units.PriceScale, winning);
            account.BalanceMicros += revenueMicros;
            account.Settlements.Add(new SettlementRecord(
                market.Ticker,
                market.EventTicker,
                market.Group.ExchangeIndex,
                market.Result,
                yesCount,
                yesCount > 0 ? position.CostMicros : 0,
                noCount,
                noCount > 0 ? position.CostMicros : 0,
                revenueMicros / 10_000,
                0,
                yesWins ? 100 : 0,
                now));
            position.RealizedPnlMicros += revenueMicros - position.CostMicros;
            position.CostMicros = 0;
            position.Position = 0;
            position.LastUpdated = now;
            account.Positions.Remove(market.Ticker);
            Feed?.PositionChanged(account, position);
        }

        market.OpenInterest = 0;
        market.Status = MarketStatus.Finalized;
        market.SettledAt = now;
        market.UpdatedAt = now;
        Feed?.Lifecycle(market, "settled", now);
    }

    /// <summary>
    /// Fault: closes the market's whole event now, sets the results (the given one for this market, or drawn) and pays out
    /// at once, without waiting for the settlement timer.
    /// </summary>
    public bool SettleEarly(string ticker, bool? yes, DateTimeOffset now)
    {
        lock (Sync)
        {
            if (!markets.TryGetValue(ticker, out var market) || market.Status == MarketStatus.Finalized)
            {
                return false;
            }

            IReadOnlyDictionary<string, bool>? forced = null;
            if (yes is { } result)
            {
                forced = market.Group.MutuallyExclusive && result
                    ? market.Group.Markets.ToDictionary(m => m.Ticker, m => m.Ticker == ticker, StringComparer.Ordinal)
                    : new Dictionary<string, bool>(StringComparer.Ordinal) { [ticker] = result };
            }

            if (market.Status is MarketStatus.Active or MarketStatus.Inactive or MarketStatus.Initialized)
            {
                market.CloseTime = now;
                Feed?.Lifecycle(market, "close_date_updated", now);
            }

            DetermineGroup(market.Group, forced, now);
            foreach (var sibling in market.Group.Markets.Where(m => m.Status == MarketStatus.Determined))
            {
                SettleMarket(sibling, now);
            }

            return true;
        }
    }
}
