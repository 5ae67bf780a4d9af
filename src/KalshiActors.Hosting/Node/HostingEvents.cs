using System.Text.Json.Serialization;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// The node recorded its state digest (at shutdown and every `node.digest-interval`): what `replay --verify` compares a
/// replay of the journal up to <see cref="Ordering"/> with.
/// </summary>
/// <param name="Digest">The state digest (lower-case hex SHA-256, see <see cref="StateDigest"/>).</param>
/// <param name="Ordering">The journal's highest global ordering once the digest was taken: the state covers the journal up to there.</param>
/// <param name="Reason">`shutdown`, `periodic` or `start`.</param>
/// <param name="Parts">SHA-256 of each component's canonical JSON, so a mismatch names the component that differs.</param>
/// <param name="At">When it was taken (the node's clock).</param>
public sealed record StateDigestRecorded(string Digest, long Ordering, string Reason, IReadOnlyDictionary<string, string> Parts, DateTimeOffset At);

/// <summary>The manifests Hosting owns.</summary>
public static class HostingEvents
{
    /// <summary>The persistence id the node's digest records are stored under.</summary>
    public const string StateDigestPersistenceId = "node-state-digest";

    /// <summary>Registers every Hosting manifest (call once per registry).</summary>
    public static EventRegistry Register(EventRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Register("StateDigestRecorded.v1", HostingJsonContext.Default.StateDigestRecorded);
    }
}

/// <summary>Source-generated JSON contracts of Hosting's events.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(StateDigestRecorded))]
internal sealed partial class HostingJsonContext : JsonSerializerContext
{
}
