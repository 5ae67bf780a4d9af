using KalshiActors.Domain;

namespace KalshiActors.Hosting.Node;

/// <summary>
/// The node will not start as asked (live without confirmation or keys, a mode `run` does not serve); the message says
/// what to do. The CLI prints it as one line and exits with code 2.
/// </summary>
public sealed class NodeStartRefusedException : KalshiActorsException
{
    /// <summary>Creates the exception listing every reason, one per entry.</summary>
    public NodeStartRefusedException(IReadOnlyList<string> reasons)
        : base(string.Join("; ", reasons)) => Reasons = reasons;

    /// <summary>Every reason the node refused, each saying what to change.</summary>
    public IReadOnlyList<string> Reasons { get; }
}
