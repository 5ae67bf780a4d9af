namespace KalshiActors.Dashboard.Bridge;

/// <summary>A fixed-capacity list that forgets its oldest item when full (the bridge's bounded recent state).</summary>
internal sealed class Ring<T>(int capacity)
{
    private readonly Queue<T> _items = new(capacity);

    public int Count => _items.Count;

    /// <summary>Adds an item; returns the one forgotten to make room, if any.</summary>
    public bool Add(T item, out T? evicted)
    {
        evicted = default;
        var full = _items.Count >= capacity;
        if (full)
        {
            evicted = _items.Dequeue();
        }

        _items.Enqueue(item);
        return full;
    }

    /// <summary>Adds an item.</summary>
    public void Add(T item) => Add(item, out _);

    /// <summary>The last item, if any.</summary>
    public T? Last => _items.Count == 0 ? default : _items.Last();

    /// <summary>The newest <paramref name="limit"/> items, newest first.</summary>
    public IReadOnlyList<T> Newest(int limit) => [.. _items.Reverse().Take(limit)];

    /// <summary>Every item, oldest first.</summary>
    public IReadOnlyList<T> All() => [.. _items];
}
