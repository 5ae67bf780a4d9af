using KalshiActors.Domain;
using KalshiActors.Domain.Ports;
using KalshiActors.Domain.Protocol;
using KalshiActors.Markets.Books;

namespace KalshiActors.Markets.Tests.Books;

public sealed class PublishedBookSlotsTests
{
    // A pool of the tests' own: the shared one is used by the book actors of tests running alongside.
    private readonly PublishedBookSlots _slots = new();

    [Fact]
    public void Slots_rented_together_are_distinct_across_chunks()
    {
        // More than one chunk's worth, so that a new chunk is started on the way.
        var slots = Enumerable.Range(0, 2_500).Select(_ => _slots.Rent()).ToList();
        try
        {
            for (var i = 0; i < slots.Count; i++)
            {
                slots[i].Value.Top = new BookTop(Price.FromUnits(i + 1), Quantity.FromUnits(1), null, Quantity.FromUnits(0));
            }

            // Each slot still holds what was written to it: no two share storage.
            for (var i = 0; i < slots.Count; i++)
            {
                Assert.Equal(Price.FromUnits(i + 1), slots[i].Value.Top!.YesBid);
            }
        }
        finally
        {
            slots.ForEach(_slots.Return);
        }
    }

    [Fact]
    public void A_returned_slot_keeps_nothing_alive()
    {
        var slot = _slots.Rent();
        var levels = new[] { new BookLevel(Price.FromUnits(4_000), Quantity.FromUnits(10)) };
        slot.Value.YesDepth = levels;
        slot.Value.NoDepth = levels;
        slot.Value.Top = new BookTop(Price.FromUnits(4_000), Quantity.FromUnits(10), null, Quantity.FromUnits(0));

        _slots.Return(slot);

        Assert.Null(slot.Value.Top);
        Assert.Null(slot.Value.YesDepth);
        Assert.Null(slot.Value.NoDepth);

        // And it is the one handed out next, not a new one.
        var next = _slots.Rent();
        next.Value.Top = new BookTop(null, Quantity.FromUnits(0), Price.FromUnits(6_000), Quantity.FromUnits(5));
        Assert.Equal(Price.FromUnits(6_000), slot.Value.Top?.YesAsk);
    }
}
