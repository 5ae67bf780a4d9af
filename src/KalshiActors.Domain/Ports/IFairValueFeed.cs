using System.Threading.Channels;

namespace KalshiActors.Domain.Ports;

/// <summary>A source of fair-value inputs (underlying spot prices, game state): the simulator's hidden processes, a recording or a real adapter.</summary>
public interface IFairValueFeed : IAsyncDisposable
{
    /// <summary>The feed's name, unique in a node (e.g. "spot", "game-state"); its actor is <c>feed-&lt;name&gt;</c>.</summary>
    string Name { get; }

    /// <summary>Observations in arrival order; completes when the feed stops.</summary>
    ChannelReader<FairValueObservation> Observations { get; }

    /// <summary>Starts producing observations.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}

/// <summary>One fair-value input, with the source's own time and our receive time so stale inputs can be refused.</summary>
public abstract record FairValueObservation(string Source, DateTimeOffset SourceTime, DateTimeOffset ReceivedAt);

/// <summary>The spot price of an underlying (e.g. "BTC") in its quote currency, exact (parsed as decimal, never double).</summary>
public sealed record SpotPriceObserved(string Source, string Underlying, decimal Price, DateTimeOffset SourceTime, DateTimeOffset ReceivedAt)
    : FairValueObservation(Source, SourceTime, ReceivedAt);

/// <summary>Which team has the ball (or the serve, or is at bat).</summary>
public enum Possession
{
    /// <summary>Unknown or between plays.</summary>
    None,

    /// <summary>The home team.</summary>
    Home,

    /// <summary>The away team.</summary>
    Away,
}

/// <summary>Where a game is in its life.</summary>
public enum GamePhase
{
    /// <summary>Not started.</summary>
    Scheduled,

    /// <summary>Being played (including breaks between periods).</summary>
    InProgress,

    /// <summary>Over; the score is final.</summary>
    Final,
}

/// <summary>
/// The state of a game at one moment. <see cref="EventTicker"/> names the Kalshi event the game's markets belong to;
/// <see cref="YardsToEndzone"/> is offence-relative field position (football only).
/// </summary>
public sealed record GameStateObserved(
    string Source,
    string GameId,
    EventTicker? EventTicker,
    string HomeTeam,
    string AwayTeam,
    int HomeScore,
    int AwayScore,
    int Period,
    int RegulationPeriods,
    TimeSpan ClockRemainingInPeriod,
    TimeSpan RegulationPeriodLength,
    Possession Possession,
    int? YardsToEndzone,
    GamePhase Phase,
    DateTimeOffset SourceTime,
    DateTimeOffset ReceivedAt) : FairValueObservation(Source, SourceTime, ReceivedAt);

/// <summary>A feed's events are no longer current (or are again); strategies and the risk guardian refuse stale inputs.</summary>
public sealed record FeedStatusChanged(string FeedName, bool IsStale, string Reason, DateTimeOffset At);
