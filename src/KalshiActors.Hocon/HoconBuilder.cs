namespace KalshiActors.Hocon;

/// <summary>Replays parsed documents, lowest priority first, into one tree: merging objects, stacking what cannot merge yet, and binding self-references to the value they override.</summary>
internal sealed class HoconBuilder
{
    private readonly ObjNode root;

    private HoconBuilder(ObjNode root)
    {
        this.root = root;
    }

    public static ObjNode Build(IEnumerable<SyntaxObject> sources)
    {
        var builder = new HoconBuilder(new ObjNode(HoconOrigin.Code));
        foreach (var source in sources)
        {
            builder.ApplyObject(builder.root, [], source, []);
        }

        return builder.root;
    }

    /// <summary>Applies an object's members at <paramref name="targetPath"/> (null for objects outside the tree, e.g. list elements).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ApplyObject(ObjNode target, string[]? targetPath, SyntaxObject source, string[] fileRoot)
    {
        foreach (var member in source.Members)
        {
            switch (member)
            {
                case SyntaxInclude include when include.Content is not null:
                    // Substitutions in the included file are relative to where it is included.
                    ApplyObject(target, targetPath, include.Content, targetPath ?? fileRoot);
                    break;
                case SyntaxField field:
                    ApplyField(target, targetPath, field, fileRoot);
                    break;
            }
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void ApplyField(ObjNode target, string[]? targetPath, SyntaxField field, string[] fileRoot)
    {
        var key = field.Path[^1];
        if (!field.Append && field.Value is SyntaxLiteral literal)
        {
            // The common case: a finished value needs no path bookkeeping.
            var literalParent = target;
            for (var i = 0; i < field.Path.Length - 1; i++)
            {
                literalParent = EnsureObject(literalParent, field.Path[i]);
            }

            literalParent.Set(key, literal.Node);
            return;
        }

        var fieldPath = targetPath is null ? null : Concat(targetPath, field.Path);

        // Convert before touching the tree so self-references see the value as it was before this field.
        Node? converted = null;
        if (field.Append)
        {
            var previous = fieldPath is null ? LocalPrevious(target, field.Path) : Snapshot(fieldPath);
            var selfReference = new SubstNode(field.Origin, fieldPath ?? field.Path, optional: true, prefixLength: 0)
            {
                IsSelfReference = true,
                Previous = previous.Node,
                PreviousSuffix = previous.Suffix,
            };
            var appended = new ArrNode(field.Value.Origin, [Convert(field.Value, null, fileRoot)]);
            converted = new ConcatNode(field.Origin, [selfReference, appended]);
        }
        else if (field.Value is not SyntaxObject)
        {
            converted = Convert(field.Value, fieldPath, fileRoot);
        }

        var parent = target;
        for (var i = 0; i < field.Path.Length - 1; i++)
        {
            parent = EnsureObject(parent, field.Path[i]);
        }

        if (converted is null)
        {
            var body = (SyntaxObject)field.Value;
            var child = EnsureObject(parent, key, body.Members.Count);
            ApplyObject(child, fieldPath, body, fileRoot);
            return;
        }

        Assign(parent, key, converted);
    }

    private static (Node? Node, string[] Suffix) LocalPrevious(ObjNode target, string[] path)
    {
        Node? node = target;
        for (var i = 0; i < path.Length; i++)
        {
            if (node is not ObjNode obj)
            {
                return (node is null ? null : ObjNode.Freeze(node), path[i..]);
            }

            node = obj.Get(path[i]);
            if (node is null)
            {
                return (null, []);
            }
        }

        return (ObjNode.Freeze(node!), []);
    }

    /// <summary>The value at an absolute path right now, frozen; a path through a not-yet-resolved value keeps the rest as a suffix.</summary>
    private (Node? Node, string[] Suffix) Snapshot(string[] path) => LocalPrevious(root, path);

    private static string[] Concat(string[] a, string[] b)
    {
        if (a.Length == 0)
        {
            return b;
        }

        var result = new string[a.Length + b.Length];
        a.CopyTo(result, 0);
        b.CopyTo(result, a.Length);
        return result;
    }

    /// <summary>The object to write <paramref name="key"/>'s fields into: merging into an existing object, replacing a finished non-object, or stacking over an unresolved value.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static ObjNode EnsureObject(ObjNode parent, string key, int capacity = 0)
    {
        var existing = parent.Get(key);
        switch (existing)
        {
            case ObjNode obj:
                return obj;
            case MergeNode merge when merge.Layers[0] is ObjNode top:
                return top;
            case null:
            case ArrNode:
            case LitNode:
                var created = new ObjNode(HoconOrigin.Code, capacity);
                parent.Set(key, created);
                return created;
            default:
                var layered = new ObjNode(existing.Origin);
                parent.Set(key, Stack(layered, existing));
                return layered;
        }
    }

    private static void Assign(ObjNode parent, string key, Node value)
    {
        var existing = parent.Get(key);
        if (existing is null || value is LitNode or ArrNode || IsDefinitelyNotObject(value))
        {
            parent.Set(key, value);
            return;
        }

        parent.Set(key, Stack(value, existing));
    }

    /// <summary>A concatenation holding text or a list can never become an object, so nothing below it can show through.</summary>
    private static bool IsDefinitelyNotObject(Node value) =>
        value is ConcatNode concat && concat.Parts.Exists(p => p is ArrNode || (p is LitNode lit && !lit.IsWhitespace));

    private static MergeNode Stack(Node top, Node below)
    {
        var layers = new List<Node> { top };
        if (below is MergeNode merge)
        {
            layers.AddRange(merge.Layers);
        }
        else
        {
            layers.Add(below);
        }

        return new MergeNode(top.Origin, layers);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Node Convert(SyntaxNode node, string[]? fieldPath, string[] fileRoot)
    {
        switch (node)
        {
            case SyntaxLiteral literal:
                return literal.Node;
            case SyntaxArray array:
                var items = new List<Node>(array.Items.Count);
                foreach (var item in array.Items)
                {
                    items.Add(Convert(item, null, fileRoot));
                }

                return new ArrNode(array.Origin, items);
            case SyntaxObject obj:
                var standalone = new ObjNode(obj.Origin, obj.Members.Count);
                ApplyObject(standalone, null, obj, fileRoot);
                return standalone;
            case SyntaxSubstitution substitution:
                var path = Concat(fileRoot, substitution.Path);
                if (fieldPath is not null && StartsWith(path, fieldPath))
                {
                    var previous = Snapshot(path);
                    return new SubstNode(substitution.Origin, path, substitution.Optional, fileRoot.Length)
                    {
                        IsSelfReference = true,
                        Previous = previous.Node,
                        PreviousSuffix = previous.Suffix,
                    };
                }

                return new SubstNode(substitution.Origin, path, substitution.Optional, fileRoot.Length);
            case SyntaxConcat concat:
                var parts = new List<Node>(concat.Parts.Count);
                foreach (var part in concat.Parts)
                {
                    parts.Add(Convert(part, fieldPath, fileRoot));
                }

                return new ConcatNode(concat.Origin, parts);
            default:
                throw new InvalidOperationException($"unknown syntax node {node.GetType().Name}");
        }
    }

    private static bool StartsWith(string[] path, string[] prefix)
    {
        if (path.Length < prefix.Length)
        {
            return false;
        }

        for (var i = 0; i < prefix.Length; i++)
        {
            if (!string.Equals(path[i], prefix[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
