using System.Threading.Channels;
using KalshiActors.Domain.Ports;

namespace KalshiActors.Hosting.Bench;

/// <summary>`bench pipeline`'s fair-value input: a constant spot of the benchmark underlying, observed every 100 ms so it stays fresh.</summary>
internal sealed class PipelineBenchSpotFeed(string underlying, decimal price) : IFairValueFeed
{
    private readonly Channel<FairValueObservation> _observations = Channel.CreateUnbounded<FairValueObservation>();
    private readonly CancellationTokenSource _stop = new();

    /// <inheritdoc />
    public string Name => "bench-spot";

    /// <inheritdoc />
    public ChannelReader<FairValueObservation> Observations => _observations.Reader;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            do
            {
                var now = DateTimeOffset.UtcNow;
                _observations.Writer.TryWrite(new SpotPriceObserved(Name, underlying, price, now, now));
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }).ContinueWith(static _ => { }, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _observations.Writer.TryComplete();
        _stop.Dispose();
    }
}
