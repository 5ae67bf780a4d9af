using System.Globalization;
using KalshiActors.Domain;

namespace KalshiActors.Simulator.Matching;

/// <summary>
/// A reproducible stream of order operations for measuring the matching engine alone: resting limits around a mid price,
/// aggressive IOC takers and cancels, generated up front from a seed so the timed part is only matching.
/// </summary>
public sealed class MatchingWorkload
{
    private readonly Operation[] operations;
    private readonly string[] orderIds;

    private MatchingWorkload(Operation[] operations, string[] orderIds)
    {
        this.operations = operations;
        this.orderIds = orderIds;
    }

    /// <summary>Number of order operations one <see cref="Run"/> performs.</summary>
    public int OperationCount => operations.Length;

    /// <summary>Builds <paramref name="count"/> operations: 70% resting limits, 20% IOC takers, 10% cancels.</summary>
    public static MatchingWorkload Create(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var random = new Random(seed);
        var operations = new Operation[count];
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = i.ToString(CultureInfo.InvariantCulture);
            var roll = random.Next(100);
            var side = random.Next(2) == 0 ? BookSide.Bid : BookSide.Ask;
            var quantity = random.Next(1, 20) * Units.QuantityScale;
            if (roll < 70)
            {
                // Rest 1-8 cents behind the 50-cent mid on the order's own side.
                var offset = random.Next(1, 9) * 100;
                var price = side == BookSide.Bid ? 5000 - offset : 5000 + offset;
                operations[i] = new Operation(OperationKind.Limit, side, price, quantity, random.Next(4), -1);
            }
            else if (roll < 90)
            {
                var price = side == BookSide.Bid ? 5800 : 4200;
                operations[i] = new Operation(OperationKind.Take, side, price, quantity, random.Next(4), -1);
            }
            else
            {
                operations[i] = new Operation(OperationKind.Cancel, side, 0, 0, 0, i == 0 ? 0 : random.Next(i));
            }
        }

        return new MatchingWorkload(operations, ids);
    }

    /// <summary>Runs every operation through a fresh book with the general fee schedule; returns the number of trades.</summary>
    public long Run()
    {
        var book = new OrderBook("KXBENCH-1", FeeModel.General);
        var counter = new TradeCounter();
        var placed = new SimOrder?[operations.Length];
        var now = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < operations.Length; i++)
        {
            var operation = operations[i];
            if (operation.Kind == OperationKind.Cancel)
            {
                if (placed[operation.Target] is { InBook: true } target)
                {
                    book.Cancel(target, CancelReason.UserRequested, now, counter);
                }

                continue;
            }

            var order = new SimOrder(orderIds[i], Accounts[operation.Account], null, book.Ticker, operation.Side, operation.Price, operation.Quantity,
                operation.Kind == OperationKind.Take ? TimeInForce.ImmediateOrCancel : TimeInForce.GoodTillCanceled, SelfTradePrevention.Maker, now);
            book.Submit(order, now, counter);
            placed[i] = order;
        }

        return counter.Trades;
    }

    private static readonly string[] Accounts = ["a", "b", "c", "d"];

    private enum OperationKind
    {
        Limit,
        Take,
        Cancel,
    }

    private readonly record struct Operation(OperationKind Kind, BookSide Side, int Price, long Quantity, int Account, int Target);

    private sealed class TradeCounter : IMatchListener
    {
        public long Trades { get; private set; }

        public void OnTrade(in BookTrade trade) => Trades++;

        public void OnLevelChanged(BookSide side, int price, long delta)
        {
        }

        public void OnOrderChanged(SimOrder order)
        {
        }
    }
}
