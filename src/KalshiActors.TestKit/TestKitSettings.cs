using System.Globalization;

namespace KalshiActors.Testing;

/// <summary>
/// TestKit timeouts (HOCON <c>kalshi-actors.kernel.testkit</c>), multiplied by the dilation factor from the
/// <c>KALSHI_ACTORS_TEST_DILATION</c> environment variable on slow machines.
/// </summary>
public sealed record TestKitSettings
{
    /// <summary>The environment variable holding the dilation factor (a positive number, default 1).</summary>
    public const string DilationVariable = "KALSHI_ACTORS_TEST_DILATION";

    /// <summary>Defaults, with the dilation factor read from the environment.</summary>
    public static TestKitSettings Default { get; } = new() { DilationFactor = ReadDilation() };

    /// <summary>How long an expectation waits when no timeout is given.</summary>
    public TimeSpan SingleExpectDefault { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long <c>ExpectNoMsg</c> listens when no duration is given.</summary>
    public TimeSpan ExpectNoMessageDefault { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the system may take to shut down after each test.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Multiplier applied to every timeout.</summary>
    public double DilationFactor { get; init; } = 1.0;

    /// <summary>A duration scaled by <see cref="DilationFactor"/>.</summary>
    public TimeSpan Dilated(TimeSpan duration) => duration == Timeout.InfiniteTimeSpan ? duration : duration * DilationFactor;

    private static double ReadDilation()
    {
        var text = Environment.GetEnvironmentVariable(DilationVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return 1.0;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0
            ? factor
            : throw new InvalidOperationException($"{DilationVariable}='{text}' is not a positive number; set it to e.g. 2 or unset it.");
    }
}
