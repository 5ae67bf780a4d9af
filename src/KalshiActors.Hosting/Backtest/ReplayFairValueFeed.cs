using System.Threading.Channels;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Hosting.Backtest;

/// <summary>One recorded fair-value source (e.g. "spot") as the feed actor <c>feed-&lt;name&gt;</c> reads it.</summary>
internal sealed class ReplayFairValueFeed(string name) : IFairValueFeed
{
    private readonly SynchronousChannelReader<FairValueObservation> _observations = new();

    /// <inheritdoc />
    public string Name { get; } = name;

    /// <inheritdoc />
    public ChannelReader<FairValueObservation> Observations => _observations;

    /// <summary>Feeds one recorded observation.</summary>
    public void Feed(FairValueObservation observation) => _observations.Write(observation);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    // As with the market-data feed, a restarted feed actor keeps reading the same recording.
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
