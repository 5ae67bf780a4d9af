namespace KalshiActors.Hocon;

/// <summary>Resolution progress of a node; InProgress on re-entry means a substitution cycle.</summary>
internal enum NodeState
{
    Pending,
    InProgress,
    Done,
}

/// <summary>A value in the merged, not yet resolved tree; resolution is memoized per node.</summary>
internal abstract class Node(HoconOrigin origin)
{
    public HoconOrigin Origin { get; } = origin;

    public NodeState State { get; set; }

    /// <summary>The resolved value once <see cref="State"/> is Done; null means "undefined" (an optional substitution found nothing).</summary>
    public HoconValue? Resolved { get; set; }
}

/// <summary>An object being built; fields keep the position of their first assignment. Mutated only while replaying documents.</summary>
internal sealed class ObjNode(HoconOrigin origin, int capacity = 0) : Node(origin)
{
    // Small objects are searched linearly (ordinal compares of short keys cost less than hashing); an index is
    // built once an object grows past that.
    private const int IndexThreshold = 16;
    private Dictionary<string, int>? index;

    public List<KeyValuePair<string, Node>> Fields { get; } = new(capacity);

    public Node? Get(string key)
    {
        var at = IndexOf(key);
        return at >= 0 ? Fields[at].Value : null;
    }

    public void Set(string key, Node value)
    {
        var at = IndexOf(key);
        if (at >= 0)
        {
            Fields[at] = new KeyValuePair<string, Node>(key, value);
            return;
        }

        index?.Add(key, Fields.Count);
        Fields.Add(new KeyValuePair<string, Node>(key, value));
        if (index is null && Fields.Count > IndexThreshold)
        {
            index = new Dictionary<string, int>(Fields.Count * 2, StringComparer.Ordinal);
            for (var i = 0; i < Fields.Count; i++)
            {
                index[Fields[i].Key] = i;
            }
        }
    }

    private int IndexOf(string key)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out var at) ? at : -1;
        }

        for (var i = 0; i < Fields.Count; i++)
        {
            if (string.Equals(Fields[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A frozen copy for a self-reference snapshot: later assignments must not change what the reference sees.</summary>
    public ObjNode Clone()
    {
        var copy = new ObjNode(Origin, Fields.Count);
        foreach (var (key, value) in Fields)
        {
            copy.Set(key, Freeze(value));
        }

        return copy;
    }

    public static Node Freeze(Node node) => node switch
    {
        ObjNode obj => obj.Clone(),
        MergeNode merge => new MergeNode(merge.Origin, merge.Layers.Select(Freeze).ToList()),
        _ => node,
    };
}

/// <summary>A list whose elements may still hold substitutions.</summary>
internal sealed class ArrNode(HoconOrigin origin, List<Node> items) : Node(origin)
{
    public List<Node> Items { get; } = items;
}

/// <summary>A finished value (from the source, or already resolved).</summary>
internal sealed class LitNode : Node
{
    public LitNode(HoconValue value, bool isWhitespace = false)
        : base(value.Origin)
    {
        IsWhitespace = isWhitespace;
        Resolved = value;
        State = NodeState.Done;
    }

    /// <summary>The value (a literal is resolved from the start, so this is <see cref="Node.Resolved"/>).</summary>
    public HoconValue Value => Resolved!;

    /// <summary>Unquoted whitespace between concatenated values: kept between strings, dropped beside lists and objects.</summary>
    public bool IsWhitespace { get; }
}

/// <summary>`${path}` with its include fix-up and, for self-references, the older value it looks back to.</summary>
internal sealed class SubstNode(HoconOrigin origin, string[] path, bool optional, int prefixLength) : Node(origin)
{
    /// <summary>Absolute path (include prefix + path as written).</summary>
    public string[] Path { get; } = path;

    public bool Optional { get; } = optional;

    /// <summary>How many leading elements came from an include prefix; lookups fall back to the path as written.</summary>
    public int PrefixLength { get; } = prefixLength;

    /// <summary>True when the substitution refers to the field being set (or inside it), so it sees the older value.</summary>
    public bool IsSelfReference { get; init; }

    /// <summary>For self-references: the value the path had before this assignment (null = none).</summary>
    public Node? Previous { get; init; }

    /// <summary>For self-references: path still to descend below <see cref="Previous"/>.</summary>
    public string[] PreviousSuffix { get; init; } = [];

    public string[] WrittenPath => PrefixLength == 0 ? Path : Path[PrefixLength..];

    public string Describe() => "${" + (Optional ? "?" : "") + HoconPath.Render(WrittenPath) + "}";
}

/// <summary>Values written side by side (`${a} bar`, `${list} [4]`, `${base} { x = 1 }`).</summary>
internal sealed class ConcatNode(HoconOrigin origin, List<Node> parts) : Node(origin)
{
    public List<Node> Parts { get; } = parts;
}

/// <summary>Assignments to one path that cannot merge until resolution; highest priority first.</summary>
internal sealed class MergeNode(HoconOrigin origin, List<Node> layers) : Node(origin)
{
    public List<Node> Layers { get; } = layers;
}
