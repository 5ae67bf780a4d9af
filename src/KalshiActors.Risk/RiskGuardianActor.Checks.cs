using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using Microsoft.Extensions.Logging;
using Action = KalshiActors.Domain.Action;

namespace KalshiActors.Risk;

/// <summary>The checks every intent goes through, in order; the first that fails names the rejection.</summary>
internal sealed partial class RiskGuardianActor
{
    // More than the figures of any decision (an approval has ~25).
    private const int FiguresCapacity = 32;

    // The figure names of each exposure check, made once (they were concatenated for every intent).
    private static readonly (string Exposure, string Before, string Limit) MarketKeys = Keys("market");
    private static readonly (string Exposure, string Before, string Limit) EventKeys = Keys("event");
    private static readonly (string Exposure, string Before, string Limit) CategoryKeys = Keys("category");
    private static readonly (string Exposure, string Before, string Limit) TotalKeys = Keys("total");

    private void OnIntent(OrderIntent intent)
    {
        var sender = Sender;
        var now = Clock.GetUtcNow();
        // Sorted by name, as they are stored (and so as the journal's bytes have them); a list with room for every figure
        // an approval carries costs two arrays instead of a tree node per figure.
        var figures = new SortedList<string, string>(FiguresCapacity, StringComparer.Ordinal);
        var failure = Evaluate(intent, now, figures);
        if (failure is { } f)
        {
            // Debug, not Information: a strategy retrying into a limit must not flood the log; the journal keeps every rejection.
            Context.GetLogger().LogDebug("Intent {IntentId} rejected by {Check}: {Reason}", intent.IntentId, f.Check, f.Reason);
            Journal(new IntentRejected(intent, f.Check, f.Reason, figures, now), e => sender.Tell(e, Self));
            return;
        }

        // The approval leaves as soon as the decision is handed to the journal, without waiting for its commit: the router
        // stores OrderSubmitted before it sends the order, the journal commits writes in the order it receives them
        // (failing those queued behind a failed one), and the router's write is conditional on the mark taken here (refused
        // if any journal write failed since, however late it arrives), so no order reaches the exchange without its
        // decision stored, and the order path waits for one commit instead of two (none with `order-journaling =
        // write-behind`, where a lost write is made good by the router adopting the order from the exchange). The intent's
        // sender still hears only once it is stored.
        var approved = new IntentApproved(intent, figures, now) { LeaseEpoch = _leaseGate?.LeaseEpoch(intent.Ticker) };
        Journal(approved, e => sender.Tell(e, Self));
        var mark = SendWritesNow();
        SendToExecution(approved with { DecisionWriteMark = mark });
    }

    private (RiskCheck Check, string Reason)? Evaluate(OrderIntent intent, DateTimeOffset now, SortedList<string, string> figures)
    {
        var held = HeldContracts(intent.Ticker, intent.Side);
        var reducing = intent.Action == Action.Sell && held > Quantity.Zero && intent.Count <= held;
        figures["trading_state"] = _state.ToString();
        figures["reducing"] = reducing ? "true" : "false";
        if (ShardLeaseFailure(intent, figures) is { } noLease)
        {
            return noLease;
        }

        if (On(RiskCheck.KillSwitch) && _killSwitch)
        {
            return (RiskCheck.KillSwitch, $"kill switch is on ({_killSwitchReason}); nothing trades until ResetRiskHalt");
        }

        if (On(RiskCheck.DrawdownBreaker) && _breakerTripped && (_settings.DrawdownAction == TradingState.Halted || !reducing))
        {
            figures["drawdown_limit"] = Percent(_settings.DrawdownBreakerFraction);
            return (RiskCheck.DrawdownBreaker, $"drawdown breaker tripped at {Percent(_settings.DrawdownBreakerFraction)} from peak; " +
                (_settings.DrawdownAction == TradingState.Halted ? "halted" : "only reducing intents pass") + " until ResetRiskHalt");
        }

        if (On(RiskCheck.DailyLossLimit))
        {
            var loss = _portfolioState is null ? Money.Zero : DailyLoss(_portfolioState, now);
            figures["daily_loss"] = loss.ToDollarString();
            figures["daily_loss_limit"] = _settings.DailyLossLimit.ToDollarString();
            if ((DailyLossActive(now) || loss >= _settings.DailyLossLimit) && (_settings.DailyLossAction == TradingState.Halted || !reducing))
            {
                return (RiskCheck.DailyLossLimit, $"lost {loss} today, limit {_settings.DailyLossLimit}; " +
                    (_settings.DailyLossAction == TradingState.Halted ? "halted" : "only reducing intents pass") + " until the next trading day");
            }
        }

        if (On(RiskCheck.TradingState) && (_state == TradingState.Halted || (_state == TradingState.Reducing && !reducing)))
        {
            return (RiskCheck.TradingState, $"trading is {_state} ({_stateReason})" + (_state == TradingState.Reducing ? "; only selling held contracts passes" : string.Empty));
        }

        if (On(RiskCheck.MarketNotActive) && MarketStateOf(intent.Ticker) is { } marketState && marketState != MarketState.Active)
        {
            figures["market_state"] = marketState.ToString();
            return (RiskCheck.MarketNotActive, $"market {intent.Ticker} is {marketState}, not open for trading");
        }

        if (On(RiskCheck.UnknownOrderOutcome) && _blocked.TryGetValue(intent.Ticker.Value, out var unknown))
        {
            figures["unknown_orders"] = string.Join(",", unknown.Keys);
            return (RiskCheck.UnknownOrderOutcome, $"market {intent.Ticker} has {unknown.Count} order(s) of unknown outcome ({string.Join(", ", unknown.Keys)}); blocked until reconciled");
        }

        if (On(RiskCheck.CircuitBreakerOpen) &&
            _openBreakers.Values.FirstOrDefault(b => b.AffectedMarkets.Count == 0 || b.AffectedMarkets.Contains(intent.Ticker)) is { } breaker)
        {
            figures["breaker"] = breaker.Dependency;
            figures["breaker_state"] = breaker.To.ToString();
            return (RiskCheck.CircuitBreakerOpen, $"circuit breaker '{breaker.Dependency}' is {breaker.To} ({breaker.Reason})");
        }

        if (On(RiskCheck.ExchangeErrorRate))
        {
            PruneCalls(now);
            figures["exchange_calls"] = _calls.Count.ToString(CultureInfo.InvariantCulture);
            figures["exchange_errors"] = _failedCalls.ToString(CultureInfo.InvariantCulture);
            if (_calls.Count >= _settings.ErrorRateMinCalls && (decimal)_failedCalls / _calls.Count >= _settings.MaxErrorRate)
            {
                var rate = (decimal)_failedCalls / _calls.Count;
                figures["exchange_error_rate"] = Percent(rate);
                return (RiskCheck.ExchangeErrorRate,
                    $"{_failedCalls} of {_calls.Count} exchange calls failed in the last {_settings.ErrorRateWindow} ({Percent(rate)}, limit {Percent(_settings.MaxErrorRate)})");
            }
        }

        if (On(RiskCheck.StaleBook))
        {
            if (!_books.TryGetValue(intent.Ticker, out var book))
            {
                return (RiskCheck.StaleBook, $"no book of {intent.Ticker} has been seen; nothing trades on an unknown book");
            }

            figures["book_status"] = book.ToString();
            if (book != BookStatus.Live)
            {
                return (RiskCheck.StaleBook, $"book of {intent.Ticker} is {book}, not live");
            }
        }

        if (On(RiskCheck.StaleFeed) && intent.InputFeeds.FirstOrDefault(_staleFeeds.ContainsKey) is { } staleFeed)
        {
            figures["stale_feed"] = staleFeed;
            return (RiskCheck.StaleFeed, $"fair-value feed '{staleFeed}' is stale ({_staleFeeds[staleFeed].Reason})");
        }

        figures["limit_price"] = intent.LimitPrice.ToDollarString();
        figures["count"] = intent.Count.ToFixedString();
        if (On(RiskCheck.PriceSanity) && !intent.IsArbitrageLeg)
        {
            if (intent.Action == Action.Buy && intent.LimitPrice >= _settings.MaxBuyPrice)
            {
                return (RiskCheck.PriceSanity, $"buying {intent.Side} at {intent.LimitPrice} (limit below {_settings.MaxBuyPrice}) is only allowed as an arbitrage leg");
            }

            if (intent.Action == Action.Sell && intent.LimitPrice <= _settings.MinSellPrice)
            {
                return (RiskCheck.PriceSanity, $"selling {intent.Side} at {intent.LimitPrice} (limit above {_settings.MinSellPrice}) is only allowed as an arbitrage leg");
            }
        }

        if (On(RiskCheck.MaxContractsPerOrder) && intent.Count > _settings.MaxContractsPerOrder)
        {
            figures["max_contracts_per_order"] = _settings.MaxContractsPerOrder.ToFixedString();
            return (RiskCheck.MaxContractsPerOrder, $"{intent.Count} contracts exceeds the per-order maximum of {_settings.MaxContractsPerOrder}");
        }

        var fees = FeesOf(intent.Ticker);
        var fee = ExposureBook.EstimatedFee(fees, intent.Style, intent.LimitPrice, intent.Count);
        var orderCost = ExposureBook.Notional(intent.LimitPrice, intent.Count) + (intent.Action == Action.Buy ? fee : Money.Zero);
        figures["estimated_fee"] = fee.ToDollarString();
        figures["order_cost"] = orderCost.ToDollarString();
        if (On(RiskCheck.MaxDollarsPerOrder) && orderCost > _settings.MaxDollarsPerOrder)
        {
            figures["max_dollars_per_order"] = _settings.MaxDollarsPerOrder.ToDollarString();
            return (RiskCheck.MaxDollarsPerOrder, $"order cost {orderCost} (price × count + fee) exceeds the per-order maximum of {_settings.MaxDollarsPerOrder}");
        }

        if (reducing)
        {
            // Selling held contracts only lowers exposure; edge and exposure limits would trap the account in its positions.
            return null;
        }

        if (FeeInversion(intent, fee, figures) is { } inverted)
        {
            return inverted;
        }

        return ExposureChecks(intent, held, fees, figures);
    }

    private (RiskCheck, string)? FeeInversion(OrderIntent intent, Money fee, SortedList<string, string> figures)
    {
        if (!On(RiskCheck.FeeInversion))
        {
            return null;
        }

        figures["edge_after_fees"] = intent.EdgeAfterFees.ToDollarString();
        if (intent.EdgeAfterFees <= Money.Zero)
        {
            return (RiskCheck.FeeInversion, $"the strategy's edge after fees is {intent.EdgeAfterFees} per contract; it must be positive");
        }

        if (intent.IsArbitrageLeg)
        {
            // An arbitrage's edge belongs to the group (the legs together pay $1); one leg priced on its own looks inverted.
            return null;
        }

        if (double.IsNaN(intent.ModelProbability) || intent.ModelProbability is < 0 or > 1)
        {
            return (RiskCheck.FeeInversion, $"model probability {intent.ModelProbability.ToString(CultureInfo.InvariantCulture)} is not a probability; the edge cannot be checked");
        }

        // Expected value of the whole order at the limit price with the real fee: buying pays p × $1 per contract for the
        // price; selling receives the price and gives up p × $1.
        var probability = (decimal)intent.ModelProbability;
        var expectedPayout = probability * intent.Count.Units * (Money.UnitsPerDollar / Quantity.UnitsPerContract);
        var notional = ExposureBook.Notional(intent.LimitPrice, intent.Count).Units;
        var edge = intent.Action == Action.Buy ? expectedPayout - notional - fee.Units : notional - expectedPayout - fee.Units;
        var edgeMoney = Money.FromUnits((long)decimal.Floor(edge));
        figures["model_edge_after_real_fee"] = edgeMoney.ToDollarString();
        return edgeMoney <= Money.Zero
            ? (RiskCheck.FeeInversion, $"at {intent.LimitPrice} with a fee of {fee} the order's expected value is {edgeMoney} (model probability " +
                $"{intent.ModelProbability.ToString("0.####", CultureInfo.InvariantCulture)}); the fee eats the edge")
            : null;
    }

    private (RiskCheck, string)? ExposureChecks(OrderIntent intent, Quantity held, Domain.SeriesFeeParameters fees, SortedList<string, string> figures)
    {
        var active = _ledger.ActiveMarkets;
        figures["concurrent_positions"] = active.ToString(CultureInfo.InvariantCulture);
        if (On(RiskCheck.MaxConcurrentPositions) && !_ledger.IsActive(intent.Ticker) && active >= _settings.MaxConcurrentPositions)
        {
            figures["max_concurrent_positions"] = _settings.MaxConcurrentPositions.ToString(CultureInfo.InvariantCulture);
            return (RiskCheck.MaxConcurrentPositions, $"{active} markets already hold positions or orders (maximum {_settings.MaxConcurrentPositions})");
        }

        if (ExposureBook.LegOf(intent.Ticker, intent.EventTicker, intent.Side, intent.Action, intent.LimitPrice, intent.Count, intent.Style, fees, held) is not { } leg)
        {
            return null;
        }

        var equity = _portfolioState?.Equity ?? Money.Zero;
        figures["equity"] = equity.ToDollarString();
        var x = _ledger.WithLeg(leg, intent.EventTicker);
        return ExposureLimit(RiskCheck.MaxPerMarket, MarketKeys, _settings.MaxMarketExposureFraction, x.MarketBefore, x.MarketAfter, equity, intent, x, figures)
            ?? ExposureLimit(RiskCheck.MaxPerEvent, EventKeys, _settings.MaxEventExposureFraction, x.EventBefore, x.EventAfter, equity, intent, x, figures)
            ?? ExposureLimit(RiskCheck.MaxPerCategory, CategoryKeys, _settings.MaxCategoryExposureFraction, x.CategoryBefore, x.CategoryAfter, equity, intent, x, figures)
            ?? ExposureLimit(RiskCheck.TotalExposure, TotalKeys, _settings.MaxTotalExposureFraction, x.TotalBefore, x.TotalAfter, equity, intent, x, figures);
    }

    private static (string Exposure, string Before, string Limit) Keys(string name) => (name + "_exposure", name + "_exposure_before", name + "_limit");

    private (RiskCheck, string)? ExposureLimit(
        RiskCheck check,
        (string Exposure, string Before, string Limit) keys,
        decimal fraction,
        Money before,
        Money worst,
        Money equity,
        OrderIntent intent,
        ExposureFigures x,
        SortedList<string, string> figures)
    {
        if (!On(check))
        {
            return null;
        }

        var limit = ExposureBook.Limit(equity, fraction);
        if (check == RiskCheck.TotalExposure && _settings.MaxTotalExposure is { } cap && cap < limit)
        {
            // A cluster node's leased share of the account-wide limit.
            limit = cap;
        }

        figures[keys.Exposure] = worst.ToDollarString();
        figures[keys.Before] = before.ToDollarString();
        figures[keys.Limit] = limit.ToDollarString();

        // An intent that does not raise the worst case (a hedge) passes even above the limit.
        if (worst <= limit || worst <= before)
        {
            return null;
        }

        // The reason is only written for a rejection.
        var what = check switch
        {
            RiskCheck.MaxPerMarket => $"market {intent.Ticker}",
            RiskCheck.MaxPerEvent => $"event {intent.EventTicker}",
            RiskCheck.MaxPerCategory => $"category '{x.Category}'",
            _ => "all events",
        };
        return (check, equity.Units <= 0
            ? $"equity is {equity} (portfolio not reported yet or empty); no new exposure can be allowed"
            : $"worst-case loss in {what} would be {worst} (now {before}), above the limit of {limit} ({Percent(fraction)} of equity {equity})");
    }

    private Quantity HeldContracts(MarketTicker ticker, Side side) => _ledger.Held(ticker, side);

    private Domain.SeriesFeeParameters FeesOf(MarketTicker ticker) =>
        _markets.TryGetValue(ticker, out var facts) ? facts.Fees : Domain.SeriesFeeParameters.General;

    private MarketState? MarketStateOf(MarketTicker ticker) =>
        _marketStates.TryGetValue(ticker, out var state) ? state : null;

    private bool On(RiskCheck check) => _settings.IsEnabled(check);
}
