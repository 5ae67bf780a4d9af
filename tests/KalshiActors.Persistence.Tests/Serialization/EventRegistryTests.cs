using KalshiActors.Persistence.Serialization;
using KalshiActors.Testing.Persistence;

namespace KalshiActors.Persistence.Tests.Serialization;

public sealed class EventRegistryTests
{
    [Fact]
    public void Serialize_RegisteredEvent_RoundTripsThroughItsManifest()
    {
        var registry = SpecEvents.CreateRegistry();
        var original = new SpecEvent("hello", 42);

        var serialized = registry.Serialize(original);

        Assert.Equal("SpecEvent.v2", serialized.Manifest);
        Assert.Equal(original, registry.Deserialize("p", 1, serialized.Manifest, serialized.Payload));
    }

    [Fact]
    public void Deserialize_OldManifest_IsUpcastToTheCurrentType()
    {
        var registry = SpecEvents.CreateRegistry();

        var read = registry.Deserialize("p", 3, SpecEvents.V1Manifest, SpecEvents.V1Payload("legacy"));

        Assert.Equal(new SpecEvent("legacy", -1), read);
    }

    [Fact]
    public void Deserialize_UpcasterChain_IsFollowedToTheRegisteredManifest()
    {
        var registry = new EventRegistry()
            .Register("SpecEvent.v3", SpecJsonContext.Default.SpecEvent)
            .AddUpcaster("SpecEvent.v1", "SpecEvent.v2", o =>
            {
                o["amount"] = 1L;
                return o;
            })
            .AddUpcaster("SpecEvent.v2", "SpecEvent.v3", o =>
            {
                o["amount"] = o["amount"]!.GetValue<long>() + 10;
                return o;
            });

        Assert.Equal(new SpecEvent("x", 11), registry.Deserialize("p", 1, "SpecEvent.v1", SpecEvents.V1Payload("x")));
    }

    [Fact]
    public void Deserialize_UnknownManifest_NamesPersistenceIdSequenceNrAndManifest()
    {
        var ex = Assert.Throws<UnknownManifestException>(() => SpecEvents.CreateRegistry().Deserialize("order-7", 12, "Nope.v1", "{}"u8));

        Assert.Equal(("order-7", 12L, "Nope.v1"), (ex.PersistenceId, ex.SequenceNr, ex.Manifest));
        Assert.Contains("order-7", ex.Message, StringComparison.Ordinal);
        Assert.Contains("12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serialize_UnregisteredType_ThrowsSayingHowToRegister()
    {
        var ex = Assert.Throws<EventSerializationException>(() => SpecEvents.CreateRegistry().Serialize(new UnregisteredSpecEvent("x")));

        Assert.Contains("EventRegistry.Register", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OrderFilled")]
    [InlineData("OrderFilled.1")]
    [InlineData("")]
    [InlineData("1Order.v1")]
    public void Register_ManifestWithoutVersion_IsRefused(string manifest) =>
        Assert.Throws<ArgumentException>(() => new EventRegistry().Register(manifest, SpecJsonContext.Default.SpecEvent));

    [Fact]
    public void Register_SameManifestOrTypeTwice_IsRefused()
    {
        var registry = new EventRegistry().Register("SpecEvent.v2", SpecJsonContext.Default.SpecEvent);

        Assert.Throws<ArgumentException>(() => registry.Register("SpecEvent.v2", SpecJsonContext.Default.SpecState));
        Assert.Throws<ArgumentException>(() => registry.Register("SpecEvent.v3", SpecJsonContext.Default.SpecEvent));
        Assert.Throws<ArgumentException>(() => registry.AddUpcaster("SpecEvent.v2", "SpecEvent.v3", o => o));
    }
}
