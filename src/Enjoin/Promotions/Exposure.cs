using System.Text.Json.Serialization;
using Enjoin.Gate;
using Enjoin.Knowledge;

namespace Enjoin.Promotions;

/// <summary>
/// A promotion the gate would have denied at the promotion's own time (DESIGN §3, §4.4): the surface,
/// the time, what was promoted, and every reason — the knowledge the promotion contradicts.
/// </summary>
public sealed record Exposure(long Id, string Promotion, Surface Surface, string Merchant, string? Listing, DateTimeOffset At,
    IReadOnlyList<GateReason> Reasons, long Seq)
{
    /// <summary>The codes of the reasons, each once, in the gate's order.</summary>
    public IReadOnlyList<KnowledgeCode> Codes => Reasons.Select(r => r.Code).Distinct().ToList();
}

/// <summary>An exposure as <c>promotions ingest</c> reports it (DESIGN §5.3).</summary>
public sealed record ExposureItem(string Promotion, string Merchant, string? Listing, Surface Surface, DateTimeOffset At, IReadOnlyList<KnowledgeCode> Codes)
{
    public static ExposureItem Of(Exposure e) => new(e.Promotion, e.Merchant, e.Listing, e.Surface, e.At, e.Codes);
}

/// <summary>An exposure as <c>enjoin exposures --json</c> and <c>GET /api/v1/exposures</c> list it: the ingest keys plus the reasons.</summary>
public sealed record ExposureView(string Promotion, string Merchant, string? Listing, Surface Surface, DateTimeOffset At,
    IReadOnlyList<KnowledgeCode> Codes, IReadOnlyList<GateReason> Reasons)
{
    public static ExposureView Of(Exposure e) => new(e.Promotion, e.Merchant, e.Listing, e.Surface, e.At, e.Codes, e.Reasons);
}

/// <summary>What <c>promotions ingest</c> prints: the ingest summary of DESIGN §5.3 plus the exposures among the file's promotions.</summary>
public sealed record PromotionIngestSummary(int Read, int Accepted, IReadOnlyList<Engine.IngestRejection> Rejected, int Actions,
    IReadOnlyList<ExposureItem> Exposures)
{
    /// <summary>The same problems with file and field, for the error stream.</summary>
    [JsonIgnore] public IReadOnlyList<Common.InputError> Errors { get; init; } = [];
}
