using KalshiActors.Hocon;

namespace KalshiActors.Hocon.Tests;

/// <summary>Parses test text with no environment visible, so results never depend on the machine.</summary>
internal static class TestConfigs
{
    public static readonly HoconResolveOptions NoEnvironment = new() { EnvironmentLookup = _ => null };

    public static Config Parse(string text) => HoconDocument.ParseText(text, "test.conf").Resolve(NoEnvironment);

    public static string Json(string text) => Parse(text).ToJson(indented: false);
}

/// <summary>A temporary folder of config files, deleted after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("hocon-tests-").FullName;
    }

    public string Path { get; }

    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
