namespace KalshiActors.Kernel;

/// <summary>
/// Delivers messages from a thread outside the actors (a feed's reader) so that the actor they wake runs next on that
/// same thread, as an actor's own hand-off does, instead of waiting for a thread-pool worker to wake up for it.
/// </summary>
/// <remarks>
/// On two busy cores a worker's wake-up was the largest single part of a book delta's path to an order, and its tail: a
/// market-data message that the socket's reader hands over this way reaches the book, the strategy and the guardian
/// without one. The same limits as a thread-pool work item apply (a receiver whose turn handled a batch goes back to the
/// pool, and a chain goes back after 128 hand-offs), so a burst still spreads over the cores. Inside an actor's turn it
/// is a plain delivery. Actors on a dedicated or the deterministic dispatcher are scheduled there as usual.
/// </remarks>
public static class InlineDelivery
{
    /// <summary>Runs <paramref name="deliver"/> (which tells actors) and then, on this thread, the actor it woke last.</summary>
    public static void Run<TState>(Action<TState> deliver, TState state)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        ActorCell.DeliverInline(deliver, state);
    }
}
