using Enjoin.Common;

namespace Enjoin.Knowledge;

/// <summary>The codes of DESIGN §4.3.</summary>
public enum KnowledgeCode
{
    EnjoinedDefendant, RepeatInfringer, RelistedAfterOrder, ActiveDespiteNotice, ListingNoticed, Terminated,
}

/// <summary>
/// What the platform knows about a merchant or a listing, over [Since, Until). Key identifies the
/// fact so it is opened once and closed exactly when its basis ends.
/// </summary>
public sealed record KnowledgeFact(
    long Id, KnowledgeCode Code, string Merchant, string? Listing, Basis Basis,
    DateTimeOffset Since, DateTimeOffset? Until, string Key)
{
    public Interval Interval => new(Since, Until);
    public bool AboutListing => Listing is not null && Code == KnowledgeCode.ListingNoticed;

    public static string KeyOf(KnowledgeCode code, string merchant, string? listing, string? basisId) =>
        new FactKey(code, merchant, listing, basisId).ToString();
}

/// <summary>What identifies a fact: at most one fact with the same key is open at a time.</summary>
public readonly record struct FactKey(KnowledgeCode Code, string Merchant, string? Listing, string? BasisId)
{
    public override string ToString() => $"{Words<KnowledgeCode>.Of(Code)}|{Merchant}|{Listing}|{BasisId}";
}
