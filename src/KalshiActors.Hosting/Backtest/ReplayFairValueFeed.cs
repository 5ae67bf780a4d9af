using System.Threading.Channels;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Hosting.Backtest;

/// <summary>One recorded fair-value source (e.g. "spot") as the feed actor <c>feed-&lt;name&gt;</c> reads it.</summary>
internal sealed class ReplayFairValueFeed(string name) : IFairValueFeed
{
    // Synchronous continuations: the feed actor's pump, waiting on the channel, runs inside Feed and tells the actor there,
    // so the observation is queued in the deterministic system before the driver runs it (see ReplayMarketDataFeed).
    private readonly Channel<FairValueObservation> _observations = Channel.CreateUnbounded<FairValueObservation>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true, AllowSynchronousContinuations = true });

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public ChannelReader<FairValueObservation> Observations => _observations.Reader;

    /// <summary>Feeds one recorded observation.</summary>
    public void Feed(FairValueObservation observation) => _observations.Writer.TryWrite(observation);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // As with the market-data feed, a restarted feed actor keeps reading the same recording.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
