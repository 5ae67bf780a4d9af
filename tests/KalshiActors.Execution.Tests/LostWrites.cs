using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KalshiActors.Persistence;
using KalshiActors.Persistence.Serialization;

namespace KalshiActors.Execution.Tests;

/// <summary>
/// A journal write that is lost for good: its serializer fails, as a corrupt event would, so the journal refuses it and
/// counts the failure. Stands for the guardian's decision (persisted with PersistAsync, its approval sent on at once with
/// the mark of SendWritesNow) when the write never becomes durable.
/// </summary>
internal static class LostWrites
{
    public static void Register(EventRegistry registry) =>
        registry.Register("LostWrite.v1", JsonMetadataServices.CreateValueInfo<LostWrite>(new JsonSerializerOptions { TypeInfoResolver = JsonTypeInfoResolver.Combine() }, new RefusingConverter()));

    /// <summary>The event that cannot be stored.</summary>
    public sealed record LostWrite;

    /// <summary>Persists a <see cref="LostWrite"/> (or nothing, for any string) and answers the journal mark taken then.</summary>
    public sealed class DecidingActor : ReceivePersistentActor
    {
        public DecidingActor()
        {
            Command<LostWrite>(d =>
            {
                PersistAsync(d, _ => { });
                Sender.Tell(SendWritesNow(), Self);
            });
            Command<string>(_ => Sender.Tell(SendWritesNow(), Self));
        }

        public override string PersistenceId => "deciding-actor";
    }

    private sealed class RefusingConverter : JsonConverter<LostWrite>
    {
        public override LostWrite Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new JsonException("never stored");

        public override void Write(Utf8JsonWriter writer, LostWrite value, JsonSerializerOptions options) => throw new JsonException("injected: this write is lost");
    }
}
