using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Markets.Books;

/// <summary>What a book shares from one published update with the next: its top and each side's depth as last published.</summary>
internal struct PublishedBook
{
    public BookTop? Top;
    public BookLevel[]? YesDepth;
    public BookLevel[]? NoDepth;
}

/// <summary>
/// Where every book actor keeps its <see cref="PublishedBook"/>: a slot in a shared array rather than fields of its own.
/// </summary>
/// <remarks>
/// A book shares its last top and its unchanged side's levels with the next update (most deltas move one level below the
/// top of one side), which saves about half of what each update would allocate. But those objects are young, and an old
/// object holding young ones is a card that every ephemeral collection scans, at ~1 us each here (finding where the
/// objects on the card start is a walk over the heap around it). With the references in 2,000 book actors spread over the
/// heap that was 2,000 cards, a few milliseconds of every gen0 pause; in these arrays ten books share a card.
/// Slots are handed out and taken back under a lock (once per book actor's start and stop); between the two a slot is
/// read and written only by its book actor. Chunks never move, so a slot stays valid while others are handed out.
/// </remarks>
internal sealed class PublishedBookSlots
{
    private const int ChunkLength = 1024;
    private readonly Lock _gate = new();
    private readonly Stack<PublishedBookSlot> _free = new();
    private PublishedBook[] _chunk = new PublishedBook[ChunkLength];
    private int _used;

    /// <summary>The slots every book actor of the process takes from (one set of dense arrays for all of them).</summary>
    public static PublishedBookSlots Shared { get; } = new();

    /// <summary>An empty slot for a book actor that is starting; give it back with <see cref="Return"/> when it stops.</summary>
    public PublishedBookSlot Rent()
    {
        lock (_gate)
        {
            if (_free.TryPop(out var slot))
            {
                return slot;
            }

            if (_used == ChunkLength)
            {
                _chunk = new PublishedBook[ChunkLength];
                _used = 0;
            }

            return new PublishedBookSlot(_chunk, _used++);
        }
    }

    /// <summary>Empties a stopped book's slot (so it keeps nothing alive) and makes it available again.</summary>
    public void Return(PublishedBookSlot slot)
    {
        slot.Value = default;
        lock (_gate)
        {
            _free.Push(slot);
        }
    }
}

/// <summary>One book's slot in <see cref="PublishedBookSlots"/>.</summary>
internal readonly struct PublishedBookSlot(PublishedBook[] chunk, int index)
{
    /// <summary>The book's shared top and depth, read and written in place.</summary>
    public ref PublishedBook Value => ref chunk[index];
}
