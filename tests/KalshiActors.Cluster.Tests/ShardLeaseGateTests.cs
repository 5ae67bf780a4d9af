using System.Threading.Channels;
using KalshiActors.Cluster;
using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Testing;

namespace KalshiActors.Cluster.Tests;

public sealed class ShardLeaseGateTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void LeaseEpoch_HeldAndRenewed_IsTheEpoch_UntilTheLeaseTimeoutPasses()
    {
        var gate = new ShardLeaseGate(4, _time);
        var ticker = new MarketTicker("KXTEST-A");
        var shard = ShardMap.ShardOf(ticker, 4);
        Assert.Null(gate.LeaseEpoch(ticker));

        gate.SetHeld(new Dictionary<int, long> { [shard] = 9 });
        Assert.Null(gate.LeaseEpoch(ticker)); // no successful round yet
        gate.Renew(_time.GetUtcNow(), Timeout);
        Assert.Equal(9, gate.LeaseEpoch(ticker));

        _time.Advance(Timeout - TimeSpan.FromMilliseconds(1));
        Assert.Equal(9, gate.LeaseEpoch(ticker));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Null(gate.LeaseEpoch(ticker));
        Assert.False(gate.IsLive);
    }

    [Fact]
    public void Fence_DropsEveryLease_AndTellsListeners()
    {
        var gate = new ShardLeaseGate(4, _time);
        gate.SetHeld(new Dictionary<int, long> { [0] = 1, [1] = 1 });
        gate.Renew(_time.GetUtcNow(), Timeout);
        var changes = 0;
        gate.Changed += () => changes++;

        gate.Fence();

        Assert.Equal(1, changes);
        Assert.Empty(gate.Held);
        Assert.Null(gate.EpochOf(0));
    }

    private sealed class FakeFeed : IMarketDataFeed
    {
        public Channel<MarketDataEvent> Channel { get; } = System.Threading.Channels.Channel.CreateUnbounded<MarketDataEvent>();

        public List<IReadOnlyCollection<MarketTicker>> SnapshotRequests { get; } = [];

        public ChannelReader<MarketDataEvent> Events => Channel.Reader;

        public Task ConnectAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task SubscribeAsync(MarketDataChannels channels, IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task UnsubscribeAsync(MarketDataChannels channels, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task RequestSnapshotsAsync(IReadOnlyCollection<MarketTicker> tickers, CancellationToken cancellationToken)
        {
            SnapshotRequests.Add(tickers);
            return Task.CompletedTask;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private static BookSnapshotReceived Snapshot(MarketTicker ticker) => new(ticker, 1, 1, [], [], false);

    private static BookDeltaReceived Delta(MarketTicker ticker) =>
        new(ticker, 1, 2, Side.Yes, Price.FromCents(40), Quantity.FromContracts(1), null, null);

    [Fact]
    public void FilteredFeed_DropsOtherShardsMarkets_AndHoldsDeltasOfAGainedShardUntilItsSnapshot()
    {
        var gate = new ShardLeaseGate(64, _time);
        var mine = new MarketTicker("KXTEST-MINE-YES");
        var other = Enumerable.Range(0, 500).Select(i => new MarketTicker($"KXTEST-{i}-YES")).First(t => ShardMap.ShardOf(t, 64) != ShardMap.ShardOf(mine, 64));
        gate.SetHeld(new Dictionary<int, long> { [ShardMap.ShardOf(mine, 64)] = 1 });
        gate.Renew(_time.GetUtcNow(), Timeout);
        var inner = new FakeFeed();
        var feed = new ShardFilteredMarketDataFeed(inner, gate);

        Assert.True(feed.Passes(Snapshot(mine)));
        Assert.True(feed.Passes(Delta(mine)));
        Assert.False(feed.Passes(Snapshot(other)));
        Assert.False(feed.Passes(Delta(other)));
        Assert.True(feed.Passes(new FeedDisconnected("test", null)));

        // The other market's shard is gained: a fresh snapshot is asked for, and its deltas wait for it.
        gate.SetHeld(new Dictionary<int, long> { [ShardMap.ShardOf(mine, 64)] = 1, [ShardMap.ShardOf(other, 64)] = 5 });
        Assert.Equal([other], Assert.Single(inner.SnapshotRequests));
        Assert.False(feed.Passes(Delta(other)));
        Assert.True(feed.Passes(Snapshot(other)));
        Assert.True(feed.Passes(Delta(other)));

        // Fenced: nothing of any market passes.
        gate.Fence();
        Assert.False(feed.Passes(Delta(mine)));
    }
}
