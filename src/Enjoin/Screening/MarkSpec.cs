namespace Enjoin.Screening;

/// <summary>
/// A mark to screen for, with the honest phrases a reviewer allowed for it: a hit of the mark whose span lies
/// inside an occurrence of one of them (compared normalized) is not reported.
/// </summary>
/// <param name="Mark">The protected term as registered.</param>
/// <param name="Allowed">Phrases in which the mark is not a use of it (for "MALLOWS": "Marshmallows").</param>
public sealed record MarkSpec(string Mark, IReadOnlyList<string> Allowed)
{
    /// <summary>A mark with no allowed phrases.</summary>
    public MarkSpec(string mark)
        : this(mark, [])
    {
    }
}
