using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace KalshiActors.Persistence.Serialization;

/// <summary>
/// The one place event and snapshot types get their stable manifests (`OrderFilled.v1`) and their source-generated
/// JSON contracts, and where old manifests are mapped to current ones by upcasters.
/// </summary>
/// <remarks>
/// Each project registers its types at startup (e.g. <c>registry.Register("OrderFilled.v1", DomainJson.Default.OrderFilled)</c>).
/// A manifest never changes meaning: when a type's shape changes, it gets a new version and an upcaster from the old one,
/// so journals written years ago still recover.
/// </remarks>
public sealed partial class EventRegistry
{
    // Upcaster chains longer than this are a registration loop, not history.
    private const int MaxUpcastSteps = 64;

    private readonly ConcurrentDictionary<string, Registration> _byManifest = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, Registration> _byType = new();
    private readonly ConcurrentDictionary<string, Upcaster> _upcasters = new(StringComparer.Ordinal);

    /// <summary>Registers the current type for a manifest; the manifest must look like `Name.vN` and be new.</summary>
    public EventRegistry Register<T>(string manifest, JsonTypeInfo<T> typeInfo)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        ValidateManifest(manifest);
        var registration = new Registration(manifest, typeof(T), typeInfo);
        if (_upcasters.ContainsKey(manifest))
        {
            throw new ArgumentException($"Manifest '{manifest}' is already upcast to a newer one; a type cannot also be registered under it.", nameof(manifest));
        }

        if (!_byManifest.TryAdd(manifest, registration))
        {
            throw new ArgumentException(
                $"Manifest '{manifest}' is already registered for {_byManifest[manifest].Type.FullName}; every manifest names exactly one type.",
                nameof(manifest));
        }

        if (!_byType.TryAdd(typeof(T), registration))
        {
            _byManifest.TryRemove(manifest, out _);
            throw new ArgumentException(
                $"{typeof(T).FullName} is already registered as '{_byType[typeof(T)].Manifest}'; a type has one current manifest " +
                "(map older ones with AddUpcaster).",
                nameof(manifest));
        }

        return this;
    }

    /// <summary>
    /// Maps stored JSON of <paramref name="fromManifest"/> to the JSON of <paramref name="toManifest"/>; chains are followed
    /// until a registered manifest is reached, during recovery and in queries alike.
    /// </summary>
    public EventRegistry AddUpcaster(string fromManifest, string toManifest, Func<JsonObject, JsonObject> upcast)
    {
        ArgumentNullException.ThrowIfNull(upcast);
        ValidateManifest(fromManifest);
        ValidateManifest(toManifest);
        if (_byManifest.ContainsKey(fromManifest))
        {
            throw new ArgumentException($"Manifest '{fromManifest}' names a current type; only retired manifests are upcast.", nameof(fromManifest));
        }

        if (!_upcasters.TryAdd(fromManifest, new Upcaster(toManifest, upcast)))
        {
            throw new ArgumentException($"Manifest '{fromManifest}' already has an upcaster.", nameof(fromManifest));
        }

        return this;
    }

    /// <summary>The current manifest of a registered type.</summary>
    public string ManifestOf(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _byType.TryGetValue(type, out var registration)
            ? registration.Manifest
            : throw new EventSerializationException(
                $"{type.FullName} has no manifest: register it with EventRegistry.Register(\"{type.Name}.v1\", <its JsonSerializerContext>.Default.{type.Name}) before persisting it.");
    }

    /// <summary>Whether <paramref name="manifest"/> can be read (registered or upcast to something registered).</summary>
    public bool IsKnown(string manifest) => _byManifest.ContainsKey(manifest) || _upcasters.ContainsKey(manifest);

    /// <summary>Serializes a registered object; throws <see cref="EventSerializationException"/> for an unregistered type.</summary>
    public SerializedPayload Serialize(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var manifest = ManifestOf(value.GetType());
        var registration = _byType[value.GetType()];
        return new SerializedPayload(manifest, JsonSerializer.SerializeToUtf8Bytes(value, registration.TypeInfo));
    }

    /// <summary>Reads a stored payload into its current type, applying upcasters; errors name the row.</summary>
    public object Deserialize(string persistenceId, long sequenceNr, string manifest, ReadOnlySpan<byte> payload)
    {
        if (_byManifest.TryGetValue(manifest, out var direct))
        {
            try
            {
                return JsonSerializer.Deserialize(payload, direct.TypeInfo)
                       ?? throw new JsonException("the payload is JSON null.");
            }
            catch (JsonException ex)
            {
                throw new EventDeserializationException(persistenceId, sequenceNr, manifest, ex);
            }
        }

        if (!_upcasters.ContainsKey(manifest))
        {
            throw new UnknownManifestException(persistenceId, sequenceNr, manifest);
        }

        return DeserializeUpcast(persistenceId, sequenceNr, manifest, payload);
    }

    private object DeserializeUpcast(string persistenceId, long sequenceNr, string storedManifest, ReadOnlySpan<byte> payload)
    {
        var manifest = storedManifest;
        try
        {
            var node = JsonNode.Parse(payload) as JsonObject
                       ?? throw new JsonException("an upcast payload must be a JSON object.");
            for (var step = 0; step < MaxUpcastSteps; step++)
            {
                if (_byManifest.TryGetValue(manifest, out var registration))
                {
                    return node.Deserialize(registration.TypeInfo) ?? throw new JsonException("the upcast payload is JSON null.");
                }

                if (!_upcasters.TryGetValue(manifest, out var upcaster))
                {
                    throw new UnknownManifestException(persistenceId, sequenceNr, manifest);
                }

                node = upcaster.Upcast(node);
                manifest = upcaster.ToManifest;
            }
        }
        catch (JsonException ex)
        {
            throw new EventDeserializationException(persistenceId, sequenceNr, storedManifest, ex);
        }

        throw new EventDeserializationException(
            persistenceId, sequenceNr, storedManifest, new JsonException($"upcasters from '{storedManifest}' loop for more than {MaxUpcastSteps} steps."));
    }

    private static void ValidateManifest(string manifest)
    {
        if (string.IsNullOrEmpty(manifest) || !ManifestPattern().IsMatch(manifest))
        {
            throw new ArgumentException(
                $"Manifest '{manifest}' is not of the form Name.vN (e.g. 'OrderFilled.v1'): a name then a version that changes when the shape changes.",
                nameof(manifest));
        }
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.\-]*\.v[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ManifestPattern();

    private sealed record Registration(string Manifest, Type Type, JsonTypeInfo TypeInfo);

    private sealed record Upcaster(string ToManifest, Func<JsonObject, JsonObject> Upcast);
}

/// <summary>A serialized event or snapshot: its manifest and UTF-8 JSON.</summary>
public sealed record SerializedPayload(string Manifest, byte[] Payload);
