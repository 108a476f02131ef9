namespace Enjoin.Common;

/// <summary>Two-stage pipelines: the next item is prepared on another core while the caller works on this one.</summary>
public static class Pipeline
{
    /// <summary>
    /// Yields <paramref name="prepare"/>(item) for each item of <paramref name="source"/>, in order, preparing the
    /// next item (and enumerating the source) on the thread pool while the caller consumes the current one.
    /// At most one item is prepared ahead; an exception in either stage surfaces to the caller.
    /// </summary>
    public static IEnumerable<TOut> PrepareAhead<TIn, TOut>(IEnumerable<TIn> source, Func<TIn, TOut> prepare)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(prepare);
        var items = source.GetEnumerator();
        Task<(bool More, TOut Value)>? pending = null;
        try
        {
            pending = Next(items, prepare);
            while (true)
            {
                var (more, value) = pending.GetAwaiter().GetResult();
                if (!more) yield break;
                pending = Next(items, prepare);
                yield return value;
            }
        }
        finally
        {
            // The enumerator is in use until the stage ahead is done with it; its own failure is already reported
            // or moot (the caller stopped early).
            try
            {
                pending?.GetAwaiter().GetResult();
            }
            catch (Exception) when (pending is { IsFaulted: true })
            {
            }
            items.Dispose();
        }
    }

    static Task<(bool, TOut)> Next<TIn, TOut>(IEnumerator<TIn> items, Func<TIn, TOut> prepare) =>
        Task.Run(() => items.MoveNext() ? (true, prepare(items.Current)) : (false, default(TOut)!));
}
