using KalshiActors.Dashboard.Security;
using KalshiActors.Dashboard.Streaming;
using KalshiActors.Kernel;

namespace KalshiActors.Dashboard.Api;

/// <summary>What the endpoints share: the node, the dashboard's actors, the hub and the access policy.</summary>
internal sealed class DashboardContext(
    DashboardSettings settings,
    DashboardNode node,
    IActorRef bridge,
    IActorRef configuration,
    ClientHub hub,
    AccessPolicy access,
    ActorGateway actors,
    JournalPositions positions) : IDisposable
{
    public DashboardSettings Settings => settings;

    public DashboardNode Node => node;

    public IActorRef Bridge => bridge;

    public IActorRef Configuration => configuration;

    public ClientHub Hub => hub;

    public AccessPolicy Access => access;

    public ActorGateway Actors => actors;

    /// <summary>The account's positions from the journal's fills (`GET /api/cluster`).</summary>
    public JournalPositions Positions => positions;

    /// <summary>The highest journal offset the dashboard has read (the audit log's "latest").</summary>
    public long LastOffset
    {
        get => Interlocked.Read(ref _lastOffset);
        set => Interlocked.Exchange(ref _lastOffset, value);
    }

    private long _lastOffset;

    // Manual intents get a number unique within the process; with the start time in the id they are unique across restarts.
    private long _manualIntents;

    public long NextManualIntent() => Interlocked.Increment(ref _manualIntents);

    /// <inheritdoc />
    public void Dispose() => Positions.Dispose();
}
