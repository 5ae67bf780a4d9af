using KalshiActors.Domain.Ports;
using KalshiActors.Kernel;
using Microsoft.Extensions.Logging;

namespace KalshiActors.Markets.Feeds;

/// <summary>
/// Runs one fair-value source (<see cref="IFairValueFeed"/>): publishes every observation on the event stream and
/// <see cref="FeedStatusChanged"/> when no observation arrived for the stale-after time (it starts stale until the first
/// one) and again when observations resume. An ended stream fails the actor so its backoff supervisor restarts it.
/// </summary>
internal sealed class FairValueFeedActor : ActorBase, IWithTimers
{
    private static readonly object CheckTimerKey = "check";

    private readonly string _name;
    private readonly Func<IFairValueFeed> _feedFactory;
    private readonly TimeSpan _staleAfter;
    private readonly TimeProvider _time;

    // Stale until the first observation: nobody may price on a feed that has said nothing yet.
    private bool _stale = true;
    private DateTimeOffset _lastObservationAt;
    private IFairValueFeed? _feed;
    private CancellationTokenSource? _stopping;

    public FairValueFeedActor(string name, Func<IFairValueFeed> feedFactory, TimeSpan staleAfter)
    {
        _name = name;
        _feedFactory = feedFactory;
        _staleAfter = staleAfter;
        _time = Context.System.TimeProvider;
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the actor of feed <paramref name="name"/>.</summary>
    public static Props Props(string name, Func<IFairValueFeed> feedFactory, TimeSpan staleAfter) =>
        Kernel.Props.Create(() => new FairValueFeedActor(name, feedFactory, staleAfter));

    /// <inheritdoc />
    protected override void PreStart()
    {
        _stopping = new CancellationTokenSource();
        _lastObservationAt = _time.GetUtcNow();
        Context.System.EventStream.Publish(new FeedStatusChanged(_name, true, "no observation yet", _lastObservationAt));
        var interval = TimeSpan.FromTicks(Math.Max(_staleAfter.Ticks / 4, TimeSpan.TicksPerMillisecond));
        Timers.StartPeriodicTimer(CheckTimerKey, CheckStaleness.Instance, interval);
        var feed = _feedFactory();
        _feed = feed;
        var self = Self;
        var token = _stopping.Token;
        RunTask(async () =>
        {
            await feed.StartAsync(token).ConfigureAwait(true);
            _ = Pump(feed, self, token);
        });
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _stopping?.Cancel();
        _stopping?.Dispose();
        if (_feed is { } feed)
        {
            _ = feed.DisposeAsync().AsTask();
        }
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case FairValueObservation observation:
                _lastObservationAt = _time.GetUtcNow();
                if (_stale)
                {
                    _stale = false;
                    Context.System.EventStream.Publish(new FeedStatusChanged(_name, false, "observations resumed", _lastObservationAt));
                }

                Context.System.EventStream.Publish(observation);
                return true;
            case CheckStaleness:
                var now = _time.GetUtcNow();
                if (!_stale && now - _lastObservationAt >= _staleAfter)
                {
                    _stale = true;
                    var reason = $"no observation for {(now - _lastObservationAt).TotalSeconds:0.#}s";
                    Context.GetLogger().LogWarning("Fair-value feed {Feed} is stale: {Reason}", _name, reason);
                    Context.System.EventStream.Publish(new FeedStatusChanged(_name, true, reason, now));
                }

                return true;
            case FeedEnded ended:
                throw ended.Cause is null
                    ? new MarketDataFeedEndedException($"Fair-value feed {_name} ended.")
                    : new MarketDataFeedEndedException($"Fair-value feed {_name} failed.", ended.Cause);
            default:
                return false;
        }
    }

    private static async Task Pump(IFairValueFeed feed, IActorRef self, CancellationToken token)
    {
        try
        {
            await foreach (var observation in feed.Observations.ReadAllAsync(token).ConfigureAwait(false))
            {
                self.Tell(observation, self);
            }

            self.Tell(new FeedEnded(null), self);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // The actor stopped.
        }
        catch (Exception e)
        {
            self.Tell(new FeedEnded(e), self);
        }
    }

    private sealed class CheckStaleness
    {
        public static readonly CheckStaleness Instance = new();
    }

    private sealed record FeedEnded(Exception? Cause);
}
