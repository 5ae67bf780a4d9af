using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Portfolio;

/// <summary>Live-mode reconciliation of our positions with the exchange's.</summary>
internal sealed partial class PortfolioActor
{
    // The exchange's signed positions (YES positive) by ticker, as last observed; absent = flat (once a full list came).
    private readonly Dictionary<string, Quantity> _exchangePositions = new(StringComparer.Ordinal);

    // A full position list has been observed, so a ticker missing from it is flat at the exchange.
    private bool _exchangeListObserved;

    // Discrepancies seen on one check; only one seen again on the next check is raised (fills in flight settle first).
    private readonly Dictionary<string, (Quantity Ours, Quantity Exchange)> _suspected = new(StringComparer.Ordinal);

    // Discrepancies already raised, so the same one is not raised on every check.
    private readonly Dictionary<string, (Quantity Ours, Quantity Exchange)> _raised = new(StringComparer.Ordinal);

    private void OnExchangePositions(ExchangePositionsObserved observed)
    {
        _exchangePositions.Clear();
        foreach (var position in observed.Positions)
        {
            _exchangePositions[position.Ticker.Value] = position.Position;
        }

        _exchangeListObserved = true;
    }

    private void OnOwnPositionChanged(OwnPositionChanged changed) =>
        _exchangePositions[changed.Position.Ticker.Value] = changed.Position.Position;

    private void Reconcile()
    {
        if (!_exchangeListObserved && _exchangePositions.Count == 0)
        {
            return;
        }

        var tickers = new SortedSet<string>(_exchangePositions.Keys, StringComparer.Ordinal);
        if (_exchangeListObserved)
        {
            foreach (var position in _ledger.Positions)
            {
                if (!position.Contracts.IsZero)
                {
                    tickers.Add(position.Ticker.Value);
                }
            }
        }

        foreach (var key in tickers)
        {
            var ticker = new MarketTicker(key);
            var ours = _ledger.SignedPositionOf(ticker);
            var exchange = _exchangePositions.GetValueOrDefault(key);
            if (ours == exchange)
            {
                _suspected.Remove(key);
                _raised.Remove(key);
                continue;
            }

            var pair = (ours, exchange);
            if (_suspected.TryGetValue(key, out var seen) && seen == pair)
            {
                if (!_raised.TryGetValue(key, out var raised) || raised != pair)
                {
                    _raised[key] = pair;
                    PersistAsync(new PositionDiscrepancyFound(ticker, ours, exchange, Now), AppliedLive);
                }
            }
            else
            {
                _suspected[key] = pair;
            }
        }
    }

    private void PublishDiscrepancy(PositionDiscrepancyFound found)
    {
        Context.GetLogger().LogWarning(
            "Position discrepancy in {Ticker}: ours {OurPosition}, exchange {ExchangePosition}", found.Ticker, found.Ours, found.Exchange);
        Context.System.EventStream.Publish(new AlertRaised(
            string.Create(CultureInfo.InvariantCulture, $"position-discrepancy:{found.Ticker}:{found.At.UtcTicks}"),
            AlertKind.PositionDiscrepancy,
            found.Ticker,
            string.Create(CultureInfo.InvariantCulture, $"Our position in {found.Ticker} is {found.Ours} but the exchange reports {found.Exchange} (YES positive, NO negative)."),
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["ours"] = found.Ours.ToFixedString(),
                ["exchange"] = found.Exchange.ToFixedString(),
                ["difference"] = (found.Ours - found.Exchange).ToFixedString(),
            },
            found.At));
    }
}
