using BenchmarkDotNet.Running;

// BenchmarkDotNet picks suites by filter: dotnet run -c Release --project tests/KalshiActors.Benchmarks -- --filter '*Hocon*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
