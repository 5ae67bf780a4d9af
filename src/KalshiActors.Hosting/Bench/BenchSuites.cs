namespace KalshiActors.Hosting.Bench;

/// <summary>Every benchmark suite the `bench` verb offers.</summary>
public static class BenchSuites
{
    /// <summary>Suites by name, in the order `bench --help` lists them.</summary>
    public static IReadOnlyList<IBenchSuite> All { get; } =
    [
        new HoconBenchSuite(),
        new KernelBenchSuite(),
        new JournalBenchSuite(),
        new ExchangeBenchSuite(),
        new PortfolioBenchSuite(),
        new MarketsBenchSuite(),
        new ExecutionBenchSuite(),
        new PipelineBenchSuite(),
        new ReplayBenchSuite(),
        new DashboardBenchSuite(),
        new DashboardClientsBenchSuite(),
        new ScannerBenchSuite(),
        new StrategiesBenchSuite(),
        new BacktestBenchSuite(),
    ];
}
