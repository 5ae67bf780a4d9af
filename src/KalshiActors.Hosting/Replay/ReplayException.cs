using KalshiActors.Domain;

namespace KalshiActors.Hosting.Replay;

/// <summary>A replay, audit or explanation cannot be done as asked (no journal there, a bound past its end, an unknown order).</summary>
public sealed class ReplayException(string message) : KalshiActorsException(message);
