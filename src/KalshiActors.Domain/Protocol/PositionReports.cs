namespace KalshiActors.Domain.Protocol;

/// <summary>Successive portfolio reports compared, for actors that keep what they derived from the last one.</summary>
public static class PositionReports
{
    /// <summary>
    /// Whether <paramref name="now"/>, a list other than <paramref name="last"/>, lists the same legs in the same order, flat
    /// in the same ones: each entry is the last report's own view, or a new view of the same market and side, flat exactly
    /// where that one was. Then only the entries that are not the last report's own views need a look: the portfolio keeps
    /// a market's view while nothing in it changes, and lists each market once. False for the same list, which may have
    /// been changed in place.
    /// </summary>
    public static bool LinesUp(IReadOnlyList<PositionView> last, IReadOnlyList<PositionView> now)
    {
        ArgumentNullException.ThrowIfNull(last);
        ArgumentNullException.ThrowIfNull(now);
        if (ReferenceEquals(last, now) || last.Count != now.Count)
        {
            return false;
        }

        for (var i = 0; i < now.Count; i++)
        {
            var (after, before) = (now[i], last[i]);
            if (!ReferenceEquals(after, before)
                && (after.Ticker != before.Ticker || after.Side != before.Side || after.Contracts.IsZero != before.Contracts.IsZero))
            {
                return false;
            }
        }

        return true;
    }
}
