namespace KalshiActors.Simulator;

/// <summary>
/// What an outside fair-value feed would report about the simulator's hidden processes at one moment: the spot of every
/// underlying series and the state of every game. The node's simulator feeds poll it so strategies price from the same
/// inputs the simulator settles on.
/// </summary>
/// <param name="At">The simulator clock's time of the observation.</param>
/// <param name="Spots">One entry per series with a spot underlying (ladders, rolling crypto windows).</param>
/// <param name="Games">One entry per listed game.</param>
public sealed record SimulatorHiddenState(DateTimeOffset At, IReadOnlyList<SimulatedSpot> Spots, IReadOnlyList<SimulatedGame> Games);

/// <summary>The current value of a series' underlying, rounded to cents (exact decimal).</summary>
public sealed record SimulatedSpot(string Series, decimal Value);

/// <summary>A game's score and schedule; the home team is the last outcome, as the simulator lists them.</summary>
public sealed record SimulatedGame(
    string EventTicker,
    string AwayTeam,
    string HomeTeam,
    int AwayScore,
    int HomeScore,
    DateTimeOffset Start,
    DateTimeOffset End);
