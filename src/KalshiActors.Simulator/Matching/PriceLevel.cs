namespace KalshiActors.Simulator.Matching;

/// <summary>A FIFO queue of resting orders at one YES price on one side; intrusive links keep removal O(1).</summary>
internal sealed class PriceLevel
{
    /// <summary>Front of the queue (first to fill).</summary>
    public SimOrder? Head { get; private set; }

    /// <summary>Back of the queue.</summary>
    public SimOrder? Tail { get; private set; }

    /// <summary>Sum of remaining sizes, 1/100 contract; invariant: equals the sum over the queue.</summary>
    public long TotalQuantity { get; set; }

    /// <summary>True when no order rests here.</summary>
    public bool IsEmpty => Head is null;

    /// <summary>Appends at the back: newest priority.</summary>
    public void Enqueue(SimOrder order)
    {
        order.Previous = Tail;
        order.Next = null;
        if (Tail is null)
        {
            Head = order;
        }
        else
        {
            Tail.Next = order;
        }

        Tail = order;
        order.InBook = true;
        TotalQuantity += order.RemainingQuantity;
    }

    /// <summary>Unlinks an order wherever it is in the queue.</summary>
    public void Remove(SimOrder order)
    {
        if (order.Previous is null)
        {
            Head = order.Next;
        }
        else
        {
            order.Previous.Next = order.Next;
        }

        if (order.Next is null)
        {
            Tail = order.Previous;
        }
        else
        {
            order.Next.Previous = order.Previous;
        }

        order.Previous = null;
        order.Next = null;
        order.InBook = false;
        TotalQuantity -= order.RemainingQuantity;
    }

    /// <summary>Size resting ahead of <paramref name="order"/> in this queue (the exchange's queue position).</summary>
    public long QuantityAhead(SimOrder order)
    {
        long ahead = 0;
        for (var cursor = Head; cursor is not null && !ReferenceEquals(cursor, order); cursor = cursor.Next)
        {
            ahead += cursor.RemainingQuantity;
        }

        return ahead;
    }
}
