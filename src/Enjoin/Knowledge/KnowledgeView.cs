using Enjoin.Common;

namespace Enjoin.Knowledge;

/// <summary>The merchant's knowledge facts (DESIGN §5.3); At, when given, keeps the facts open then.</summary>
public sealed record KnowledgeView(string Merchant, DateTimeOffset? At, IReadOnlyList<KnowledgeView.Fact> Facts)
{
    public sealed record Fact(KnowledgeCode Code, string? Listing, Basis Basis, DateTimeOffset Since, DateTimeOffset? Until);

    public static Fact FactOf(KnowledgeFact f) => new(f.Code, f.Listing, f.Basis, f.Since, f.Until);

    /// <summary>Facts about the merchant and its listings, as of a time or (at null) the whole history.</summary>
    public static KnowledgeView Of(string merchant, IEnumerable<KnowledgeFact> facts, DateTimeOffset? at) =>
        new(merchant, at, facts
            .Where(f => at is not { } t || f.Interval.Contains(t))
            .OrderBy(f => f.Since).ThenBy(f => f.Id)
            .Select(FactOf)
            .ToList());
}
