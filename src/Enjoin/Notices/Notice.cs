using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Common;

namespace Enjoin.Notices;

public enum NotifierRole { RightsHolder, Agent, TrustedFlagger }

/// <summary>
/// A takedown notice through the designated process: the DMCA §512(c)(3) and DSA Art. 16 elements
/// (who, what right, exactly where, why, good faith, accuracy, signature) — DESIGN §5.2, §5.4.
/// </summary>
public sealed record Notice(
    string Id, DateTimeOffset At, string NotifierName, string NotifierEmail, NotifierRole Role,
    string RightKind, string? Mark, string? Work, string? Registration, string? Jurisdiction,
    IReadOnlyList<string> Listings, string Explanation, string Signature)
{
    /// <summary>The canonical JSON of the notice as submitted; the same id again must match it.</summary>
    public string Document { get; init; } = "";

    /// <summary>Notifiers are known by their email, case folded.</summary>
    public string NotifierKey => NotifierEmail.Trim().ToLowerInvariant();

    /// <summary>Reads one notice; every missing or malformed element is reported, nothing is guessed.</summary>
    public static Notice? Read(JsonElement json, RecordReader read, string prefix = "")
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            read.Error(prefix.Length == 0 ? "(record)" : prefix, "a notice must be a JSON object");
            return null;
        }
        string P(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
        var id = read.Id(json, "id", prefix: prefix);
        var at = read.Time(json, "at", required: true, prefix);
        string? name = null, email = null;
        NotifierRole? role = NotifierRole.RightsHolder;
        if (!json.TryGetProperty("notifier", out var notifier) || notifier.ValueKind != JsonValueKind.Object)
            read.Error(P("notifier"), "required: an object with name and email");
        else
        {
            name = read.String(notifier, "name", required: true, P("notifier"));
            email = read.String(notifier, "email", required: true, P("notifier"));
            if (email is not null && !LooksLikeEmail(email)) read.Error(P("notifier.email"), $"'{email}' is not an email address");
            role = read.Word<NotifierRole>(notifier, "role", prefix: P("notifier")) ?? NotifierRole.RightsHolder;
        }
        string? kind = null, mark = null, work = null, registration = null, jurisdiction = null;
        if (!json.TryGetProperty("right", out var right) || right.ValueKind != JsonValueKind.Object)
            read.Error(P("right"), "required: an object with kind and mark or work");
        else
        {
            kind = read.String(right, "kind", required: true, P("right"));
            mark = read.String(right, "mark", prefix: P("right"));
            work = read.String(right, "work", prefix: P("right"));
            if (string.IsNullOrWhiteSpace(mark) && string.IsNullOrWhiteSpace(work))
                read.Error(P("right.mark"), "required: the mark (or, for copyright, right.work) the notice is about");
            registration = read.String(right, "registration", prefix: P("right"));
            jurisdiction = read.String(right, "jurisdiction", prefix: P("right"));
        }
        var listings = read.Strings(json, "listings", required: true, prefix);
        if (listings.Count == 0 && read.Has(json, "listings")) read.Error(P("listings"), "a notice names at least one listing");
        var explanation = read.String(json, "explanation", required: true, prefix);
        // §512(c)(3)(A)(v)-(vi) and DSA Art. 16(2)(d): the statements must be made, not merely present.
        if (read.Bool(json, "good_faith", required: true, prefix) is false) read.Error(P("good_faith"), "must be true: the good-faith statement");
        if (read.Bool(json, "accurate", required: true, prefix) is false) read.Error(P("accurate"), "must be true: the accuracy statement");
        var signature = read.String(json, "signature", required: true, prefix);
        if (!read.Ok) return null;

        return new Notice(id!, at!.Value, name!, email!, role!.Value, kind!, mark, work, registration, jurisdiction,
            listings.Distinct(StringComparer.Ordinal).ToList(), explanation!, signature!)
        {
            Document = Json.Canonical(JsonNode.Parse(json.GetRawText())),
        };
    }

    static bool LooksLikeEmail(string text)
    {
        var at = text.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at < text.Length - 1 && !text.Contains(' ', StringComparison.Ordinal);
    }
}

/// <summary>What a notice did to one listing it named.</summary>
public sealed record NoticeListing(string Notice, string Listing, string? Merchant, bool Accepted, string? Reason);

public sealed record RejectedListing(string Listing, string Reason);

public sealed record StrikeGiven(string Merchant, long Strike);

/// <summary>The receipt a notifier keeps: when the notice arrived, with the ledger sequence that proves it (DESIGN §5.3).</summary>
public sealed record Receipt(string Notice, DateTimeOffset Received, long Sequence, IReadOnlyList<string> Accepted,
    IReadOnlyList<RejectedListing> Rejected, IReadOnlyList<StrikeGiven> Strikes);

/// <summary>A notice as stored, with its receipt.</summary>
public sealed record NoticeRecord(string Id, DateTimeOffset At, string NotifierName, string NotifierEmail, NotifierRole Role,
    string Document, DateTimeOffset Received, long Sequence, Receipt Receipt);
