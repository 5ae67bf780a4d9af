using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Testing.Persistence;

/// <summary>An event the persistence contract specs write (current version: manifest `SpecEvent.v2`).</summary>
/// <param name="Text">Free text, checked on read-back.</param>
/// <param name="Amount">An integer added in v2; v1 rows are upcast with Amount = -1.</param>
public sealed record SpecEvent(string Text, long Amount);

/// <summary>A state object the snapshot-store contract spec saves (manifest `SpecState.v1`).</summary>
/// <param name="Count">Events folded in.</param>
/// <param name="Items">Some list content, checked on read-back.</param>
public sealed record SpecState(long Count, IReadOnlyList<string> Items);

/// <summary>An event type deliberately left unregistered, to check that writes of it are rejected.</summary>
/// <param name="Text">Anything.</param>
public sealed record UnregisteredSpecEvent(string Text);

/// <summary>Source-generated JSON contracts of the spec types.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SpecEvent))]
[JsonSerializable(typeof(SpecState))]
public sealed partial class SpecJsonContext : JsonSerializerContext
{
}

/// <summary>The registry the contract specs use: SpecEvent.v2 current, SpecEvent.v1 upcast, SpecState.v1.</summary>
public static class SpecEvents
{
    /// <summary>The retired manifest of <see cref="SpecEvent"/> (it had only `text`).</summary>
    public const string V1Manifest = "SpecEvent.v1";

    /// <summary>Creates a fresh registry with the spec types and the v1 upcaster.</summary>
    public static EventRegistry CreateRegistry() =>
        new EventRegistry()
            .Register("SpecEvent.v2", SpecJsonContext.Default.SpecEvent)
            .Register("SpecState.v1", SpecJsonContext.Default.SpecState)
            .AddUpcaster(V1Manifest, "SpecEvent.v2", v1 =>
            {
                v1["amount"] = -1;
                return v1;
            });

    /// <summary>The UTF-8 JSON a v1 writer stored.</summary>
    public static byte[] V1Payload(string text) => System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["text"] = text }.ToJsonString());
}
