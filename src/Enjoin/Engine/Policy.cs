using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Common;

namespace Enjoin.Engine;

public enum RepeatInfringerAction { Terminate, Suspend }

/// <summary>
/// How actions reach the marketplace: Enjoin's own mirror confirms them at once; the outbox waits for
/// the marketplace to fetch and confirm them; the webhook (<c>enjoin serve --webhook URL</c>) posts each
/// one, signed, to the marketplace and follows its answer.
/// </summary>
public enum ActionAdapter { Mirror, Outbox, Webhook }

/// <summary>
/// The policy in force, with DESIGN's defaults. Read from <c>enjoin.json</c> beside the database
/// or <c>--policy FILE</c>; recorded in the ledger whenever it changes.
/// </summary>
public sealed record Policy
{
    /// <summary>DESIGN §4.1.5: a served order with an active cease_infringement clause is one strike per defendant.</summary>
    public bool OrderStrikes { get; init; } = true;
    public TimeSpan StrikeWindow { get; init; } = TimeSpan.FromDays(365);
    public int StrikeThreshold { get; init; } = 3;
    public RepeatInfringerAction RepeatInfringerAction { get; init; } = RepeatInfringerAction.Terminate;
    public TimeSpan TakedownSla { get; init; } = TimeSpan.FromHours(24);
    public int CounterNoticeWait { get; init; } = 10;
    public IReadOnlySet<DateOnly> Holidays { get; init; } = new HashSet<DateOnly>();
    public ActionAdapter ActionAdapter { get; init; } = ActionAdapter.Mirror;

    /// <summary>DSA Art. 23(2): after this many notices a notifier's record is judged…</summary>
    public int NotifierMinNotices { get; init; } = 20;
    /// <summary>…and it is warned and loses priority when fewer of its listings than this are accepted (Project Zero: 90 %)…</summary>
    public double NotifierMinAcceptedRate { get; init; } = 0.9;
    /// <summary>…or when more of its notices than this end in restoration (good-faith programmes: 5 %).</summary>
    public double NotifierMaxRestoredRate { get; init; } = 0.05;

    public static readonly Policy Default = new();

    public JsonObject ToJson() => new()
    {
        ["order_strikes"] = OrderStrikes,
        ["strike_window"] = Duration(StrikeWindow),
        ["strike_threshold"] = StrikeThreshold,
        ["repeat_infringer_action"] = Words<RepeatInfringerAction>.Of(RepeatInfringerAction),
        ["takedown_sla"] = Duration(TakedownSla),
        ["counter_notice_wait"] = CounterNoticeWait,
        ["holidays"] = new JsonArray([.. Holidays.Order().Select(d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))]),
        ["action_adapter"] = Words<ActionAdapter>.Of(ActionAdapter),
        ["notifier_min_notices"] = NotifierMinNotices,
        ["notifier_min_accepted_rate"] = NotifierMinAcceptedRate,
        ["notifier_max_restored_rate"] = NotifierMaxRestoredRate,
    };

    public string Canonical() => Json.Canonical(ToJson());

    /// <summary>Reads a policy file; keys not given keep their defaults; unknown keys are refused (a typo must not silently weaken the policy).</summary>
    public static Policy Load(string file)
    {
        string text;
        try { text = File.ReadAllText(file); }
        catch (IOException e) { throw new InputRejectedException(new InputError(file, 0, "(file)", e.Message)); }
        JsonDocument document;
        try { document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new InputRejectedException(new InputError(file, (int)(e.LineNumber ?? 0) + 1, "(json)", e.Message)); }
        using (document)
        {
            var map = new JsonLineMap(System.Text.Encoding.UTF8.GetBytes(text));
            var read = new RecordReader(file, map.LineOf);
            var root = document.RootElement;
            var policy = Default;
            if (root.ValueKind != JsonValueKind.Object) throw new InputRejectedException(new InputError(file, 1, "(json)", "a policy file holds one JSON object"));
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "order_strikes": policy = policy with { OrderStrikes = read.Bool(root, property.Name) ?? policy.OrderStrikes }; break;
                    case "strike_window": policy = policy with { StrikeWindow = ReadDuration(root, property.Name, read) ?? policy.StrikeWindow }; break;
                    case "strike_threshold": policy = policy with { StrikeThreshold = Positive(root, property.Name, read) ?? policy.StrikeThreshold }; break;
                    case "repeat_infringer_action": policy = policy with { RepeatInfringerAction = read.Word<RepeatInfringerAction>(root, property.Name) ?? policy.RepeatInfringerAction }; break;
                    case "takedown_sla": policy = policy with { TakedownSla = ReadDuration(root, property.Name, read) ?? policy.TakedownSla }; break;
                    case "counter_notice_wait": policy = policy with { CounterNoticeWait = Positive(root, property.Name, read) ?? policy.CounterNoticeWait }; break;
                    case "action_adapter": policy = policy with { ActionAdapter = read.Word<ActionAdapter>(root, property.Name) ?? policy.ActionAdapter }; break;
                    case "notifier_min_notices": policy = policy with { NotifierMinNotices = Positive(root, property.Name, read) ?? policy.NotifierMinNotices }; break;
                    case "notifier_min_accepted_rate": policy = policy with { NotifierMinAcceptedRate = Rate(root, property.Name, read) ?? policy.NotifierMinAcceptedRate }; break;
                    case "notifier_max_restored_rate": policy = policy with { NotifierMaxRestoredRate = Rate(root, property.Name, read) ?? policy.NotifierMaxRestoredRate }; break;
                    case "holidays":
                        var days = new HashSet<DateOnly>();
                        var items = read.Array(root, property.Name);
                        for (var i = 0; i < items.Count; i++)
                        {
                            if (items[i].ValueKind == JsonValueKind.String &&
                                DateOnly.TryParseExact(items[i].GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                                days.Add(day);
                            else read.Error($"holidays[{i}]", "must be a date, YYYY-MM-DD");
                        }
                        policy = policy with { Holidays = days };
                        break;
                    default:
                        read.Error(property.Name, $"unknown policy key; known: {string.Join(", ", Default.ToJson().Select(p => p.Key))}");
                        break;
                }
            }
            return read.Ok ? policy : throw new InputRejectedException(read.Errors);
        }
    }

    static int? Positive(JsonElement root, string name, RecordReader read)
    {
        var value = read.Int(root, name);
        if (value is <= 0) { read.Error(name, "must be a positive whole number"); return null; }
        return value;
    }

    static double? Rate(JsonElement root, string name, RecordReader read)
    {
        var value = read.Decimal(root, name);
        if (value is < 0 or > 1) { read.Error(name, "must be a fraction between 0 and 1"); return null; }
        return value is null ? null : (double)value.Value;
    }

    /// <summary>Durations as <c>365d</c>, <c>24h</c>, <c>90m</c>, or ISO-8601 (<c>P365D</c>, <c>PT24H</c>).</summary>
    static TimeSpan? ReadDuration(JsonElement root, string name, RecordReader read)
    {
        var text = read.String(root, name);
        if (text is null) return null;
        if (TryParseDuration(text, out var duration) && duration > TimeSpan.Zero) return duration;
        read.Error(name, $"'{text}' is not a duration such as 365d, 24h, 90m or PT24H");
        return null;
    }

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        text = text.Trim();
        if (text.Length < 2) return false;
        if (text.StartsWith('P'))
        {
            try { duration = System.Xml.XmlConvert.ToTimeSpan(text); return true; }
            catch (FormatException) { return false; }
        }
        if (!double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)) return false;
        switch (text[^1])
        {
            case 'd': duration = TimeSpan.FromDays(n); return true;
            case 'h': duration = TimeSpan.FromHours(n); return true;
            case 'm': duration = TimeSpan.FromMinutes(n); return true;
            case 's': duration = TimeSpan.FromSeconds(n); return true;
            default: return false;
        }
    }

    static string Duration(TimeSpan span) =>
        span.Ticks % TimeSpan.TicksPerDay == 0 ? $"{span.TotalDays:0}d"
        : span.Ticks % TimeSpan.TicksPerHour == 0 ? $"{span.TotalHours:0}h"
        : $"{span.TotalSeconds:0}s";
}
