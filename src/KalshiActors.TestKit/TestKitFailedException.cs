using Xunit.Sdk;

namespace KalshiActors.Testing;

/// <summary>An expectation of the TestKit was not met.</summary>
public sealed class TestKitFailedException : XunitException
{
    /// <summary>Creates the exception.</summary>
    public TestKitFailedException(string message)
        : base(message)
    {
    }
}
