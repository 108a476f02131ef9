using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Common;

namespace Enjoin.Notices;

public enum CounterNoticeStatus { Waiting, Restored, SuitFiled, Refused }

/// <summary>
/// A counter-notice (§512(g)(3)): the merchant's statement that the listing was removed by mistake,
/// consent to jurisdiction and signature. All elements are required (DESIGN §5.2).
/// </summary>
public sealed record CounterNotice(string Id, DateTimeOffset At, string Notice, string Listing, string Merchant, string Statement, string Signature)
{
    public string Document { get; init; } = "";

    public static CounterNotice? Read(JsonElement json, RecordReader read, string prefix = "")
    {
        string P(string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
        var id = read.Id(json, "id", prefix: prefix);
        var at = read.Time(json, "at", required: true, prefix);
        var notice = read.Id(json, "notice", prefix: prefix);
        var listing = read.Id(json, "listing", prefix: prefix);
        var merchant = read.Id(json, "merchant", prefix: prefix);
        var statement = read.String(json, "statement", required: true, prefix);
        if (read.Bool(json, "consent_to_jurisdiction", required: true, prefix) is false)
            read.Error(P("consent_to_jurisdiction"), "must be true: consent to the jurisdiction of the court (§512(g)(3)(D))");
        var signature = read.String(json, "signature", required: true, prefix);
        if (!read.Ok) return null;
        return new CounterNotice(id!, at!.Value, notice!, listing!, merchant!, statement!, signature!)
        {
            Document = Json.Canonical(JsonNode.Parse(json.GetRawText())),
        };
    }
}

/// <summary>The notifier reports that it filed suit: the listing stays down (§512(g)(2)(C)).</summary>
public sealed record SuitFiled(string Id, string Notice, DateTimeOffset At)
{
    public static SuitFiled? Read(JsonElement json, RecordReader read, string prefix = "")
    {
        var id = read.Id(json, "id", prefix: prefix);
        var notice = read.Id(json, "notice", prefix: prefix);
        var at = read.Time(json, "at", required: true, prefix);
        return read.Ok ? new SuitFiled(id!, notice!, at!.Value) : null;
    }
}

public sealed record CounterNoticeRecord(CounterNotice CounterNotice, DateTimeOffset? RestoreAt, CounterNoticeStatus Status, DateTimeOffset? ResolvedAt);
