using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;
using KalshiActors.Simulator.Replay;

namespace KalshiActors.Hosting.Backtest;

/// <summary>
/// Feeds the replayed books, trades and catalog to the <see cref="RecordedBookMatcher"/> of a `--fill-model matching`
/// backtest and publishes its fills on the event stream, where the execution supervisor hands them to the routers (as the
/// exchange's private stream would).
/// </summary>
internal sealed class MatchingFeedActor : ActorBase
{
    private readonly RecordedBookMatcher _matcher;

    private MatchingFeedActor(RecordedBookMatcher matcher) => _matcher = matcher;

    /// <summary>The actor's name under /user.</summary>
    public const string Name = "backtest-matching-engine";

    /// <summary>Props of the feeder of <paramref name="matcher"/>.</summary>
    public static Props Props(RecordedBookMatcher matcher) => Kernel.Props.Create(() => new MatchingFeedActor(matcher));

    /// <inheritdoc />
    protected override void PreStart()
    {
        var stream = Context.System.EventStream;
        _matcher.AttachFillSink(fill => stream.Publish(fill));
        stream.Subscribe(Self, typeof(BookUpdated));
        stream.Subscribe(Self, typeof(TradePrinted));
        stream.Subscribe(Self, typeof(MarketListed));
    }

    /// <inheritdoc />
    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case BookUpdated book:
                _matcher.OnBook(book);
                return true;
            case TradePrinted trade:
                _matcher.OnTrade(trade);
                return true;
            case MarketListed listed:
                _matcher.OnMarket(listed.Market);
                return true;
            default:
                return false;
        }
    }
}
