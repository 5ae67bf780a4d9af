using KalshiActors.Hocon;

namespace KalshiActors.Hosting.Configuration;

/// <summary>Finds the best location to report for a value.</summary>
internal static class ValueOrigin
{
    /// <summary>
    /// Where a value was written; an object made by a dotted key (`a.b = 1`) may carry no origin of its own, so the
    /// first located value inside it stands in.
    /// </summary>
    public static HoconOrigin? Of(HoconValue value)
    {
        if (value.Origin != HoconOrigin.Code)
        {
            return value.Origin;
        }

        return value switch
        {
            HoconObject obj => obj.Fields.Select(f => Of(f.Value)).FirstOrDefault(o => o is not null),
            HoconArray array => array.Items.Select(Of).FirstOrDefault(o => o is not null),
            _ => null,
        };
    }
}
