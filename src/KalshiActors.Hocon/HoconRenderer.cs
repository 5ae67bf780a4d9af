namespace KalshiActors.Hocon;

/// <summary>Writes values as JSON or HOCON.</summary>
internal static class HoconRenderer
{
    public static string ToJson(HoconValue value, bool indented, Func<string, bool>? mask) =>
        throw new NotImplementedException();

    public static string ToHocon(HoconValue value, Func<string, bool>? mask) =>
        throw new NotImplementedException();
}
