// KalshiActors build: dotnet tool restore && dotnet cake --target=<Restore|Build|Test|Bench|Publish>
// Test results land in ./artifacts/test-results (TRX), the published CLI in ./artifacts/publish.
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var benchFilter = Argument("filter", "*");
var root = MakeAbsolute(Directory("."));
var solution = root.CombineWithFilePath("KalshiActors.sln");
var artifacts = root.Combine("artifacts");
var testResults = artifacts.Combine("test-results");

Task("Clean")
    .Does(() =>
{
    CleanDirectory(testResults);
    CleanDirectory(artifacts.Combine("publish"));
});

Task("Restore")
    .Does(() =>
{
    DotNetRestore(solution.FullPath);
});

Task("Build")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetBuild(solution.FullPath, new DotNetBuildSettings
    {
        Configuration = configuration,
        NoRestore = true,
    });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    CleanDirectory(testResults);
    Exception failure = null;
    try
    {
        // One invocation for the whole solution lets the test host run assemblies side by side.
        // A hung test is dumped and failed after 10 minutes instead of eating the CI budget.
        DotNetTest(solution.FullPath, new DotNetTestSettings
        {
            Configuration = configuration,
            NoBuild = true,
            NoRestore = true,
            ResultsDirectory = testResults,
            Loggers = new[] { "trx", "console;verbosity=minimal" },
            ArgumentCustomization = args => args.Append("--blame-hang-timeout").Append("10m"),
        });
    }
    catch (Exception ex)
    {
        failure = ex;
    }

    // One plain closing line over every test assembly, so people and CI read the same figure.
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(testResults.FullPath + "/**/*.trx"))
    {
        var counters = XDocument.Load(trx.FullPath).Descendants().First(e => e.Name.LocalName == "Counters");
        int Count(string name) => int.Parse(counters.Attribute(name)?.Value ?? "0");
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("total") - Count("executed");
    }

    // Plain console output: the logger would colour the figures and break line-based readers.
    Console.WriteLine();
    Console.WriteLine($"Tests: {passed} passed, {failed} failed, {skipped} skipped");
    if (failure != null)
    {
        throw new CakeException($"Tests failed ({failed} failed); TRX files are in {testResults}.", failure);
    }

    if (passed == 0)
    {
        throw new CakeException("No test ran; a test run that executes nothing is a failure.");
    }
});

Task("Bench")
    .Description("BenchmarkDotNet suites (never part of Test): --filter='*Kernel*' narrows them.")
    .Does(() =>
{
    DotNetRun(root.CombineWithFilePath("tests/KalshiActors.Benchmarks/KalshiActors.Benchmarks.csproj").FullPath,
        new ProcessArgumentBuilder().Append("--filter").AppendQuoted(benchFilter),
        new DotNetRunSettings { Configuration = "Release" });
});

Task("Publish")
    .IsDependentOn("Restore")
    .Does(() =>
{
    DotNetPublish(root.CombineWithFilePath("src/KalshiActors.Cli/KalshiActors.Cli.csproj").FullPath, new DotNetPublishSettings
    {
        Configuration = "Release",
        Runtime = "linux-x64",
        SelfContained = false,
        OutputDirectory = artifacts.Combine("publish/kalshi-actors"),
    });
    Information($"kalshi-actors published to {artifacts.Combine("publish/kalshi-actors")}");
});

Task("Default").IsDependentOn("Test");

RunTarget(target);
