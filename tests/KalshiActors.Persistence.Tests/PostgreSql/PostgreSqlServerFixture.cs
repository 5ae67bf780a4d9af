using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace KalshiActors.Persistence.Tests.PostgreSql;

/// <summary>
/// A throwaway PostgreSQL server for the test run: initdb in a temp dir, started on a free loopback port with its
/// sockets in that dir, stopped and deleted afterwards. Installs the Debian `postgresql` package when the binaries are
/// missing and the run is root; otherwise fails saying what to install.
/// </summary>
public sealed class PostgreSqlServerFixture : IAsyncLifetime
{
    private const string ServiceUser = "postgres";

    private string? _binDirectory;
    private string? _root;
    private bool _asServiceUser;

    /// <summary>Connection string to the server's `postgres` database as superuser `postgres` (trust auth, loopback only).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A schema name nobody used yet in this run, so each test starts from an empty journal.</summary>
    public static string NewSchema() => "t_" + Guid.NewGuid().ToString("N");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _binDirectory = FindBinaries() ?? await InstallAsync();
        _asServiceUser = Environment.IsPrivilegedProcess;
        _root = Directory.CreateTempSubdirectory("kalshi-pg-").FullName;
        var data = Path.Combine(_root, "data");
        if (_asServiceUser)
        {
            // postgres refuses to run as root: the server runs as the `postgres` OS user, who must own the directory.
            await EnsureServiceUserAsync();
            await RunAsync("chown", ["-R", $"{ServiceUser}:", _root], asServiceUser: false);
        }

        await RunAsync(Path.Combine(_binDirectory, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"], _asServiceUser);
        var port = FreePort();
        var options = $"-p {port} -k {_root} -c listen_addresses=127.0.0.1 -F -c max_connections=200";
        await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start"], _asServiceUser);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50";
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_root is null || _binDirectory is null)
        {
            return;
        }

        try
        {
            await RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop"], _asServiceUser);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        var candidates = new List<string>();
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin")));
        }

        candidates.AddRange((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
    }

    private static async Task<string> InstallAsync()
    {
        const string Advice = "PostgreSQL server binaries (initdb, pg_ctl) were not found; install them (Debian/Ubuntu: `sudo apt-get install postgresql`) " +
                              "or run the tests as root so they can install it, then rerun.";
        if (!Environment.IsPrivilegedProcess || !File.Exists("/usr/bin/apt-get"))
        {
            throw new InvalidOperationException(Advice);
        }

        await RunAsync("apt-get", ["update"], asServiceUser: false);
        await RunAsync("apt-get", ["install", "-y", "--no-install-recommends", "postgresql"], asServiceUser: false);
        return FindBinaries() ?? throw new InvalidOperationException(Advice);
    }

    private static async Task EnsureServiceUserAsync()
    {
        try
        {
            await RunAsync("id", ["-u", ServiceUser], asServiceUser: false);
        }
        catch (InvalidOperationException)
        {
            await RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ServiceUser], asServiceUser: false);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments, bool asServiceUser)
    {
        var start = new ProcessStartInfo(asServiceUser ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asServiceUser)
        {
            foreach (var a in new[] { "-u", ServiceUser, "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
        }
    }
}

/// <summary>One PostgreSQL server shared by every PostgreSQL test class in the run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServerFixture>
{
    /// <summary>The collection name PostgreSQL test classes join.</summary>
    public const string Name = "PostgreSQL server";
}
