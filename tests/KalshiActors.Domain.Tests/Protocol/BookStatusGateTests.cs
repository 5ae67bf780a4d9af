using KalshiActors.Domain.Protocol;

namespace KalshiActors.Domain.Tests.Protocol;

public sealed class BookStatusGateTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static BookUpdated Update(string ticker, long sequence, BookStatus status) =>
        new(new MarketTicker(ticker), sequence, new BookTop(null, Quantity.Zero, null, Quantity.Zero), [], [], null, null, null, status, At, null);

    [Fact]
    public void A_books_first_update_and_the_first_after_each_change_of_status_come_through()
    {
        var gate = new BookStatusGate();

        Assert.True(gate.ChangesStatus(Update("KXA-1", 1, BookStatus.Live)));
        Assert.False(gate.ChangesStatus(Update("KXA-1", 2, BookStatus.Live)));
        Assert.False(gate.ChangesStatus(Update("KXA-1", 3, BookStatus.Live)));
        Assert.True(gate.ChangesStatus(Update("KXA-1", 4, BookStatus.Stale)));
        Assert.False(gate.ChangesStatus(Update("KXA-1", 5, BookStatus.Stale)));
        Assert.True(gate.ChangesStatus(Update("KXA-1", 6, BookStatus.Live)));
    }

    [Fact]
    public void Each_market_and_each_gate_is_its_own()
    {
        var gate = new BookStatusGate();
        Assert.True(gate.ChangesStatus(Update("KXA-1", 1, BookStatus.Live)));

        Assert.True(gate.ChangesStatus(Update("KXB-1", 1, BookStatus.Live)));
        Assert.True(new BookStatusGate().ChangesStatus(Update("KXA-1", 2, BookStatus.Live)));
        Assert.False(gate.ChangesStatus(Update("KXB-1", 2, BookStatus.Live)));
    }
}
