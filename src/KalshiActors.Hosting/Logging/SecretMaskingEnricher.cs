using KalshiActors.Hosting.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace KalshiActors.Hosting.Logging;

/// <summary>
/// Replaces the value of every log-event property whose name looks like a secret (<see cref="SecretNames"/>) with
/// `***`, at any depth of a destructured object or dictionary, before any sink sees the event; the rendered message
/// is built from these properties, so it is masked too.
/// </summary>
internal sealed class SecretMaskingEnricher : ILogEventEnricher
{
    private static readonly ScalarValue Masked = new(SecretNames.Mask);

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        List<LogEventProperty>? replacements = null;
        foreach (var property in logEvent.Properties)
        {
            var masked = SecretNames.IsSecret(property.Key) ? Masked : Mask(property.Value);
            if (!ReferenceEquals(masked, property.Value))
            {
                (replacements ??= []).Add(new LogEventProperty(property.Key, masked));
            }
        }

        if (replacements is not null)
        {
            foreach (var replacement in replacements)
            {
                logEvent.AddOrUpdateProperty(replacement);
            }
        }
    }

    /// <summary>The value with secret-named members masked, or the same instance when nothing needed masking.</summary>
    private static LogEventPropertyValue Mask(LogEventPropertyValue value)
    {
        switch (value)
        {
            case StructureValue structure:
            {
                var changed = false;
                var members = new List<LogEventProperty>(structure.Properties.Count);
                foreach (var member in structure.Properties)
                {
                    var masked = SecretNames.IsSecret(member.Name) ? Masked : Mask(member.Value);
                    changed |= !ReferenceEquals(masked, member.Value);
                    members.Add(ReferenceEquals(masked, member.Value) ? member : new LogEventProperty(member.Name, masked));
                }

                return changed ? new StructureValue(members, structure.TypeTag) : value;
            }

            case DictionaryValue dictionary:
            {
                var changed = false;
                var entries = new List<KeyValuePair<ScalarValue, LogEventPropertyValue>>(dictionary.Elements.Count);
                foreach (var entry in dictionary.Elements)
                {
                    var masked = entry.Key.Value is string key && SecretNames.IsSecret(key) ? Masked : Mask(entry.Value);
                    changed |= !ReferenceEquals(masked, entry.Value);
                    entries.Add(new KeyValuePair<ScalarValue, LogEventPropertyValue>(entry.Key, masked));
                }

                return changed ? new DictionaryValue(entries) : value;
            }

            case SequenceValue sequence:
            {
                var changed = false;
                var elements = new List<LogEventPropertyValue>(sequence.Elements.Count);
                foreach (var element in sequence.Elements)
                {
                    var masked = Mask(element);
                    changed |= !ReferenceEquals(masked, element);
                    elements.Add(masked);
                }

                return changed ? new SequenceValue(elements) : value;
            }

            default:
                return value;
        }
    }
}
