namespace KalshiActors.Persistence.Serialization;

/// <summary>
/// The last values of one type read on this thread through <see cref="RecordJsonConverter{T}"/>'s ReadRepeating, one per
/// slot, shared by the converters of every record (an order's id read from its submission is found again in its fill).
/// </summary>
internal static class RepeatedValues<TValue>
{
    private const int Slots = 4;

    [ThreadStatic]
    private static Entry[]? t_slots;

    public static ref Entry At(int slot) => ref (t_slots ??= new Entry[Slots])[slot];

    /// <summary>A value and its JSON text: the first <see cref="Length"/> bytes of <see cref="Text"/>, a buffer reused across values.</summary>
    internal struct Entry
    {
        public byte[]? Text;
        public int Length;
        public TValue Value;
    }
}
