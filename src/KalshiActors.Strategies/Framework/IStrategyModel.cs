using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Strategies.Settings;

namespace KalshiActors.Strategies.Framework;

/// <summary>Fresh fair-value inputs as the strategy actor knows them; stale ones (feed flagged or too old) are not returned.</summary>
internal interface IFairValueInputs
{
    /// <summary>The latest fresh spot of <paramref name="underlying"/>, or null.</summary>
    SpotPriceObserved? FreshSpot(string underlying);

    /// <summary>The latest fresh state of the game behind <paramref name="eventTicker"/>, or null.</summary>
    GameStateObserved? FreshGame(EventTicker eventTicker);
}

/// <summary>What a model is asked about: one tradable market at one moment.</summary>
/// <param name="Positions">The instance's own open positions by market (from its own fills), when it tracks them.</param>
internal readonly record struct ModelContext(
    MarketInfo Market,
    MarketBook Book,
    StrategyParameters Parameters,
    IFairValueInputs Inputs,
    DateTimeOffset Now,
    IReadOnlyDictionary<MarketTicker, OwnPosition>? Positions = null);

/// <summary>
/// The parts of a market's latest <see cref="BookUpdated"/> a strategy reads, kept as a value: holding every market's
/// latest message kept each alive (with its level arrays) until the next one, so all 2,000 of them were young, and copied
/// out, at every collection.
/// </summary>
internal readonly record struct MarketBook(long Sequence, BookTop Top, Price? Mid, Price? Spread, BookStatus Status, DateTimeOffset ReceivedAt)
{
    /// <summary>Whether strategies may act on these prices.</summary>
    public bool IsTradable => Status == BookStatus.Live;

    /// <summary>The parts of <paramref name="book"/> a strategy reads.</summary>
    public static MarketBook Of(BookUpdated book) => new(book.Sequence, book.Top, book.Mid, book.Spread, book.Status, book.ReceivedAt);

    /// <summary>The book as recorded with a signal (the same values <see cref="SignalBook.Of"/> takes from the message).</summary>
    public SignalBook ToSignalBook() => new(Sequence, Top, Mid, Spread, Status, ReceivedAt);
}

/// <summary>
/// A model's view of a market: P(YES), the feeds it used and a line saying how it got there (rendered only when a signal is
/// logged: most estimates lead to no trade, and formatting is the dearest part of an evaluation). A value: an estimate is
/// made on every book update of every traded market, and a heap object each time set how often the GC ran.
/// </summary>
/// <param name="OnlySide">The only leg the model's view justifies buying (e.g. YES after a dip); null = the better of both.</param>
internal readonly record struct ModelEstimate(double ProbabilityYes, IReadOnlyList<string> InputFeeds, EstimateBasis Basis, Side? OnlySide = null);

/// <summary>
/// The line saying how an estimate was made, as a static formatter and the values it reads: carrying it costs no
/// allocation (a lambda capturing the values was a closure and a delegate on every evaluation), and it is rendered only
/// when a signal is logged. <see cref="Of"/> wraps a closure, for models whose evaluations are not a hot path.
/// </summary>
internal readonly record struct EstimateBasis(Func<EstimateBasis, string> Format, object? First = null, object? Second = null, double X = 0, double Y = 0)
{
    /// <summary>A basis rendered by <paramref name="line"/>.</summary>
    public static EstimateBasis Of(Func<string> line) => new(static basis => ((Func<string>)basis.First!)(), line);

    /// <summary>The line.</summary>
    public string Render() => Format(this);
}

/// <summary>A model that keeps state from every book update (e.g. a window of mids), called before it is asked for an estimate.</summary>
internal interface IBookObserver
{
    /// <summary>Takes in a book update of any market the instance may trade.</summary>
    void ObserveBook(BookUpdated book, StrategyParameters parameters, DateTimeOffset now);
}

/// <summary>A model whose candidates come from the scanner's ranking.</summary>
internal interface IScanObserver
{
    /// <summary>Takes in a finished scan; returns the markets worth evaluating now.</summary>
    IReadOnlyList<MarketTicker> ObserveScan(ScanCompleted scan, StrategyParameters parameters);
}

/// <summary>Why and where to leave a position: sell the held contracts at <see cref="LimitPrice"/> (the held leg's bid).</summary>
internal sealed record ExitDecision(string Reason, Price LimitPrice, double ProbabilityOfHeldLeg);

/// <summary>
/// A model that manages its own positions: the actor tracks the instance's fills (persisted), asks for an exit on every
/// update of a held market before anything else, and never adds to a held market.
/// </summary>
internal interface IExitRule
{
    /// <summary>An exit for <paramref name="position"/> now, or null to keep holding.</summary>
    ExitDecision? Exit(ModelContext context, OwnPosition position);
}

/// <summary>
/// The pricing part of a strategy: observes fair-value inputs and estimates P(YES) for a market. The actor around it
/// does everything else (freshness, edge after fees on both legs, sizing, persistence, the intent round trip), so a new
/// strategy is a new model.
/// </summary>
internal interface IStrategyModel
{
    /// <summary>Takes in an observation (e.g. to update a volatility estimate); called for every observation, fresh or not.</summary>
    void Observe(FairValueObservation observation, StrategyParameters parameters);

    /// <summary>The underlying a market's spot feed reports, if the model prices the market from a spot.</summary>
    string? UnderlyingOf(MarketInfo market, StrategyParameters parameters);

    /// <summary>
    /// Whether <see cref="Observe"/> learns from every spot (e.g. a volatility estimate), so that a spot repeating the last
    /// price still changes the estimates; when false a repeated price leaves them as they were.
    /// </summary>
    bool LearnsFromEverySpot => false;

    /// <summary>P(YES) of the market now, or null when the model has no view (missing inputs, outside its window).</summary>
    ModelEstimate? Estimate(ModelContext context);
}

/// <summary>Creates the model for a strategy kind.</summary>
internal static class StrategyModels
{
    public static IStrategyModel Create(StrategyKind kind) => kind switch
    {
        StrategyKind.ExpectedValue => new ExpectedValueModel(),
        StrategyKind.VolatilityKelly => new VolatilityKellyModel(),
        StrategyKind.MeanReversion => new MeanReversionModel(),
        StrategyKind.BuyTheDip => new BuyTheDipModel(),
        StrategyKind.InGame => new InGameModel(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no model for this strategy kind"),
    };

    /// <summary>Whether a market pays on where a spot finishes against a floor and/or cap strike.</summary>
    public static bool HasStrike(MarketInfo market) => market.FloorStrike is > 0 || market.CapStrike is > 0;

    /// <summary>The spot underlying of a market: the `underlying` parameter, else the catalog's, else the series ticker (the simulator runs one spot per series).</summary>
    public static string SpotUnderlying(MarketInfo market, StrategyParameters parameters) =>
        parameters.Underlying.Length > 0 ? parameters.Underlying : market.Underlying ?? market.SeriesTicker.Value;
}
