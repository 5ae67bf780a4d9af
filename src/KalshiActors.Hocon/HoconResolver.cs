using System.Globalization;
using System.Text;

namespace KalshiActors.Hocon;

/// <summary>Resolves substitutions lazily, one path at a time, so objects may refer to fields within themselves; cycles are errors.</summary>
internal sealed class HoconResolver
{
    private readonly ObjNode root;
    private readonly Func<string, string?>? environment;
    private readonly List<SubstNode> active = [];
    private readonly StringBuilder text = new();

    // Bounds recursion so a pathological chain of substitutions is an error, not a stack overflow.
    private const int MaxResolveDepth = 1000;
    private int resolveDepth;

    private HoconResolver(ObjNode root, HoconResolveOptions options)
    {
        this.root = root;
        environment = options.UseEnvironment ? options.EnvironmentLookup ?? Environment.GetEnvironmentVariable : null;
    }

    public static HoconObject Resolve(ObjNode root, HoconResolveOptions options)
    {
        var resolver = new HoconResolver(root, options);
        try
        {
            return (HoconObject)(resolver.Resolve(root) ?? HoconObject.Empty);
        }
        catch (SubstitutionCycleException cycle)
        {
            throw new HoconResolveException(cycle.Origin, cycle.Message);
        }
    }

    /// <summary>How a value reads inside a string concatenation (numbers as written).</summary>
    public static string ConcatText(HoconValue value) => value switch
    {
        HoconString s => s.Value,
        HoconNumber n => n.Text,
        HoconBoolean b => b.Value ? "true" : "false",
        HoconNull => "null",
        _ => throw new InvalidOperationException("only simple values concatenate as text"),
    };

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private HoconValue? Resolve(Node node)
    {
        if (node.State == NodeState.Done)
        {
            return node.Resolved;
        }

        if (node.State == NodeState.InProgress)
        {
            throw Cycle(node);
        }

        node.State = NodeState.InProgress;
        if (++resolveDepth > MaxResolveDepth || !System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            resolveDepth--;
            node.State = NodeState.Pending;
            throw new HoconResolveException(node.Origin, $"substitutions nest more than {MaxResolveDepth} levels deep; simplify the chain of references");
        }

        // try/finally rather than catch-and-rethrow: a rethrow at every level of a deep chain exhausts the stack.
        var completed = false;
        try
        {
            var value = node switch
            {
                ObjNode obj => ResolveObject(obj),
                ArrNode arr => ResolveArray(arr),
                SubstNode subst => ResolveSubstitution(subst),
                ConcatNode concat => ResolveConcat(concat),
                MergeNode merge => ResolveMerge(merge),
                _ => throw new InvalidOperationException($"unexpected node {node.GetType().Name}"),
            };
            node.Resolved = value;
            node.State = NodeState.Done;
            completed = true;
            return value;
        }
        finally
        {
            if (!completed)
            {
                node.State = NodeState.Pending;
            }

            resolveDepth--;
        }
    }

    private SubstitutionCycleException Cycle(Node node)
    {
        var chain = active.Count == 0
            ? "a value refers to itself"
            : active.Count <= 12
                ? string.Join(" -> ", active.Select(s => s.Describe()))
                : string.Join(" -> ", active.Take(6).Select(s => s.Describe())) + $" -> ... ({active.Count - 12} more) -> " + string.Join(" -> ", active.Skip(active.Count - 6).Select(s => s.Describe()));
        var origin = active.Count > 0 ? active[0].Origin : node.Origin;
        return new SubstitutionCycleException(origin, $"substitution cycle: {chain} (break the loop, or make one of them optional with ${{?...}})");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private HoconObject ResolveObject(ObjNode obj)
    {
        var fields = new List<KeyValuePair<string, HoconValue>>(obj.Fields.Count);
        foreach (var (key, child) in obj.Fields)
        {
            var value = Resolve(child);
            if (value is not null)
            {
                fields.Add(new KeyValuePair<string, HoconValue>(key, value));
            }
        }

        return new HoconObject(fields, obj.Origin);
    }

    private HoconArray ResolveArray(ArrNode arr)
    {
        var items = new HoconValue[arr.Items.Count];
        var count = 0;
        foreach (var item in arr.Items)
        {
            var value = Resolve(item);
            if (value is not null)
            {
                items[count++] = value;
            }
        }

        if (count < items.Length)
        {
            Array.Resize(ref items, count);
        }

        return new HoconArray(items, arr.Origin);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private HoconValue? ResolveSubstitution(SubstNode subst)
    {
        active.Add(subst);
        try
        {
            Node? target;
            if (subst.IsSelfReference)
            {
                target = subst.Previous;
                foreach (var key in subst.PreviousSuffix)
                {
                    if (target is null)
                    {
                        break;
                    }

                    target = ChildOf(target, key);
                }
            }
            else
            {
                target = Lookup(subst.Path);
                if (target is null && subst.PrefixLength > 0)
                {
                    target = Lookup(subst.WrittenPath);
                }
            }

            if (target is not null)
            {
                HoconValue? value;
                try
                {
                    value = Resolve(target);
                }
                catch (SubstitutionCycleException) when (subst.Optional)
                {
                    // The spec treats a cycle through an optional substitution like a missing value.
                    return null;
                }

                if (value is not null)
                {
                    return value;
                }
            }

            var name = string.Join('.', subst.WrittenPath);
            var fromEnvironment = environment?.Invoke(name);
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                return new HoconString(fromEnvironment, subst.Origin);
            }

            if (subst.Optional)
            {
                return null;
            }

            var hint = environment is null ? "" : $" and no environment variable {name} is set";
            throw new HoconResolveException(
                subst.Origin,
                $"could not resolve substitution {subst.Describe()}: no setting at '{HoconPath.Render(subst.WrittenPath)}'{hint}; define it, or write ${{?{HoconPath.Render(subst.WrittenPath)}}} to make it optional");
        }
        finally
        {
            active.RemoveAt(active.Count - 1);
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Node? Lookup(string[] path)
    {
        Node? node = root;
        foreach (var key in path)
        {
            node = ChildOf(node, key);
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The child at <paramref name="key"/>, resolving only what stands in the way (so a field may refer to a sibling).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private Node? ChildOf(Node node, string key)
    {
        switch (node)
        {
            case ObjNode obj:
                return obj.Get(key);
            case LitNode lit:
                return lit.Value is HoconObject o && o.TryGetValue(key, out var v) ? new LitNode(v) : null;
            case ArrNode:
                return null;
            case MergeNode merge:
                var found = new List<Node>();
                foreach (var layer in merge.Layers)
                {
                    Node? child;
                    if (layer is ObjNode layerObject)
                    {
                        child = layerObject.Get(key);
                    }
                    else if (layer is LitNode or ArrNode)
                    {
                        if (layer is LitNode { Value: HoconObject })
                        {
                            child = ChildOf(layer, key);
                        }
                        else
                        {
                            break;
                        }
                    }
                    else
                    {
                        var resolved = Resolve(layer);
                        if (resolved is null)
                        {
                            continue;
                        }

                        if (resolved is not HoconObject resolvedObject)
                        {
                            break;
                        }

                        child = resolvedObject.TryGetValue(key, out var rv) ? new LitNode(rv) : null;
                    }

                    if (child is null)
                    {
                        continue;
                    }

                    found.Add(child);
                    if (child is ArrNode || (child is LitNode childLit && childLit.Value is not HoconObject))
                    {
                        break;
                    }
                }

                return found.Count switch
                {
                    0 => null,
                    1 => found[0],
                    _ => new MergeNode(found[0].Origin, found),
                };
            default:
                var value = Resolve(node);
                return value is HoconObject resolvedObj && resolvedObj.TryGetValue(key, out var child2) ? new LitNode(child2) : null;
        }
    }

    private HoconValue? ResolveMerge(MergeNode merge)
    {
        HoconValue? result = null;
        foreach (var layer in merge.Layers)
        {
            var value = Resolve(layer);
            if (value is null)
            {
                continue;
            }

            if (result is null)
            {
                result = value;
            }
            else if (value is HoconObject below)
            {
                result = MergeObjects((HoconObject)result, below);
            }
            else
            {
                break;
            }

            if (result is not HoconObject)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Object merge: <paramref name="top"/> wins, nested objects merge recursively, keys keep their first position.</summary>
    public static HoconObject MergeObjects(HoconObject top, HoconObject below)
    {
        if (below.Count == 0)
        {
            return top;
        }

        if (top.Count == 0)
        {
            return below;
        }

        var fields = new List<KeyValuePair<string, HoconValue>>(below.Count + top.Count);
        foreach (var (key, belowValue) in below.Fields)
        {
            if (top.TryGetValue(key, out var topValue))
            {
                fields.Add(new KeyValuePair<string, HoconValue>(
                    key,
                    topValue is HoconObject topObject && belowValue is HoconObject belowObject ? MergeObjects(topObject, belowObject) : topValue));
            }
            else
            {
                fields.Add(new KeyValuePair<string, HoconValue>(key, belowValue));
            }
        }

        foreach (var field in top.Fields)
        {
            if (!below.TryGetValue(field.Key, out _))
            {
                fields.Add(field);
            }
        }

        return new HoconObject(fields, top.Origin);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private HoconValue? ResolveConcat(ConcatNode concat)
    {
        var parts = concat.Parts;

        // Resolving a part may resolve other concatenations, so each call rents its own buffer.
        var resolved = System.Buffers.ArrayPool<HoconValue?>.Shared.Rent(parts.Count);
        try
        {
            var defined = 0;
            var nonWhitespace = 0;
            var hasArray = false;
            var hasObject = false;
            var firstSimple = -1;
            var single = -1;
            for (var i = 0; i < parts.Count; i++)
            {
                var value = Resolve(parts[i]);
                resolved[i] = value;
                if (value is null)
                {
                    continue;
                }

                defined++;
                if (parts[i] is LitNode { IsWhitespace: true })
                {
                    continue;
                }

                nonWhitespace++;
                single = i;
                switch (value)
                {
                    case HoconArray:
                        hasArray = true;
                        break;
                    case HoconObject:
                        hasObject = true;
                        break;
                    default:
                        if (firstSimple < 0)
                        {
                            firstSimple = i;
                        }

                        break;
                }
            }

            if (nonWhitespace == 0)
            {
                return null;
            }

            if (nonWhitespace == 1 && defined == 1)
            {
                return resolved[single];
            }

            if ((hasArray || hasObject) && firstSimple >= 0)
            {
                var what = hasArray ? "a list" : "an object";
                throw new HoconResolveException(parts[firstSimple].Origin, $"cannot concatenate {what} with {Describe(resolved[firstSimple]!)} in one value; lists join only with lists and objects only with objects");
            }

            if (hasArray)
            {
                var items = new List<HoconValue>();
                for (var i = 0; i < parts.Count; i++)
                {
                    var value = resolved[i];
                    if (value is null || parts[i] is LitNode { IsWhitespace: true })
                    {
                        continue;
                    }

                    if (value is HoconArray array)
                    {
                        items.AddRange(array.Items);
                    }
                    else if (ToListOrNull((HoconObject)value) is { } converted)
                    {
                        items.AddRange(converted);
                    }
                    else
                    {
                        throw new HoconResolveException(parts[i].Origin, "cannot concatenate an object with a list (only objects with numeric keys \"0\", \"1\", ... convert to lists)");
                    }
                }

                return new HoconArray(items.ToArray(), concat.Origin);
            }

            if (hasObject)
            {
                HoconObject? result = null;
                for (var i = 0; i < parts.Count; i++)
                {
                    var value = resolved[i];
                    if (value is null || parts[i] is LitNode { IsWhitespace: true })
                    {
                        continue;
                    }

                    result = result is null ? (HoconObject)value : MergeObjects((HoconObject)value, result);
                }

                return result;
            }

            // Every part is resolved by now, so one builder serves every concatenation of this resolution.
            var sb = text.Clear();
            for (var i = 0; i < parts.Count; i++)
            {
                var value = resolved[i];
                if (value is null || (value is HoconNull && parts[i] is SubstNode))
                {
                    continue;
                }

                sb.Append(ConcatText(value));
            }

            return new HoconString(sb.ToString(), concat.Origin);
        }
        finally
        {
            Array.Clear(resolved, 0, parts.Count);
            System.Buffers.ArrayPool<HoconValue?>.Shared.Return(resolved);
        }
    }

    private static string Describe(HoconValue value) => value switch
    {
        HoconString s => $"the string \"{s.Value}\"",
        HoconNumber n => $"the number {n.Text}",
        HoconBoolean b => $"the boolean {(b.Value ? "true" : "false")}",
        _ => value.TypeName,
    };

    /// <summary>HOCON's numerically-indexed object to list conversion; null when the object has no non-negative integer keys.</summary>
    public static List<HoconValue>? ToListOrNull(HoconObject obj)
    {
        var indexed = new List<(long Index, HoconValue Value)>();
        foreach (var (key, value) in obj.Fields)
        {
            if (key.Length > 0 && key.All(char.IsAsciiDigit) && long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
            {
                indexed.Add((i, value));
            }
        }

        if (indexed.Count == 0)
        {
            return null;
        }

        indexed.Sort((a, b) => a.Index.CompareTo(b.Index));
        return indexed.ConvertAll(x => x.Value);
    }
}

/// <summary>Internal signal for a substitution cycle, so an optional substitution can treat it as missing.</summary>
internal sealed class SubstitutionCycleException(HoconOrigin origin, string message) : Exception(message)
{
    public HoconOrigin Origin { get; } = origin;
}
