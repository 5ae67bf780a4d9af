using System.Globalization;
using KalshiActors.Domain;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Strategies.Sizing;

/// <summary>What the sizer needs besides the prices: the configured fraction, the drawdown rule, the lot and the caps.</summary>
/// <param name="KellyFraction">Fraction of full Kelly staked (0.25 = quarter Kelly).</param>
/// <param name="Drawdown">Size reduction while in drawdown.</param>
/// <param name="LotSize">Orders are whole multiples of this (0.01 = the exchange's fractional granularity, 1.00 = whole contracts).</param>
/// <param name="MaxContracts">Most contracts held in one market by this strategy (what is already held counts).</param>
public sealed record SizingPolicy(double KellyFraction, DrawdownRule Drawdown, Quantity LotSize, Quantity MaxContracts);

/// <summary>
/// Fee-adjusted Kelly for a binary contract. Buying one contract costs k = price + fee (the fee is paid at the trade,
/// whatever the outcome) and pays $1 with probability p, so the net odds are b = (1 − k) / k and the Kelly fraction of
/// bankroll is f* = (b·p − (1 − p)) / b = (p − k) / (1 − k). The stake is f* × fraction × drawdown scale × bankroll;
/// contracts = stake / k, rounded down to whole lots, then capped.
/// </summary>
public static class KellySizer
{
    /// <summary>The full Kelly fraction for win probability <paramref name="probability"/> at all-in cost <paramref name="costPerContract"/> dollars (0 when there is no edge).</summary>
    public static double FullKelly(double probability, double costPerContract)
    {
        if (costPerContract <= 0 || costPerContract >= 1)
        {
            return 0;
        }

        return Math.Max(0, (probability - costPerContract) / (1 - costPerContract));
    }

    /// <summary>
    /// Sizes a purchase of one leg at <paramref name="price"/> with fee <paramref name="feePerContract"/>, win probability
    /// <paramref name="probability"/>, bankroll <paramref name="bankroll"/> (portfolio equity) and drawdown
    /// <paramref name="drawdown"/>; <paramref name="held"/> counts against the cap and <paramref name="available"/>
    /// (the size at the price, for orders that take) caps the order too.
    /// </summary>
    public static SizingRationale Size(
        double probability,
        Price price,
        Money feePerContract,
        Money bankroll,
        double drawdown,
        SizingPolicy policy,
        Quantity held,
        Quantity? available)
    {
        var s = Compute(probability, price, feePerContract, bankroll, drawdown, policy, held, available);
        var explanation = string.Create(
            CultureInfo.InvariantCulture,
            $"p={probability:F4} cost={s.Cost:F4} (price {price} + fee {feePerContract}) full Kelly={s.FullKelly:F4} x fraction {policy.KellyFraction:F2} x drawdown scale {s.Scale:F3} (drawdown {drawdown:P1}) of bankroll {bankroll} = stake ${s.Stake:F2} -> {Quantity.FromUnits(s.KellyUnits)} in lots of {policy.LotSize}{s.CapText()} -> {s.Contracts}");
        return new SizingRationale(s.FullKelly, policy.KellyFraction, s.Scale, bankroll, s.Contracts, explanation);
    }

    /// <summary>The contracts <see cref="Size"/> would give, without formatting its explanation.</summary>
    public static Quantity Contracts(
        double probability,
        Price price,
        Money feePerContract,
        Money bankroll,
        double drawdown,
        SizingPolicy policy,
        Quantity held,
        Quantity? available) =>
        Compute(probability, price, feePerContract, bankroll, drawdown, policy, held, available).Contracts;

    private static Sized Compute(
        double probability,
        Price price,
        Money feePerContract,
        Money bankroll,
        double drawdown,
        SizingPolicy policy,
        Quantity held,
        Quantity? available)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var cost = (price.Units + feePerContract.Units) / (double)Money.UnitsPerDollar;
        var fullKelly = FullKelly(probability, cost);
        var scale = policy.Drawdown.Scale(drawdown);
        var bankrollDollars = Math.Max(0, bankroll.Units) / (double)Money.UnitsPerDollar;
        var stake = fullKelly * policy.KellyFraction * scale * bankrollDollars;
        var lotUnits = Math.Max(1, policy.LotSize.Units);

        // A hair of tolerance so that 3 lots computed as 2.9999999 by binary floating point stay 3 lots.
        var lots = cost > 0 ? (long)Math.Floor((stake / cost * Quantity.UnitsPerContract / lotUnits) + 1e-9) : 0;
        var kellyUnits = lots * lotUnits;
        var room = Math.Max(0, policy.MaxContracts.Units - Math.Max(0, held.Units));
        var capped = Math.Min(kellyUnits, room);
        CapReason? cap = null;
        if (capped < kellyUnits)
        {
            cap = held.Units > 0 ? CapReason.MaxContractsLessHeld : CapReason.MaxContracts;
        }

        if (available is { } size && capped > size.Units)
        {
            capped = size.Units;
            cap = CapReason.Available;
        }

        // Caps can leave a remainder below one lot; orders are whole lots.
        capped = capped / lotUnits * lotUnits;
        return new Sized(cost, fullKelly, scale, stake, kellyUnits, Quantity.FromUnits(Math.Max(0, capped)), cap, policy, held, available);
    }

    private enum CapReason
    {
        MaxContracts,
        MaxContractsLessHeld,
        Available,
    }

    /// <summary>The figures of one sizing; the cap's words are formatted only for an explanation.</summary>
    private readonly record struct Sized(
        double Cost, double FullKelly, double Scale, double Stake, long KellyUnits, Quantity Contracts, CapReason? Cap, SizingPolicy Policy, Quantity Held, Quantity? Available)
    {
        public string CapText() => Cap switch
        {
            null => string.Empty,
            CapReason.MaxContractsLessHeld => $"; capped by max-contracts {Policy.MaxContracts} less {Held} held",
            CapReason.MaxContracts => $"; capped by max-contracts {Policy.MaxContracts}",
            _ => $"; capped by the {Available} available at the price",
        };
    }
}
