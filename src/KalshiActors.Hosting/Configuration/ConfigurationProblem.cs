using KalshiActors.Hocon;

namespace KalshiActors.Hosting.Configuration;

/// <summary>One thing wrong with the effective configuration: the setting's path, what is wrong, and where it was written.</summary>
/// <param name="Path">Full dotted path of the setting (`kalshi-actors.logging.level`), or empty when the problem is a whole file.</param>
/// <param name="Message">What is wrong and what would be valid.</param>
/// <param name="Origin">Where the offending value was written, when known.</param>
public sealed record ConfigurationProblem(string Path, string Message, HoconOrigin? Origin)
{
    /// <summary>`file:line:col: path: message`, the form every configuration error is printed in.</summary>
    public override string ToString()
    {
        var located = Origin is null || Origin == HoconOrigin.Code ? string.Empty : $"{Origin}: ";
        return Path.Length == 0 || Message.Contains(Path, StringComparison.Ordinal)
            ? $"{located}{Message}"
            : $"{located}{Path}: {Message}";
    }
}
