using KalshiActors.Domain;

namespace KalshiActors.Cluster;

/// <summary>A share of the account-wide limits: worst-case exposure and concurrent positions.</summary>
public readonly record struct RiskBudget(Money MaxExposure, int MaxPositions)
{
    /// <summary>Nothing: a node without a budget adds no exposure.</summary>
    public static RiskBudget None { get; } = new(Money.Zero, 0);
}

/// <summary>
/// The arithmetic of budget leases. A node asks for its fair share (the account limit split among the live members),
/// never less than what it already uses (a shrinking budget must not leave held exposure outside every lease), and is
/// granted at most what the other unexpired leases leave of the account limit, so the leases never add up to more
/// than the account allows. The database applies <see cref="Grant"/> under a row lock.
/// </summary>
public static class RiskBudgetArithmetic
{
    /// <summary>The fair share of <paramref name="account"/> for one of <paramref name="liveMembers"/> nodes (rounded down).</summary>
    public static RiskBudget FairShare(RiskBudget account, int liveMembers)
    {
        var members = Math.Max(1, liveMembers);
        return new RiskBudget(Money.FromUnits(account.MaxExposure.Units / members), account.MaxPositions / members);
    }

    /// <summary>What to ask for: the fair share, or what is in use when that is more (capped by the account).</summary>
    public static RiskBudget Desired(RiskBudget fairShare, RiskBudget inUse, RiskBudget account) =>
        new(
            Money.FromUnits(Math.Min(account.MaxExposure.Units, Math.Max(fairShare.MaxExposure.Units, inUse.MaxExposure.Units))),
            Math.Min(account.MaxPositions, Math.Max(fairShare.MaxPositions, inUse.MaxPositions)));

    /// <summary>What may be granted: the request, capped by what <paramref name="othersLeased"/> leave of <paramref name="account"/> (never negative).</summary>
    public static RiskBudget Grant(RiskBudget desired, RiskBudget othersLeased, RiskBudget account) =>
        new(
            Money.FromUnits(Math.Clamp(account.MaxExposure.Units - othersLeased.MaxExposure.Units, 0, desired.MaxExposure.Units)),
            Math.Clamp(account.MaxPositions - othersLeased.MaxPositions, 0, desired.MaxPositions));
}
