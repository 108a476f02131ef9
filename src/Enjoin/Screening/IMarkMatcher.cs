namespace Enjoin.Screening;

/// <summary>
/// Screens listings for protected marks (DESIGN §4.5). A listing matches a mark when the normalized mark (see
/// <see cref="MarkText.Normalize"/>) occurs in the normalized title, description or brand, or, for a mark of
/// 8 letters or more, something within one edit of it does (insertion, deletion, substitution, adjacent
/// transposition) — unless the hit lies inside one of the mark's allowed phrases (<see cref="MarkSpec"/>).
/// </summary>
public interface IMarkMatcher
{
    /// <summary>The marks as registered (blank marks and exact duplicates removed), in registration order.</summary>
    IReadOnlyList<string> Marks { get; }

    /// <summary>
    /// The first exact match (title, then description, then brand; in a field the one ending first), else the
    /// first match within one edit in the same order, else null. Must not allocate when there is no match.
    /// </summary>
    MarkMatch? FirstMatch(string? title, string? description, string? brand);

    /// <summary>
    /// Every match in all three fields, by field and then by end: every exact occurrence of every mark, and the
    /// matches within one edit that overlap no exact occurrence of the same mark (of overlapping ones, the best).
    /// </summary>
    IReadOnlyList<MarkMatch> AllMatches(string? title, string? description, string? brand);
}
