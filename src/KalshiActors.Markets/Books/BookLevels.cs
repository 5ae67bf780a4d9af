namespace KalshiActors.Markets.Books;

/// <summary>
/// The resting bids of one leg as two parallel sorted arrays (price units ascending, so the best bid is last): a delta is a
/// binary search plus, rarely, a shift; no per-level objects, so a book costs a few hundred bytes.
/// </summary>
internal sealed class BookLevels
{
    private const int InitialCapacity = 8;

    // Price units, strictly ascending over [0, _count); sizes in quantity units, always > 0 for live levels.
    private long[] _prices = [];
    private long[] _sizes = [];
    private int _count;

    /// <summary>Number of non-empty levels.</summary>
    public int Count => _count;

    /// <summary>Best (highest) bid price in units; -1 when empty.</summary>
    public long BestPrice => _count == 0 ? -1 : _prices[_count - 1];

    /// <summary>Size at the best bid in units; 0 when empty.</summary>
    public long BestSize => _count == 0 ? 0 : _sizes[_count - 1];

    /// <summary>Price units of the level <paramref name="rank"/> places below the best (0 = best).</summary>
    public long PriceAt(int rank) => _prices[_count - 1 - rank];

    /// <summary>Size units of the level <paramref name="rank"/> places below the best.</summary>
    public long SizeAt(int rank) => _sizes[_count - 1 - rank];

    /// <summary>Bytes held by the arrays (for the bench's memory figures).</summary>
    public int CapacityBytes => (_prices.Length + _sizes.Length) * sizeof(long);

    /// <summary>Empties the side, keeping the arrays.</summary>
    public void Clear() => _count = 0;

    /// <summary>Sets a level's size outright (snapshot loading); a non-positive size removes it.</summary>
    public void Set(long price, long size)
    {
        var index = Array.BinarySearch(_prices, 0, _count, price);
        if (index >= 0)
        {
            if (size > 0)
            {
                _sizes[index] = size;
            }
            else
            {
                RemoveAt(index);
            }
        }
        else if (size > 0)
        {
            InsertAt(~index, price, size);
        }
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to the level at <paramref name="price"/>. Returns the level's rank from the best
    /// before or after the change, whichever is better (so callers can tell whether the top N changed), or -1 when the
    /// delta would leave a negative size (the book is inconsistent and must be resynchronised; nothing is changed).
    /// </summary>
    public int Apply(long price, long delta)
    {
        var index = Array.BinarySearch(_prices, 0, _count, price);
        if (index >= 0)
        {
            var size = _sizes[index] + delta;
            if (size < 0)
            {
                return -1;
            }

            var rank = _count - 1 - index;
            if (size == 0)
            {
                RemoveAt(index);
            }
            else
            {
                _sizes[index] = size;
            }

            return rank;
        }

        if (delta < 0)
        {
            return -1;
        }

        if (delta == 0)
        {
            // Nothing rests there and nothing changes: rank beyond any depth.
            return int.MaxValue;
        }

        var insertAt = ~index;
        InsertAt(insertAt, price, delta);
        return _count - 1 - insertAt;
    }

    private void InsertAt(int index, long price, long size)
    {
        if (_count == _prices.Length)
        {
            var capacity = _prices.Length == 0 ? InitialCapacity : _prices.Length * 2;
            Array.Resize(ref _prices, capacity);
            Array.Resize(ref _sizes, capacity);
        }

        if (index < _count)
        {
            Array.Copy(_prices, index, _prices, index + 1, _count - index);
            Array.Copy(_sizes, index, _sizes, index + 1, _count - index);
        }

        _prices[index] = price;
        _sizes[index] = size;
        _count++;
    }

    private void RemoveAt(int index)
    {
        _count--;
        if (index < _count)
        {
            Array.Copy(_prices, index + 1, _prices, index, _count - index);
            Array.Copy(_sizes, index + 1, _sizes, index, _count - index);
        }
    }
}
