using System.Text;

namespace KalshiActors.Kernel;

/// <summary>An actor's address in the hierarchy: the system name and the names from the root, e.g. <c>akka://sys/user/a</c>.</summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private string? _text;

    private ActorPath(string systemName, ActorPath? parent, string name)
    {
        SystemName = systemName;
        Parent = parent;
        Name = name;
    }

    /// <summary>The actor system's name.</summary>
    public string SystemName { get; }

    /// <summary>The parent's path; null for the root.</summary>
    public ActorPath? Parent { get; }

    /// <summary>The last element (empty for the root).</summary>
    public string Name { get; }

    /// <summary>The names from the root, without the root's empty name.</summary>
    public IReadOnlyList<string> Elements
    {
        get
        {
            var elements = new List<string>();
            for (var p = this; p.Parent is not null; p = p.Parent)
            {
                elements.Add(p.Name);
            }

            elements.Reverse();
            return elements;
        }
    }

    /// <summary>The path without the <c>akka://system</c> prefix, e.g. <c>/user/a</c>.</summary>
    public string ToStringWithoutAddress()
    {
        var text = ToString();
        var start = text.IndexOf('/', "akka://".Length);
        return start < 0 ? "/" : text[start..];
    }

    /// <summary>Creates the root path of a system.</summary>
    public static ActorPath Root(string systemName) => new(systemName, null, string.Empty);

    /// <summary>Appends a child name.</summary>
    public ActorPath Child(string name) => new(SystemName, this, name);

    /// <summary>Shorthand for <see cref="Child"/>.</summary>
    public static ActorPath operator /(ActorPath parent, string name)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent.Child(name);
    }

    /// <summary>Parses <c>akka://system/a/b</c>.</summary>
    public static ActorPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const string Scheme = "akka://";
        if (!path.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Actor path '{path}' must start with '{Scheme}<system>'.", nameof(path));
        }

        var parts = path[Scheme.Length..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            throw new ArgumentException($"Actor path '{path}' has no system name after '{Scheme}'.", nameof(path));
        }

        var result = Root(parts[0]);
        foreach (var part in parts.AsSpan(1))
        {
            result = result.Child(part);
        }

        return result;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        if (_text is not null)
        {
            return _text;
        }

        if (Parent is null)
        {
            return _text = "akka://" + SystemName + "/";
        }

        var builder = new StringBuilder();
        Append(builder, this);
        return _text = builder.ToString();

        static void Append(StringBuilder builder, ActorPath path)
        {
            if (path.Parent is null)
            {
                builder.Append("akka://").Append(path.SystemName);
                return;
            }

            Append(builder, path.Parent);
            builder.Append('/').Append(path.Name);
        }
    }

    /// <inheritdoc />
    public bool Equals(ActorPath? other) =>
        other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());
}
