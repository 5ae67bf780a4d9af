namespace KalshiActors.Testing;

/// <summary>Locates the repository root and the reference data folder (../shared) beside it.</summary>
internal static class RepositoryLayout
{
    /// <summary>Why a test that needs ../shared was skipped; says what to do about it.</summary>
    public const string SharedMissingMessage =
        "skipped: ../shared (the exchange fixtures and conformance suites) is not beside this clone; " +
        "place it next to the repository or set KALSHI_ACTORS_SHARED to its path to run this test.";

    /// <summary>The folder holding KalshiActors.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The ../shared folder, or null when this clone has none beside it.</summary>
    public static string? SharedDirectory { get; } = FindShared();

    /// <summary>A path inside ../shared; only call when <see cref="SharedDirectory"/> is not null.</summary>
    public static string Shared(params string[] parts) =>
        Path.Combine([SharedDirectory ?? throw new InvalidOperationException(SharedMissingMessage), .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KalshiActors.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"KalshiActors.sln was not found above {AppContext.BaseDirectory}; run the tests from a clone of the repository.");
    }

    private static string? FindShared()
    {
        var overridden = Environment.GetEnvironmentVariable("KALSHI_ACTORS_SHARED");
        if (!string.IsNullOrEmpty(overridden))
        {
            return Directory.Exists(overridden) ? Path.GetFullPath(overridden) : null;
        }

        var beside = Path.GetFullPath(Path.Combine(Root, "..", "shared"));
        return Directory.Exists(beside) ? beside : null;
    }
}

/// <summary>A fact that needs ../shared; skipped with <see cref="RepositoryLayout.SharedMissingMessage"/> without it.</summary>
internal sealed class SharedDataFactAttribute : FactAttribute
{
    public SharedDataFactAttribute()
    {
        if (RepositoryLayout.SharedDirectory is null)
        {
            Skip = RepositoryLayout.SharedMissingMessage;
        }
    }
}

/// <summary>A theory that needs ../shared; skipped with <see cref="RepositoryLayout.SharedMissingMessage"/> without it.</summary>
internal sealed class SharedDataTheoryAttribute : TheoryAttribute
{
    public SharedDataTheoryAttribute()
    {
        if (RepositoryLayout.SharedDirectory is null)
        {
            Skip = RepositoryLayout.SharedMissingMessage;
        }
    }
}
