namespace KalshiActors.Persistence.Tests;

/// <summary>A temp directory deleted when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("kalshi-persistence-").FullName;

    public void Dispose()
    {
        // Pooled SQLite connections may still hold the file on some platforms; clearing pools lets the delete succeed.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
