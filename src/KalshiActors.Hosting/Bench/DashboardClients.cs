using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace KalshiActors.Hosting.Bench;

/// <summary>
/// `bench dashboard`'s 50 WebSocket clients, running: in a child `kalshi-actors bench dashboard-clients` under `nice` when
/// the CLI is beside this assembly (as browsers would run elsewhere, off the node's thread pool and below its priority),
/// else in this process.
/// </summary>
internal sealed class DashboardClients
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(90);

    private DashboardClients(bool separateProcess, Task<long[]> completion)
    {
        SeparateProcess = separateProcess;
        Completion = completion;
    }

    /// <summary>Whether the clients run in a process of their own.</summary>
    public bool SeparateProcess { get; }

    /// <summary>Completes with the messages each client received, once they have read for the duration asked.</summary>
    public Task<long[]> Completion { get; }

    /// <summary>Starts the clients; returns once every one is connected.</summary>
    public static async Task<DashboardClients> StartAsync(Uri url, int clients, TimeSpan duration, TextWriter progress, CancellationToken cancellationToken)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "kalshi-actors.dll");
        if (!File.Exists(cli))
        {
            progress.WriteLine("dashboard: the CLI is not beside the bench; the clients run in this process (figures overstate the node's cost)");
            var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = DashboardClientsBenchSuite.RunClientsAsync(url, clients, duration, new SignalingWriter(connected), cancellationToken);
            await Task.WhenAny(connected.Task, run).ConfigureAwait(false);
            await connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return new DashboardClients(false, run.ContinueWith(t => t.Result.Messages, cancellationToken, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default));
        }

        var nice = File.Exists("/usr/bin/nice") ? "/usr/bin/nice" : null;
        var start = new ProcessStartInfo(nice ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (nice is not null)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add("19");
            start.ArgumentList.Add("dotnet");
        }

        foreach (var arg in new[] { cli, "bench", "dashboard-clients", "--json" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[DashboardClientsBenchSuite.UrlVariable] = url.ToString();
        start.Environment[DashboardClientsBenchSuite.ClientsVariable] = clients.ToString(CultureInfo.InvariantCulture);
        start.Environment[DashboardClientsBenchSuite.SecondsVariable] = duration.TotalSeconds.ToString(CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bench dashboard-clients");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (errors)
            {
                errors.AppendLine(e.Data);
            }

            if (e.Data.Contains(DashboardClientsBenchSuite.ConnectedLine, StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var exited = process.WaitForExitAsync(cancellationToken);
        try
        {
            var first = await Task.WhenAny(ready.Task, exited).WaitAsync(ConnectTimeout, cancellationToken).ConfigureAwait(false);
            if (first != ready.Task)
            {
                throw new InvalidOperationException($"bench dashboard-clients exited ({process.ExitCode}) before its clients connected: {Text(errors)}");
            }
        }
        catch
        {
            Stop(process);
            process.Dispose();
            throw;
        }

        return new DashboardClients(true, CompleteAsync(process, output, errors, duration));
    }

    private static async Task<long[]> CompleteAsync(Process process, Task<string> output, System.Text.StringBuilder errors, TimeSpan duration)
    {
        using (process)
        {
            try
            {
                await process.WaitForExitAsync().WaitAsync(duration + ConnectTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Stop(process);
                throw new InvalidOperationException("bench dashboard-clients did not finish: " + Text(errors));
            }

            var json = (await output.ConfigureAwait(false)).Trim();
            if (process.ExitCode != 0 || json.Length == 0)
            {
                throw new InvalidOperationException($"bench dashboard-clients failed ({process.ExitCode}): {Text(errors)}");
            }

            using var figures = JsonDocument.Parse(json);
            var root = figures.RootElement;
            // The child reports the fewest and the most messages a client received; the bench reports the same pair.
            return [(long)root.GetProperty("ws_messages_min_per_client").GetDouble(), (long)root.GetProperty("ws_messages_max_per_client").GetDouble()];
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Text(System.Text.StringBuilder errors)
    {
        lock (errors)
        {
            return errors.ToString();
        }
    }

    // The in-process fallback's progress: completes the task when the clients report that they are connected.
    private sealed class SignalingWriter(TaskCompletionSource connected) : StringWriter(CultureInfo.InvariantCulture)
    {
        public override void WriteLine(string? value)
        {
            if (value == DashboardClientsBenchSuite.ConnectedLine)
            {
                connected.TrySetResult();
            }
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
