using KalshiActors.Domain;
using KalshiActors.Kernel;

namespace KalshiActors.Markets.Feeds;

/// <summary>The exchange feed asks the market-data supervisor to deliver a message to a market's book, creating the book if needed.</summary>
internal sealed record RouteToBook(MarketTicker Ticker, object Message);

/// <summary>The supervisor's answer to the first <see cref="RouteToBook"/> of a market: later messages go straight to the book.</summary>
internal sealed record BookRoute(MarketTicker Ticker, IActorRef Book);

/// <summary>A book stopped; the feed forgets its cached ref (the next message recreates it through the supervisor).</summary>
internal sealed record BookGone(MarketTicker Ticker);

/// <summary>A feed's observation stream ended or broke: the feed actor fails so its backoff supervisor restarts it.</summary>
public sealed class MarketDataFeedEndedException : KalshiActorsException
{
    /// <summary>Creates the exception with what ended.</summary>
    public MarketDataFeedEndedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with what ended and why.</summary>
    public MarketDataFeedEndedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
