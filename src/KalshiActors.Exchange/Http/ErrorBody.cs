using System.Text.Json;

namespace KalshiActors.Exchange.Http;

/// <summary>Reads the exchange's error body, whose envelope varies: a string under <c>error</c>, an object under <c>error</c>, or a flat object.</summary>
internal static class ErrorBody
{
    public static (string? Code, string Message) Parse(string body, string reasonPhrase)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, reasonPhrase);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Truncate(body));
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return (null, error.GetString() ?? reasonPhrase);
                }

                if (error.ValueKind == JsonValueKind.Object)
                {
                    return FromObject(error, reasonPhrase);
                }
            }

            return FromObject(root, reasonPhrase);
        }
        catch (JsonException)
        {
            return (null, Truncate(body));
        }
    }

    private static (string? Code, string Message) FromObject(JsonElement element, string reasonPhrase)
    {
        var code = element.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var message = element.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var details = element.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var text = message ?? reasonPhrase;
        if (!string.IsNullOrEmpty(details))
        {
            text = $"{text} ({details})";
        }

        return (code, text);
    }

    private static string Truncate(string body) => body.Length <= 500 ? body : string.Concat(body.AsSpan(0, 500), "...");
}
