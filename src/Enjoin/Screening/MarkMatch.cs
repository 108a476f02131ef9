namespace Enjoin.Screening;

/// <summary>
/// A mark found in a listing: the mark as registered, the field, and the span of the original text
/// (<paramref name="Start"/> and <paramref name="Length"/> in UTF-16 chars of the original field string).
/// </summary>
/// <param name="Mark">The mark exactly as it was registered (not normalized).</param>
/// <param name="Field">The listing field the mark was found in.</param>
/// <param name="Start">Index of the first char of the match in the original field string.</param>
/// <param name="Length">Length of the match in the original field string, separators included.</param>
public readonly record struct MarkMatch(string Mark, ListingField Field, int Start, int Length);
