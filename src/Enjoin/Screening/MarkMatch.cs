namespace Enjoin.Screening;

/// <summary>
/// A mark found in a listing: the mark as registered, the field, the span of the original text
/// (<paramref name="Start"/> and <paramref name="Length"/> in UTF-16 chars of the original field string),
/// the normalized text matched and its edit distance from the mark.
/// </summary>
/// <param name="Mark">The mark exactly as it was registered (not normalized).</param>
/// <param name="Field">The listing field the mark was found in.</param>
/// <param name="Start">Index of the first char of the match in the original field string.</param>
/// <param name="Length">Length of the match in the original field string, separators included: exactly the
/// chars that produced the matched normalized text (and the combining marks on its last char).</param>
/// <param name="Normalized">The normalized text matched (see <see cref="MarkText.Normalize"/>).</param>
/// <param name="Distance">0 for the mark itself; 1 for a match within one edit (DESIGN §4.5: marks of 8 letters or more).</param>
public readonly record struct MarkMatch(string Mark, ListingField Field, int Start, int Length, string Normalized, int Distance)
{
    /// <summary>True when the normalized text is the mark's own normalized form (no edit).</summary>
    public bool IsExact => Distance == 0;
}
