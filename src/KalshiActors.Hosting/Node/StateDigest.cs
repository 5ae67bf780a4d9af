using System.Security.Cryptography;
using System.Text;
using KalshiActors.Domain.Protocol;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// The node's state digest: SHA-256 over the <see cref="StateDigestPart"/>s of the portfolio, execution and the risk
/// guardian, in that order, each fed as <c>component + "\n" + canonical JSON + "\n"</c>. A replay of the journal must
/// produce the same hex.
/// </summary>
public static class StateDigest
{
    /// <summary>The components, in hashing order, with the actor path that answers for each.</summary>
    public static IReadOnlyList<(string Component, string Path)> Components { get; } =
    [
        ("portfolio", Domain.ActorNames.PortfolioPath),
        ("execution", Domain.ActorNames.ExecutionPath),
        ("risk", Domain.ActorNames.RiskGuardianPath),
    ];

    /// <summary>Lower-case hex SHA-256 of <paramref name="parts"/> in the order given.</summary>
    public static string Compute(IEnumerable<StateDigestPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in parts)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(part.Component + "\n"));
            hash.AppendData(part.CanonicalJson);
            hash.AppendData("\n"u8);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
