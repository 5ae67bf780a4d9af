using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Sizing;
using Microsoft.Extensions.Logging;
using TradeAction = KalshiActors.Domain.Action;

namespace KalshiActors.Strategies.Framework;

/// <summary>From an update to a signal and an intent.</summary>
internal sealed partial class StrategyActor : IFairValueInputs
{
    public SpotPriceObserved? FreshSpot(string underlying) =>
        _spots.TryGetValue(underlying, out var spot) && IsFresh(spot) ? spot : null;

    public GameStateObserved? FreshGame(EventTicker eventTicker) =>
        _games.TryGetValue(eventTicker, out var game) && IsFresh(game) ? game : null;

    private bool IsFresh(FairValueObservation observation) =>
        !_staleFeeds.Contains(observation.Source) && Now - observation.ReceivedAt <= Parameters.MaxFeedAge;

    private void Evaluate(MarketTicker ticker)
    {
        // Cheap refusals first: this runs on every book update of every market.
        if (!Enabled || _pending.ContainsKey(ticker) || _portfolio is null
            || !_catalog.TryGetValue(ticker, out var market) || market.State != MarketState.Active
            || !Instance.Trades(ticker.Value, market.SeriesTicker.Value)
            || !_books.TryGetValue(ticker, out var book) || !book.IsTradable)
        {
            return;
        }

        var now = Now;
        var context = new ModelContext(market, book, Parameters, this, now, _model is IExitRule ? _positions : null);
        if (_model is IExitRule exits && _positions.TryGetValue(ticker, out var own))
        {
            if (exits.Exit(context, own) is { } exit)
            {
                RaiseExit(market, own, exit, now);
            }

            return;
        }

        if (_lastSignalAt.TryGetValue(ticker, out var last) && now - last < Parameters.Cooldown)
        {
            return;
        }

        if (_model.Estimate(context) is not { } estimate || AnyStale(estimate.InputFeeds))
        {
            return;
        }

        if (Parameters.Calibration.Enabled && Instance.Kind == Settings.StrategyKind.ExpectedValue)
        {
            var table = Calibration();
            var raw = estimate.ProbabilityYes;
            estimate = estimate with { ProbabilityYes = table.Apply(raw), Basis = new EstimateBasis(CalibratedBasis, new Func<string>(estimate.Basis.Render), table, raw) };
        }

        SideQuote? quote;
        try
        {
            quote = estimate.OnlySide is { } only
                ? SideEdge.Quote(only, estimate.ProbabilityYes, book.Top, Parameters.IsTaker, market.Fees, market.Ticks) is { } one && one.Edge >= Parameters.MinEdge ? one : null
                : SideEdge.Best(estimate.ProbabilityYes, book.Top, Parameters.IsTaker, market.Fees, market.Ticks, Parameters.MinEdge);
        }
        catch (UnsupportedFeeTypeException ex)
        {
            if (_unpriceable.Add(ticker))
            {
                Log.LogWarning("Strategy {StrategyId} cannot price {Ticker}: {Reason}", Instance.Id, ticker, ex.Message);
            }

            return;
        }

        if (quote is null)
        {
            return;
        }

        // Positions are signed (NO holdings may be negative); what counts against the cap is the size held of this leg.
        var held = Held(ticker, quote.Side);

        // The rationale's line is formatted only for a size that trades: most edges size to nothing (cap reached, tiny
        // bankroll share), and formatting is the dearest part of an evaluation.
        if (KellySizer.Contracts(quote.Probability, quote.Price, quote.FeePerContract, _portfolio.Equity, _portfolio.Drawdown, Parameters.Sizing, held, quote.Available).Units <= 0)
        {
            return;
        }

        var sizing = KellySizer.Size(quote.Probability, quote.Price, quote.FeePerContract, _portfolio.Equity, _portfolio.Drawdown, Parameters.Sizing, held, quote.Available);
        RaiseSignal(market, book, estimate, quote, sizing, now);
    }

    // Its own method: the log line's lambda captures the estimate and the quote, and captured locals of Evaluate would be
    // allocated on every evaluation, not only for a signal.
    private void RaiseSignal(MarketInfo market, MarketBook book, ModelEstimate estimate, SideQuote quote, SizingRationale sizing, DateTimeOffset now)
    {
        var ticker = market.Ticker;
        var number = SignalsRaised + 1;
        var intentId = IntentId.For(Instance.Id, ticker, number);
        var signal = new SignalRaised(Instance.Id, number, ticker, quote.Side, TradeAction.Buy, quote.Probability, quote.Price, quote.Edge, sizing, intentId, now) { Book = book.ToSignalBook() };
        var intent = new OrderIntent(
            intentId, Instance.Id, ticker, market.EventTicker, quote.Side, TradeAction.Buy, quote.Price, sizing.Contracts, Parameters.Style,
            quote.Probability, quote.Edge, null, estimate.InputFeeds, now);
        // Applied now (the market is pending, the signal number taken) and stored without holding up the book updates of
        // every other market. The intent leaves as soon as the signal is handed to the journal, without waiting for its
        // commit: the journal commits in the order it receives writes, so the guardian's decision and the router's order
        // (stored before it is sent) commit after the signal. A failed write stops the actor, which recovers from the journal.
        Apply(signal);
        PersistAsync(signal, e =>
        {
            // The basis line is rendered (and ten values boxed) only for a log that keeps it.
            if (Log.IsEnabled(LogLevel.Information))
            {
                Log.LogInformation(
                    "Signal {SignalNumber} {Ticker} buy {Side} {Contracts} @ {Price}: model {Probability:F4}, edge {Edge} after fee {Fee}; {Basis}; {Sizing}",
                    e.SignalNumber, e.Ticker, e.Side, e.Sizing.Contracts, e.MarketPrice, e.ModelProbability, e.EdgeAfterFees, quote.FeePerContract, estimate.Basis.Render(), e.Sizing.Explanation);
            }
        });
        SendWritesNow();
        SendToRiskGuardian(intent);
        Timers.StartSingleTimer(TimerKey(ticker), new IntentTimedOut(intent.IntentId, ticker), Parameters.IntentTimeout);
    }

    private static string CalibratedBasis(EstimateBasis basis)
    {
        var (model, table, raw) = ((Func<string>)basis.First!, (CalibrationTable)basis.Second!, basis.X);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{model()}; calibrated {raw:F4} -> {table.Apply(raw):F4} ({table.Samples} settled samples)");
    }

    private Quantity Held(MarketTicker ticker, Side side) => _heldByLeg.TryGetValue((ticker, side), out var held) ? held : Quantity.Zero;

    // Indexed as the portfolio arrives (a few times a second), not on a signal's path: scanning the positions for the leg
    // took a signal 6-16 us (median) with positions in 2,000 markets, and indexing them on the first signal after a new
    // portfolio took that one some 60 us. A report listing the same legs as the last updates only the sizes that changed
    // (the portfolio keeps a view while nothing in it changes): indexing all took 50-90 us.
    private void OnPortfolio(PortfolioUpdated portfolio)
    {
        var last = _portfolio?.Positions;
        _portfolio = portfolio;
        var positions = portfolio.Positions;
        if (last is not null && PositionReports.LinesUp(last, positions))
        {
            for (var i = 0; i < positions.Count; i++)
            {
                // Most new views carry a new mark, not a new size.
                if (!ReferenceEquals(positions[i], last[i]) && positions[i].Contracts != last[i].Contracts)
                {
                    _heldByLeg[(positions[i].Ticker, positions[i].Side)] = HeldOf(positions[i]);
                }
            }

            return;
        }

        _heldByLeg.Clear();
        foreach (var position in positions)
        {
            _heldByLeg.TryAdd((position.Ticker, position.Side), HeldOf(position));
        }

        static Quantity HeldOf(PositionView position) => Quantity.FromUnits(Math.Abs(position.Contracts.Units));
    }

    private bool AnyStale(IReadOnlyList<string> feeds)
    {
        if (_staleFeeds.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < feeds.Count; i++)
        {
            if (_staleFeeds.Contains(feeds[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Sells a whole own position at the held leg's bid, taking (immediate-or-cancel): exits do not wait for a queue.</summary>
    private void RaiseExit(MarketInfo market, OwnPosition held, ExitDecision exit, DateTimeOffset now)
    {
        Money fee;
        try
        {
            fee = SideEdge.FeePerContract(market.Fees, true, exit.LimitPrice);
        }
        catch (UnsupportedFeeTypeException)
        {
            fee = Money.Zero;
        }

        // What selling gains over holding at the model's value, after the fee; an exit may well be negative (a stop).
        var edge = Money.FromUnits(exit.LimitPrice.Units) - SideEdge.ModelValue(exit.ProbabilityOfHeldLeg) - fee;
        var number = SignalsRaised + 1;
        var intentId = IntentId.For(Instance.Id, held.Ticker, number);
        var sizing = new SizingRationale(0, Parameters.KellyFraction, 1, _portfolio!.Equity, held.Contracts, "exit of the whole position: " + exit.Reason);
        var signal = new SignalRaised(Instance.Id, number, held.Ticker, held.Side, TradeAction.Sell, exit.ProbabilityOfHeldLeg, exit.LimitPrice, edge, sizing, intentId, now);
        var intent = new OrderIntent(
            intentId, Instance.Id, held.Ticker, market.EventTicker, held.Side, TradeAction.Sell, exit.LimitPrice, held.Contracts,
            ExecutionStyle.ImmediateOrCancel, exit.ProbabilityOfHeldLeg, edge, null, [], now);

        // Applied now, so the market is pending at once: an evaluation from a fill's stored callback, run while this
        // signal is being written, must not raise a second exit (a failed write stops the actor, which then recovers).
        Apply(signal);
        Persist(signal, e =>
        {
            Log.LogInformation(
                "Signal {SignalNumber} {Ticker} sell {Side} {Contracts} @ {Price} (entry {Entry}): {Reason}",
                e.SignalNumber, e.Ticker, e.Side, held.Contracts, e.MarketPrice, held.AverageEntry, exit.Reason);
            SendToRiskGuardian(intent);
            Timers.StartSingleTimer(TimerKey(e.Ticker), new IntentTimedOut(intent.IntentId, e.Ticker), Parameters.IntentTimeout);
        });
    }

    private void SendToRiskGuardian(OrderIntent intent)
    {
        if (_riskGuardian is { } guardian)
        {
            guardian.Tell(intent, Self);
        }
        else
        {
            Context.ActorSelection(ActorNames.RiskGuardianPath).Tell(intent, Self);
        }
    }
}
