using System.Text.Json;
using System.Text.Json.Serialization;
using KalshiActors.Domain;

namespace KalshiActors.Markets;

/// <summary>
/// Journals a <see cref="TickStructure"/> as its bands (<c>[{"start":"0.0000","end":"0.1000","step":"0.0010"}]</c>) and
/// rebuilds it through its constructor, so a stored grid is validated again on read.
/// </summary>
internal sealed class TickStructureJsonConverter : JsonConverter<TickStructure>
{
    public override TickStructure Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A tick structure is an array of {start, end, step} bands.");
        }

        var ranges = new List<PriceRange>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("A tick band is an object {start, end, step}.");
            }

            Price? start = null, end = null, step = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                var value = Price.ParseDollars(reader.GetString() ?? throw new JsonException($"Tick band field {name} must be a dollar string."), "tick band " + name);
                switch (name)
                {
                    case "start":
                        start = value;
                        break;
                    case "end":
                        end = value;
                        break;
                    case "step":
                        step = value;
                        break;
                    default:
                        throw new JsonException($"Unknown tick band field {name}.");
                }
            }

            ranges.Add(new PriceRange(
                start ?? throw new JsonException("Tick band without start."),
                end ?? throw new JsonException("Tick band without end."),
                step ?? throw new JsonException("Tick band without step.")));
        }

        return new TickStructure(ranges);
    }

    public override void Write(Utf8JsonWriter writer, TickStructure value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var range in value.Ranges)
        {
            writer.WriteStartObject();
            writer.WriteString("start", range.Start.ToDollarString());
            writer.WriteString("end", range.End.ToDollarString());
            writer.WriteString("step", range.Step.ToDollarString());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
