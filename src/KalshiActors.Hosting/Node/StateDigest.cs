using System.Security.Cryptography;
using System.Text;
using KalshiActors.Domain.Protocol;
using KalshiActors.Kernel;

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

    /// <summary>
    /// Asks each component's actor of <paramref name="system"/> for its <see cref="StateDigestPart"/>, in hashing order; a
    /// component that is not running contributes an empty part, so the digest of a partial tree is still defined. The node
    /// and replay both collect through here, so their digests are comparable. <paramref name="timeout"/> is real time even
    /// when the system runs on a virtual clock (where an ask's own timeout would never fire).
    /// </summary>
    public static async Task<IReadOnlyList<StateDigestPart>> CollectPartsAsync(ActorSystem system, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(system);
        var parts = new List<StateDigestPart>();
        foreach (var (component, path) in Components)
        {
            IActorRef? actor;
            try
            {
                actor = await system.ActorSelection(path).ResolveOne(timeout).WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (ActorNotFoundException)
            {
                actor = null;
            }

            if (actor is null)
            {
                parts.Add(new StateDigestPart(component, []));
                continue;
            }

            var part = await actor.Ask<StateDigestPart>(new GetStateDigestPart(), timeout, cancellationToken)
                .WaitAsync(timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            parts.Add(part);
        }

        return parts;
    }

    /// <summary>Lower-case hex SHA-256 of one part's canonical JSON (what <see cref="StateDigestRecorded"/> keeps per component).</summary>
    public static string HashPart(StateDigestPart part)
    {
        ArgumentNullException.ThrowIfNull(part);
        return Convert.ToHexStringLower(SHA256.HashData(part.CanonicalJson));
    }

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
