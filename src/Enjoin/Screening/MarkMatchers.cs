using System.Collections.Concurrent;
using Enjoin.Orders;

namespace Enjoin.Screening;

/// <summary>Compiled matchers, one per distinct set of marks, built once per process.</summary>
public static class MarkMatchers
{
    static readonly ConcurrentDictionary<string, IMarkMatcher> Compiled = new(StringComparer.Ordinal);

    public static IMarkMatcher For(Order order) => For(order.Marks);

    public static IMarkMatcher For(IReadOnlyCollection<string> marks) =>
        Compiled.GetOrAdd(string.Join('\u001f', marks.Order(StringComparer.Ordinal)), _ => MarkMatcher.Compile(marks));
}
