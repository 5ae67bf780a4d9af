using KalshiActors.Domain;
using KalshiActors.Simulator.Matching;

namespace KalshiActors.Simulator.Replay;

/// <summary>One market of the <see cref="RecordedBookMatcher"/>: its engine book, the crowd orders standing for the recorded levels, and the recorded size our orders took.</summary>
internal sealed class RecordedMarket(MarketTicker ticker, FeeModel fees)
{
    // Crowd orders per (side, YES price), oldest first (the back of the queue is the end of the list).
    private readonly Dictionary<(BookSide Side, int Price), List<SimOrder>> _crowd = [];

    // Recorded size our orders took, by the side of our order and the level's price: the recording keeps showing it until
    // the book moves, and the same size must not fill us twice.
    private readonly Dictionary<(BookSide Ours, int Price), long> _taken = [];

    public MarketTicker Ticker { get; } = ticker;

    public OrderBook Book { get; } = new(ticker.Value, fees);

    public TradeCollector Listener { get; } = new();

    public bool Tradable { get; set; }

    public Quantity Position { get; set; }

    public long OrderNumbers { get; set; }

    public long TradeNumbers { get; set; }

    /// <summary>The crowd levels of a side (a copy: the caller changes them).</summary>
    public List<(int Price, List<SimOrder> Orders)> CrowdLevels(BookSide side) =>
        [.. _crowd.Where(p => p.Key.Side == side).OrderBy(p => p.Key.Price).Select(p => (p.Key.Price, p.Value))];

    public long CrowdAt(BookSide side, int price) =>
        _crowd.TryGetValue((side, price), out var orders) ? orders.Sum(o => o.RemainingQuantity) : 0;

    public void AddCrowd(SimOrder order)
    {
        if (order.RemainingQuantity <= 0 || !order.InBook)
        {
            return;
        }

        if (!_crowd.TryGetValue((order.Side, order.Price), out var orders))
        {
            _crowd[(order.Side, order.Price)] = orders = [];
        }

        orders.Add(order);
    }

    /// <summary>Drops crowd orders that no longer rest (traded or cancelled) from a level.</summary>
    public void Prune(BookSide side, int price)
    {
        if (_crowd.TryGetValue((side, price), out var orders))
        {
            orders.RemoveAll(o => o.RemainingQuantity <= 0 || !o.InBook);
            if (orders.Count == 0)
            {
                _crowd.Remove((side, price));
            }
        }
    }

    /// <summary>What the crowd should show at a level: the recorded size less what our orders took there.</summary>
    public long Target(BookSide side, int price, Dictionary<int, long> recorded)
    {
        var size = recorded.GetValueOrDefault(price);
        var ours = side == BookSide.Bid ? BookSide.Ask : BookSide.Bid;
        return Math.Max(0, size - _taken.GetValueOrDefault((ours, price)));
    }

    public void Took(BookSide ours, int price, long quantity) => _taken[(ours, price)] = _taken.GetValueOrDefault((ours, price)) + quantity;

    /// <summary>A level that shrank below what we took was traded by others too: only what still shows counts as taken.</summary>
    public void ForgetTaken(Dictionary<int, long> bids, Dictionary<int, long> asks)
    {
        foreach (var key in _taken.Keys.ToList())
        {
            var visible = (key.Ours == BookSide.Bid ? asks : bids).GetValueOrDefault(key.Price);
            if (visible <= 0)
            {
                _taken.Remove(key);
            }
            else if (visible < _taken[key])
            {
                _taken[key] = visible;
            }
        }
    }
}
