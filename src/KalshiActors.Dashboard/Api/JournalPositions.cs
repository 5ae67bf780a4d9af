using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;
using KalshiActors.Persistence.Journal;

namespace KalshiActors.Dashboard.Api;

/// <summary>
/// The account's positions folded from the journal's "fill" tag: in a cluster the journal is shared, so these are every
/// node's fills, whichever node answers (its portfolio may lag, or count only what it relayed since it started). Each
/// request folds the fills written since the previous one; a fill is counted once by trade id (a shard taken over may
/// see its fills journaled again by reconciliation).
/// </summary>
internal sealed class JournalPositions(EventJournal journal) : IDisposable
{
    private readonly SemaphoreSlim _folding = new(1, 1);
    private readonly SortedDictionary<string, Tally> _markets = new(StringComparer.Ordinal);
    private readonly HashSet<string> _trades = new(StringComparer.Ordinal);
    private long _offset;

    /// <summary>The positions now (markets ever traded, flat ones included) and the number of distinct fills they hold.</summary>
    public async Task<(IReadOnlyList<ClusterPositionRow> Positions, long Fills)> ReadAsync(CancellationToken cancellationToken)
    {
        await _folding.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var envelope in journal.CurrentEventsByTag("fill", _offset, cancellationToken).ConfigureAwait(false))
            {
                switch (envelope.Event)
                {
                    case OrderPartiallyFilled f:
                        Add(f.TradeId, f.Ticker, f.StrategyId, f.Side, f.Action, f.Count, f.Fee, f.At);
                        break;
                    case OrderFilled f:
                        Add(f.TradeId, f.Ticker, f.StrategyId, f.Side, f.Action, f.Count, f.Fee, f.At);
                        break;
                }

                _offset = envelope.Offset;
            }

            return ([.. _markets.Select(m => m.Value.Row(m.Key))], _trades.Count);
        }
        finally
        {
            _folding.Release();
        }
    }

    private void Add(string tradeId, MarketTicker ticker, string strategyId, Side side, Domain.Action action, Quantity count, Money fee, DateTimeOffset at)
    {
        if (!_trades.Add(tradeId))
        {
            return;
        }

        if (!_markets.TryGetValue(ticker.Value, out var tally))
        {
            _markets[ticker.Value] = tally = new Tally();
        }

        // Buying YES or selling NO adds YES exposure; buying NO or selling YES takes it away.
        tally.Position += (side == Side.Yes) == (action == Domain.Action.Buy) ? count : -count;
        tally.Fees += fee;
        tally.Fills++;
        tally.Strategies.Add(strategyId);
        tally.LastFillAt = at > tally.LastFillAt ? at : tally.LastFillAt;
    }

    /// <inheritdoc />
    public void Dispose() => _folding.Dispose();

    private sealed class Tally
    {
        public Quantity Position { get; set; }

        public Money Fees { get; set; }

        public long Fills { get; set; }

        public SortedSet<string> Strategies { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset LastFillAt { get; set; }

        public ClusterPositionRow Row(string ticker)
        {
            var side = Position.Units switch { > 0 => "yes", < 0 => "no", _ => "flat" };
            var held = Position.Units < 0 ? -Position : Position;
            return new ClusterPositionRow(ticker, Position.ToFixedString(), side, held.ToFixedString(), Fills, Fees.ToDollarString(), [.. Strategies], LastFillAt);
        }
    }
}
