using BenchmarkDotNet.Running;
using KalshiActors.Hosting.Bench;

// `-- --kernel-quick` (or `--kernel`) runs the kernel bench suite once and prints its JSON figures, for quick measurements
// without the CLI; anything else goes to BenchmarkDotNet, which picks suites by filter:
// dotnet run -c Release --project tests/KalshiActors.Benchmarks -- --filter '*Hocon*'
if (args is ["--kernel-quick"] or ["--kernel"])
{
    var suite = BenchSuites.All.Single(s => s.Name == "kernel");
    var figures = await suite.RunAsync(new BenchOptions(Quick: args[0] == "--kernel-quick", Journal: null, Progress: Console.Error), CancellationToken.None);
    Console.WriteLine("{" + string.Join(", ", figures.Select(f => $"\"{f.Key}\": {f.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")) + "}");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
