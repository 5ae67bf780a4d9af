using System.Reflection;
using KalshiActors.Testing;

namespace KalshiActors.Architecture.Tests;

/// <summary>Keeps the project-reference table in ARCHITECTURE.md true by reading each assembly's references.</summary>
public sealed class DependencyDirectionTests
{
    private static readonly string[] TradingModule = ["KalshiActors.Kernel", "KalshiActors.Domain", "KalshiActors.Persistence"];

    // Hosting is the composition root: every library, but neither the CLI nor the test kit.
    private static readonly string[] EverythingBelowHosting =
    [
        "KalshiActors.Hocon", "KalshiActors.Kernel", "KalshiActors.Domain", "KalshiActors.Persistence",
        "KalshiActors.Persistence.Sqlite", "KalshiActors.Persistence.PostgreSql", "KalshiActors.Exchange",
        "KalshiActors.Simulator", "KalshiActors.Markets", "KalshiActors.Strategies", "KalshiActors.Risk",
        "KalshiActors.Execution", "KalshiActors.Portfolio", "KalshiActors.Cluster", "KalshiActors.Dashboard",
    ];

    // Which KalshiActors assemblies each one may reference (ARCHITECTURE.md, "Dependency direction").
    // The CLI assembly is named kalshi-actors; it may reference Hosting only.
    private static readonly Dictionary<string, string[]> AllowedProjectReferences = new(StringComparer.Ordinal)
    {
        ["KalshiActors.Hocon"] = [],
        ["KalshiActors.Kernel"] = [],
        ["KalshiActors.Domain"] = [],
        ["KalshiActors.TestKit"] = ["KalshiActors.Kernel", "KalshiActors.Persistence"],
        ["KalshiActors.Persistence"] = ["KalshiActors.Kernel"],
        ["KalshiActors.Persistence.Sqlite"] = ["KalshiActors.Persistence", "KalshiActors.Kernel"],
        ["KalshiActors.Persistence.PostgreSql"] = ["KalshiActors.Persistence", "KalshiActors.Kernel"],
        ["KalshiActors.Exchange"] = ["KalshiActors.Domain"],
        ["KalshiActors.Simulator"] = ["KalshiActors.Exchange", "KalshiActors.Domain"],
        ["KalshiActors.Markets"] = TradingModule,
        ["KalshiActors.Strategies"] = TradingModule,
        ["KalshiActors.Risk"] = TradingModule,
        ["KalshiActors.Execution"] = TradingModule,
        ["KalshiActors.Portfolio"] = TradingModule,
        ["KalshiActors.Cluster"] =
            ["KalshiActors.Kernel", "KalshiActors.Domain", "KalshiActors.Persistence", "KalshiActors.Persistence.PostgreSql"],
        ["KalshiActors.Dashboard"] = ["KalshiActors.Kernel", "KalshiActors.Domain", "KalshiActors.Persistence"],
        ["KalshiActors.Hosting"] = EverythingBelowHosting,
        ["kalshi-actors"] = ["KalshiActors.Hosting"],
    };



    // Outside packages that only one project may touch, so their exceptions and types never leak.
    private static readonly Dictionary<string, string[]> DriverOwners = new(StringComparer.Ordinal)
    {
        ["Microsoft.Data.Sqlite"] = ["KalshiActors.Persistence.Sqlite"],
        ["Npgsql"] = ["KalshiActors.Persistence.PostgreSql", "KalshiActors.Cluster"],
        ["System.CommandLine"] = ["kalshi-actors"],
    };

    // The lowest layers stand on the base class library plus the Microsoft.Extensions abstractions
    // they plug into (the configuration provider for Hocon, logging for the kernel).
    private static readonly Dictionary<string, string[]> AllowedOutsidePrefixes = new(StringComparer.Ordinal)
    {
        ["KalshiActors.Hocon"] = ["Microsoft.Extensions.Configuration", "Microsoft.Extensions.Primitives", "Microsoft.Extensions.FileProviders"],
        ["KalshiActors.Kernel"] = ["Microsoft.Extensions.Logging"],
        ["KalshiActors.Domain"] = [],
    };

    public static TheoryData<string> ProjectAssemblies()
    {
        var data = new TheoryData<string>();
        foreach (var name in LoadProjectAssemblies().Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Every_shipped_project_is_covered_by_the_table()
    {
        var uncovered = LoadProjectAssemblies().Keys.Where(name => !AllowedProjectReferences.ContainsKey(name)).ToList();
        Assert.True(
            uncovered.Count == 0,
            $"Add these assemblies to ARCHITECTURE.md's table and to this test: {string.Join(", ", uncovered)}");
    }

    [Theory]
    [MemberData(nameof(ProjectAssemblies))]
    public void Project_references_point_down_only(string assemblyName)
    {
        var assembly = LoadProjectAssemblies()[assemblyName];
        if (!AllowedProjectReferences.TryGetValue(assemblyName, out var allowed))
        {
            return; // Reported by Every_shipped_project_is_covered_by_the_table.
        }

        var illegal = ProjectReferencesOf(assembly).Where(r => !allowed.Contains(r, StringComparer.Ordinal)).ToList();
        Assert.True(
            illegal.Count == 0,
            $"{assemblyName} references {string.Join(", ", illegal)}, which ARCHITECTURE.md does not allow " +
            $"(allowed: {(allowed.Length == 0 ? "none" : string.Join(", ", allowed))}).");
    }

    [Theory]
    [MemberData(nameof(ProjectAssemblies))]
    public void Drivers_stay_inside_their_own_project(string assemblyName)
    {
        var assembly = LoadProjectAssemblies()[assemblyName];
        var leaks = assembly.GetReferencedAssemblies()
            .Select(r => r.Name ?? string.Empty)
            .Where(r => DriverOwners.TryGetValue(r, out var owners) && !owners.Contains(assemblyName, StringComparer.Ordinal))
            .ToList();
        Assert.True(leaks.Count == 0, $"{assemblyName} references {string.Join(", ", leaks)}, which belong to another project.");
    }

    [Theory]
    [InlineData("KalshiActors.Hocon")]
    [InlineData("KalshiActors.Kernel")]
    [InlineData("KalshiActors.Domain")]
    public void Foundation_projects_use_the_base_class_library_only(string assemblyName)
    {
        if (!LoadProjectAssemblies().TryGetValue(assemblyName, out var assembly))
        {
            Assert.Fail($"{assemblyName} was not found next to the tests; the architecture test cannot check it.");
            return;
        }

        var prefixes = AllowedOutsidePrefixes[assemblyName];
        var outside = assembly.GetReferencedAssemblies()
            .Select(r => r.Name ?? string.Empty)
            .Where(r => !IsBaseClassLibrary(r) && !prefixes.Any(p => r.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.True(outside.Count == 0, $"{assemblyName} references {string.Join(", ", outside)} beyond the base class library.");
    }

    [SharedDataFact]
    public void Every_project_in_ARCHITECTURE_md_has_a_row_here()
    {
        // This test is only worth as much as its copy of the table.
        var text = File.ReadAllText(RepositoryLayout.Shared("ARCHITECTURE.md"));
        var rows = text.Split('\n').Where(line => line.StartsWith("| ", StringComparison.Ordinal));
        var named = rows
            .SelectMany(row => row.Split('|')[1].Split(','))
            .Select(cell => cell.Trim())
            .Where(cell => cell.Length > 0 && char.IsUpper(cell[0]) && !cell.Contains(' ', StringComparison.Ordinal) && cell != "Cli:")
            .Select(cell => "KalshiActors." + cell)
            .ToList();
        Assert.NotEmpty(named);
        var missing = named.Where(project => !AllowedProjectReferences.ContainsKey(project)).ToList();
        Assert.True(missing.Count == 0, $"ARCHITECTURE.md names {string.Join(", ", missing)} but this test has no row for them.");
    }

    private static bool IsBaseClassLibrary(string name) =>
        name is "mscorlib" or "netstandard" || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    private static IEnumerable<string> ProjectReferencesOf(Assembly assembly) =>
        assembly.GetReferencedAssemblies()
            .Select(r => r.Name ?? string.Empty)
            .Where(r => r.StartsWith("KalshiActors.", StringComparison.Ordinal) || r == "kalshi-actors")
            .Distinct(StringComparer.Ordinal);

    private static Dictionary<string, Assembly> LoadProjectAssemblies()
    {
        // The test references the CLI (which pulls in Hosting and every library) and TestKit,
        // so all of their assemblies sit beside this one.
        var found = new Dictionary<string, Assembly>(StringComparer.Ordinal);
        var candidates = Directory.EnumerateFiles(AppContext.BaseDirectory, "KalshiActors.*.dll")
            .Append(Path.Combine(AppContext.BaseDirectory, "kalshi-actors.dll"))
            .Where(File.Exists);
        foreach (var path in candidates)
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (name.EndsWith(".Tests", StringComparison.Ordinal))
            {
                continue;
            }

            found[name] = Assembly.LoadFrom(path);
        }

        return found;
    }
}
