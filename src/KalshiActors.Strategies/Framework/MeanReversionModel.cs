using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Models;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Strategies.Framework;

/// <summary>
/// Strategy 3, mean reversion: mids sampled at most once per `sample-interval` into a window of `window` values; when the
/// current mid is `entry-z` standard deviations below the window's mean it buys YES, above it buys NO, the model value
/// being the mean (the price is expected to return to it). A position is sold at the bid once |z| is back within `exit-z`
/// (or past the mean). Needs no feed: its only input is the market's own book.
/// </summary>
internal sealed class MeanReversionModel : IStrategyModel, IBookObserver, IExitRule
{
    // Window and last sample time per market; market data, rebuilt from the live books after a restart.
    private readonly Dictionary<MarketTicker, (RollingZScore Window, DateTimeOffset LastSample)> _windows = [];

    public void Observe(FairValueObservation observation, StrategyParameters parameters)
    {
    }

    public string? UnderlyingOf(MarketInfo market, StrategyParameters parameters) => null;

    public void ObserveBook(BookUpdated book, StrategyParameters parameters, DateTimeOffset now)
    {
        if (!book.IsTradable || book.Mid is not { } mid)
        {
            return;
        }

        var settings = parameters.MeanReversion;
        if (!_windows.TryGetValue(book.Ticker, out var entry) || entry.Window.Capacity != Math.Max(2, settings.Window))
        {
            entry = (new RollingZScore(settings.Window), DateTimeOffset.MinValue);
        }

        if (now - entry.LastSample < settings.SampleInterval)
        {
            _windows[book.Ticker] = entry;
            return;
        }

        entry.Window.Add(Dollars(mid));
        _windows[book.Ticker] = (entry.Window, now);
    }

    /// <summary>The z-score of the market's current mid, when its window is full and not flat.</summary>
    internal (double Z, double Mean, double StdDev)? ZScore(MarketTicker ticker, Price? currentMid, StrategyParameters parameters)
    {
        if (currentMid is not { } mid || !_windows.TryGetValue(ticker, out var entry)
            || entry.Window.Z(Dollars(mid), parameters.MeanReversion.MinStdDev) is not { } z)
        {
            return null;
        }

        return (z, entry.Window.Mean, entry.Window.StdDev);
    }

    public ModelEstimate? Estimate(ModelContext context)
    {
        if (ZScore(context.Market.Ticker, context.Book.Mid, context.Parameters) is not { } score
            || Math.Abs(score.Z) < context.Parameters.MeanReversion.EntryZ)
        {
            return null;
        }

        var probability = Math.Clamp(score.Mean, 0.01, 0.99);
        return new ModelEstimate(
            probability,
            [],
            EstimateBasis.Of(() => string.Create(CultureInfo.InvariantCulture, $"mean reversion: mid {context.Book.Mid} is z = {score.Z:F2} from the mean {score.Mean:F4} (sd {score.StdDev:F4})")),
            score.Z < 0 ? Side.Yes : Side.No);
    }

    public ExitDecision? Exit(ModelContext context, OwnPosition position)
    {
        if (ZScore(context.Market.Ticker, context.Book.Mid, context.Parameters) is not { } score
            || context.Book.Top.BidOf(position.Side) is not { } bid)
        {
            return null;
        }

        var exitZ = context.Parameters.MeanReversion.ExitZ;
        var reverted = position.Side == Side.Yes ? score.Z >= -exitZ : score.Z <= exitZ;
        return reverted
            ? new ExitDecision(
                string.Create(CultureInfo.InvariantCulture, $"z = {score.Z:F2} back within {exitZ:F2} of the mean {score.Mean:F4}"),
                bid,
                position.Side == Side.Yes ? score.Mean : 1 - score.Mean)
            : null;
    }

    private static double Dollars(Price price) => price.Units / (double)Price.UnitsPerDollar;
}
