namespace Enjoin.Strikes;

public enum StrikeSource { Notice, Order }

/// <summary>A strike against a merchant under the repeat-infringer policy (DESIGN §4.2.3).</summary>
public sealed record Strike(
    long Id, string Merchant, StrikeSource Source, string SourceId, DateTimeOffset Issued,
    DateTimeOffset Expires, DateTimeOffset? WithdrawnAt)
{
    public bool ActiveAt(DateTimeOffset at) => Issued <= at && at < Expires && (WithdrawnAt is null || at < WithdrawnAt);
}
