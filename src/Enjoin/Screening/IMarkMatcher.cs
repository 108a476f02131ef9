namespace Enjoin.Screening;

/// <summary>
/// Screens listings for protected marks. A listing matches a mark when the normalized mark (see
/// <see cref="MarkText.Normalize"/>) occurs as a substring of the normalized title, description or brand.
/// </summary>
public interface IMarkMatcher
{
    /// <summary>The marks as registered (blank marks and exact duplicates removed), in registration order.</summary>
    IReadOnlyList<string> Marks { get; }

    /// <summary>First match found (title, then description, then brand), or null. Must not allocate when there is no match.</summary>
    MarkMatch? FirstMatch(string? title, string? description, string? brand);

    /// <summary>Every match in all three fields.</summary>
    IReadOnlyList<MarkMatch> AllMatches(string? title, string? description, string? brand);
}
