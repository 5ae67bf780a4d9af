using System.Security.Cryptography;
using System.Text;

namespace KalshiActors.Dashboard.Security;

/// <summary>
/// The dashboard's bearer token: 32 random bytes (base64url) kept in a file readable by its owner only (0600), created at
/// first start and reused after. The token itself is never logged; only the file's path is told, once, when created.
/// </summary>
internal sealed class AccessToken
{
    private readonly byte[] _token;

    private AccessToken(string path, string token, bool created)
    {
        FilePath = path;
        _token = Encoding.ASCII.GetBytes(token);
        Created = created;
    }

    /// <summary>The token file's full path.</summary>
    public string FilePath { get; }

    /// <summary>Whether this start created the file.</summary>
    public bool Created { get; }

    /// <summary>Reads the token file, or creates it (mode 0600) with a new token.</summary>
    public static AccessToken LoadOrCreate(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            var existing = File.ReadAllText(full).Trim();
            if (existing.Length >= 32)
            {
                if (!OperatingSystem.IsWindows())
                {
                    // A token others can read is no secret: tighten a file that was loosened by hand.
                    File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                return new AccessToken(full, existing, created: false);
            }
        }

        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(full, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(token + "\n"));
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new AccessToken(full, token, created: true);
    }

    /// <summary>Whether <paramref name="candidate"/> is the token (constant time).</summary>
    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return false;
        }

        var bytes = Encoding.ASCII.GetBytes(candidate);
        return bytes.Length == _token.Length && CryptographicOperations.FixedTimeEquals(bytes, _token);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
