namespace KalshiActors.Hosting.Configuration;

/// <summary>Finds the shipped hocon/ folder: beside the executable when published, in the repository when run from source.</summary>
public static class HoconDirectory
{
    /// <summary>File name of the reference configuration inside the folder.</summary>
    public const string ReferenceFileName = "reference.conf";

    /// <summary>Sub-folder holding one file per environment.</summary>
    public const string EnvironmentsFolderName = "environments";

    /// <summary>
    /// The hocon/ folder: first AppContext.BaseDirectory/hocon (the build copies it there), then hocon/ in the nearest
    /// folder above the executable or the working directory that holds KalshiActors.sln.
    /// </summary>
    public static string Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "hocon");
        if (File.Exists(Path.Combine(beside, ReferenceFileName)))
        {
            return beside;
        }

        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "hocon");
                if (File.Exists(Path.Combine(dir.FullName, "KalshiActors.sln")) &&
                    File.Exists(Path.Combine(candidate, ReferenceFileName)))
                {
                    return candidate;
                }
            }
        }

        throw new ConfigurationException(new ConfigurationProblem(
            "hocon/reference.conf",
            $"hocon/reference.conf was not found beside the executable ({AppContext.BaseDirectory}) nor in a KalshiActors " +
            "repository above it or the working directory; reinstall the published files or run from a clone",
            null));
    }

    /// <summary>The environment names available in <paramref name="hoconDirectory"/>, sorted.</summary>
    public static IReadOnlyList<string> Environments(string hoconDirectory)
    {
        var folder = Path.Combine(hoconDirectory, EnvironmentsFolderName);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.conf")
                .Select(Path.GetFileNameWithoutExtension)
                .OfType<string>()
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];
    }
}
