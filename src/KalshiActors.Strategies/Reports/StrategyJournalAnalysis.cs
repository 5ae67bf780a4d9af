using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Framework;
using KalshiActors.Strategies.Models;

namespace KalshiActors.Strategies.Reports;

/// <summary>One strategy's line of the quality report. Money figures are exact; averages are per contract.</summary>
/// <param name="Signals">Signals raised (entries and exits).</param>
/// <param name="Fills">Fill events of its orders.</param>
/// <param name="ContractsFilled">Contracts bought and sold in those fills.</param>
/// <param name="ClosedPositions">Positions (strategy, market, leg) that are flat again or whose market settled.</param>
/// <param name="Hits">Closed positions that made money after fees.</param>
/// <param name="OpenPositions">Positions still held in unsettled markets (not in the P&amp;L).</param>
/// <param name="PnlAfterFees">P&amp;L of the closed positions: sales and settlement payouts less purchases and every fee.</param>
/// <param name="FeesPaid">Fees of every fill.</param>
/// <param name="AverageEdgeAtEntry">Mean edge after fees per contract the strategy claimed at entry, weighted by contracts filled; null without filled entries.</param>
/// <param name="RealisedEdge">P&amp;L after fees of the closed positions per contract bought in them; null without closed positions.</param>
public sealed record StrategyQualityLine(
    string StrategyId,
    long Signals,
    long Fills,
    Quantity ContractsFilled,
    int ClosedPositions,
    int Hits,
    int OpenPositions,
    Money PnlAfterFees,
    Money FeesPaid,
    Money? AverageEdgeAtEntry,
    Money? RealisedEdge)
{
    /// <summary>Hits / closed positions (null with none closed).</summary>
    public double? HitRate => ClosedPositions == 0 ? null : (double)Hits / ClosedPositions;
}

/// <summary>
/// Reads a journal's strategy story: signals (<c>SignalRaised</c>), the orders they became (<c>OrderSubmitted</c>, by
/// intent id), fills (by client order id, carrying the strategy), settlements (<c>MarketSettled</c>) and arbitrage
/// unwind costs. Feed it the journal's events in order with <see cref="Add"/>, then ask for the report or the
/// calibration tables. P&amp;L counts a position once it is closed: flat again (realised by its sales) or settled (each
/// YES contract pays the settlement value, each NO contract $1 minus it).
/// </summary>
public sealed class StrategyJournalAnalysis
{
    private readonly DateTimeOffset? _since;
    private readonly Dictionary<string, long> _signals = new(StringComparer.Ordinal);
    private readonly Dictionary<IntentId, SignalRaised> _signalByIntent = [];
    private readonly Dictionary<ClientOrderId, IntentId> _intentByOrder = [];
    private readonly Dictionary<MarketTicker, Price> _settled = [];
    private readonly List<SignalRaised> _entrySignals = [];

    // Per (strategy, market, leg): contracts held, cash flow (sales − purchases − fees), contracts bought.
    private readonly Dictionary<(string Strategy, MarketTicker Ticker, Side Side), PositionFlow> _positions = [];
    private readonly Dictionary<string, (long Fills, long Contracts, long Fees, long EdgeUnitsTimesContracts, long EntryContracts)> _fills = new(StringComparer.Ordinal);

    /// <summary>An analysis of the events at or after <paramref name="since"/> (all when null); settlements always count.</summary>
    public StrategyJournalAnalysis(DateTimeOffset? since = null) => _since = since;

    /// <summary>Takes in one journal event (other types are ignored).</summary>
    public void Add(object journalEvent)
    {
        switch (journalEvent)
        {
            case SignalRaised signal when InRange(signal.At):
                _signals[signal.StrategyId] = _signals.GetValueOrDefault(signal.StrategyId) + 1;
                if (signal.IntentId is { } intentId)
                {
                    _signalByIntent[intentId] = signal;
                }

                if (signal.Action == Domain.Action.Buy)
                {
                    _entrySignals.Add(signal);
                }

                break;
            case OrderSubmitted submitted:
                _intentByOrder[submitted.ClientOrderId] = submitted.IntentId;
                break;
            case OrderFilled f when InRange(f.At):
                Fill(f.ClientOrderId, f.StrategyId, f.Ticker, f.Side, f.Action, f.Price, f.Count, f.Fee);
                break;
            case OrderPartiallyFilled p when InRange(p.At):
                Fill(p.ClientOrderId, p.StrategyId, p.Ticker, p.Side, p.Action, p.Price, p.Count, p.Fee);
                break;
            case MarketSettled settled:
                _settled[settled.Ticker] = settled.SettlementValue;
                break;
        }
    }

    /// <summary>One line per strategy that raised a signal or filled an order, by id.</summary>
    public IReadOnlyList<StrategyQualityLine> Report()
    {
        var ids = _signals.Keys.Concat(_fills.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var lines = new List<StrategyQualityLine>();
        foreach (var id in ids)
        {
            var (closed, hits, open, pnl, boughtInClosed) = (0, 0, 0, 0L, 0L);
            foreach (var ((strategy, ticker, side), flow) in _positions)
            {
                if (strategy != id)
                {
                    continue;
                }

                long? result = null;
                if (_settled.TryGetValue(ticker, out var value))
                {
                    var payoutPerContract = side == Side.Yes ? value.Units : Price.UnitsPerDollar - value.Units;
                    result = flow.Cash + (payoutPerContract * flow.Held / Quantity.UnitsPerContract);
                }
                else if (flow.Held == 0)
                {
                    result = flow.Cash;
                }

                if (result is not { } r)
                {
                    open++;
                    continue;
                }

                closed++;
                pnl += r;
                boughtInClosed += flow.Bought;
                if (r > 0)
                {
                    hits++;
                }
            }

            var f = _fills.GetValueOrDefault(id);
            lines.Add(new StrategyQualityLine(
                id,
                _signals.GetValueOrDefault(id),
                f.Fills,
                Quantity.FromUnits(f.Contracts),
                closed,
                hits,
                open,
                Money.FromUnits(pnl),
                Money.FromUnits(f.Fees),
                f.EntryContracts == 0 ? null : Money.FromUnits(f.EdgeUnitsTimesContracts / f.EntryContracts),
                boughtInClosed == 0 ? null : Money.FromUnits(pnl * Quantity.UnitsPerContract / boughtInClosed)));
        }

        return lines;
    }

    /// <summary>
    /// The calibration table of <paramref name="strategyId"/>: its buy signals in settled markets, by model P(YES)
    /// (the signal's probability is of the leg it bought).
    /// </summary>
    public CalibrationTable Calibration(string strategyId, int bins, int minSamples)
    {
        var table = new CalibrationTable(bins, minSamples);
        foreach (var signal in _entrySignals)
        {
            if (signal.StrategyId == strategyId && _settled.TryGetValue(signal.Ticker, out var value))
            {
                table.Add(CalibrationSample.ProbabilityYes(signal), CalibrationSample.SettledYes(value));
            }
        }

        return table;
    }

    /// <summary>Strategies with at least one buy signal, by id.</summary>
    public IReadOnlyList<string> StrategiesWithEntries() =>
        [.. _entrySignals.Select(s => s.StrategyId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private bool InRange(DateTimeOffset at) => _since is not { } since || at >= since;

    private void Fill(ClientOrderId order, string strategyId, MarketTicker ticker, Side side, Domain.Action action, Price price, Quantity count, Money fee)
    {
        var key = (strategyId, ticker, side);
        var flow = _positions.GetValueOrDefault(key) ?? new PositionFlow();
        _positions[key] = flow;
        var notional = price.Units * count.Units / Quantity.UnitsPerContract;
        if (action == Domain.Action.Buy)
        {
            flow.Held += count.Units;
            flow.Bought += count.Units;
            flow.Cash -= notional + fee.Units;
        }
        else
        {
            flow.Held -= count.Units;
            flow.Cash += notional - fee.Units;
        }

        var f = _fills.GetValueOrDefault(strategyId);
        f.Fills++;
        f.Contracts += count.Units;
        f.Fees += fee.Units;
        if (action == Domain.Action.Buy && _intentByOrder.TryGetValue(order, out var intentId) && _signalByIntent.TryGetValue(intentId, out var signal))
        {
            f.EdgeUnitsTimesContracts += signal.EdgeAfterFees.Units * count.Units;
            f.EntryContracts += count.Units;
        }

        _fills[strategyId] = f;
    }

    private sealed class PositionFlow
    {
        public long Held { get; set; }

        public long Bought { get; set; }

        public long Cash { get; set; }
    }
}

/// <summary>How a signal and a settlement become one calibration sample.</summary>
public static class CalibrationSample
{
    /// <summary>The model's P(YES) at the signal (its probability is of the leg it trades).</summary>
    public static double ProbabilityYes(SignalRaised signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal.Side == Side.Yes ? signal.ModelProbability : 1 - signal.ModelProbability;
    }

    /// <summary>Whether a settlement value means YES (a scalar pays YES in proportion; at least half counts as YES).</summary>
    public static bool SettledYes(Price settlementValue) => settlementValue.Units * 2 >= Price.UnitsPerDollar;
}
