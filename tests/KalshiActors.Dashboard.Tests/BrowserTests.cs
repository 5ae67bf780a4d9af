using System.Diagnostics;
using System.Text;
using KalshiActors.Testing;
using Xunit.Abstractions;

namespace KalshiActors.Dashboard.Tests;

/// <summary>
/// Runs tests/browser (playwright-core driving Debian's chromium against a node in simulator mode) so the README's test
/// command fails when a browser test fails. tests/browser/run.sh installs node, chromium and playwright-core when missing.
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Dashboard_works_in_a_real_browser_against_a_simulator_node()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var cli = Path.Combine(RepositoryLayout.Root, "artifacts", "build", "bin", "KalshiActors.Cli", configuration, "kalshi-actors.dll");
        Assert.True(File.Exists(cli), $"the CLI is not built at {cli}");
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryLayout.Root, "tests", "browser", "run.sh")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(RepositoryLayout.Root, "tests", "browser"),
        };
        start.Environment["KALSHI_ACTORS_CLI"] = cli;
        start.Environment["NO_COLOR"] = "1";
        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"browser tests did not finish within {Limit.TotalMinutes:0} minutes:\n{Text()}");
        }

        process.WaitForExit();
        output.WriteLine(Text());
        Assert.True(process.ExitCode == 0, $"browser tests failed (exit {process.ExitCode}):\n{Text()}");

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (log)
                {
                    log.AppendLine(line);
                }
            }
        }

        string Text()
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }
}
