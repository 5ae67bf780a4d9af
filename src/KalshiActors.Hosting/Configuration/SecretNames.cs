namespace KalshiActors.Hosting.Configuration;

/// <summary>Decides which setting and log-property names hold secrets, so their values are never printed or logged.</summary>
public static class SecretNames
{
    // Compared after removing separators, so `private-key`, `private_key` and `PrivateKey` all match.
    private static readonly string[] Fragments = ["secret", "privatekey", "password", "token"];

    /// <summary>True when <paramref name="name"/> (a key, a dotted path or a property name) names a secret.</summary>
    public static bool IsSecret(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        var length = 0;
        foreach (var c in name)
        {
            if (c is not ('-' or '_' or ' '))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        ReadOnlySpan<char> normalized = buffer[..length];
        foreach (var fragment in Fragments)
        {
            if (normalized.Contains(fragment, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What a masked value prints as.</summary>
    public const string Mask = "***";
}
