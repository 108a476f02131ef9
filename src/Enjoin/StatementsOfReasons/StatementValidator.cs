using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Enjoin.StatementsOfReasons.TransparencyDatabase;

namespace Enjoin.StatementsOfReasons;

/// <summary>What is wrong with one statement (or one batch) of an export, named so a person can find it.</summary>
/// <param name="Where">"statement 17 (puid enjoin-takedown_listing-42)" or "batch 2".</param>
public sealed record StatementProblem(string Where, string Field, string Message)
{
    public override string ToString() => $"{Where}: {Field}: {Message}";
}

/// <summary>
/// The Transparency Database's rules for a statement submitted in bulk, written from its request rules
/// (required fields, enumerations, conditional requirements, lengths, date formats, the puid pattern)
/// plus what the bulk endpoint checks across statements (1–100 a batch, each puid once). Every exported
/// statement passes here before anything is written: a statement the API would refuse is our bug, and is
/// caught before it leaves.
/// </summary>
public static partial class StatementValidator
{
    /// <summary>The fields a statement may carry; anything else is a typo on our side.</summary>
    public static readonly FrozenSet<string> Fields = new[]
    {
        "decision_visibility", "decision_visibility_other", "end_date_visibility_restriction",
        "decision_monetary", "decision_monetary_other", "end_date_monetary_restriction",
        "decision_provision", "end_date_service_restriction",
        "decision_account", "end_date_account_restriction", "account_type",
        "decision_ground", "decision_ground_reference_url",
        "illegal_content_legal_ground", "illegal_content_explanation",
        "incompatible_content_ground", "incompatible_content_explanation", "incompatible_content_illegal",
        "category", "category_addition", "category_specification", "category_specification_other",
        "content_type", "content_type_other", "content_language", "content_date",
        "territorial_scope", "application_date", "decision_facts",
        "source_type", "source_identity", "automated_detection", "automated_decision", "puid",
    }.ToFrozenSet(StringComparer.Ordinal);

    // \z, not $: "$" would let a trailing newline through (the API uses /D for the same reason).
    [GeneratedRegex(@"^[a-zA-Z0-9_-]+\z")]
    private static partial Regex PuidPattern();

    static readonly DateOnly Earliest = new(2000, 1, 1), EarliestApplication = new(2020, 1, 1), Latest = new(2038, 1, 1);

    /// <summary>Checks a whole export: batch sizes, every statement, and each puid used once across all of them.</summary>
    public static IReadOnlyList<StatementProblem> Check(IReadOnlyList<IReadOnlyList<JsonObject>> batches)
    {
        var problems = new List<StatementProblem>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var batch = batches[b];
            if (batch.Count is 0 or > MaxBatch)
                problems.Add(new StatementProblem($"batch {b + 1}", "statements", $"the bulk endpoint takes 1 to {MaxBatch} statements; this batch has {batch.Count}"));
            foreach (var statement in batch)
            {
                index++;
                var where = Where(index, statement);
                problems.AddRange(Check(statement, where));
                if (Text(statement, "puid") is { } puid)
                {
                    if (seen.TryGetValue(puid, out var first)) problems.Add(new StatementProblem(where, "puid", $"'{puid}' is used already by {first}; a puid identifies one statement"));
                    else seen[puid] = where;
                }
            }
        }
        return problems;
    }

    public static string Where(int index, JsonObject statement) =>
        Text(statement, "puid") is { } puid ? $"statement {index} (puid {puid})" : $"statement {index}";

    /// <summary>Checks one statement against the API's field rules.</summary>
    public static IReadOnlyList<StatementProblem> Check(JsonObject s, string where = "statement")
    {
        var problems = new List<StatementProblem>();
        void Fail(string field, string message) => problems.Add(new StatementProblem(where, field, message));

        foreach (var (key, _) in s)
            if (!Fields.Contains(key)) Fail(key, "not a field of the Transparency Database's statement");

        // At least one restriction: each decision_* is required without all the others.
        var restrictions = new[] { "decision_visibility", "decision_monetary", "decision_provision", "decision_account" };
        if (!restrictions.Any(f => Present(s, f)))
            Fail("decision_visibility", "required when decision_monetary, decision_provision and decision_account are all empty: a statement states a restriction");

        var visibility = EnumArray(s, "decision_visibility", Visibilities, Fail);
        Other(s, "decision_visibility_other", visibility.Contains(VisibilityOther), Fail);
        var monetary = Enum(s, "decision_monetary", Monetaries, Fail);
        Other(s, "decision_monetary_other", monetary == MonetaryOther, Fail);
        Enum(s, "decision_provision", Provisions, Fail);
        Enum(s, "decision_account", TransparencyDatabase.Accounts, Fail);
        Enum(s, "account_type", AccountTypes, Fail);

        var ground = Enum(s, "decision_ground", Grounds, Fail, required: true);
        Url(s, "decision_ground_reference_url", Fail);
        var illegal = ground == GroundIllegal;
        Conditional(s, "illegal_content_legal_ground", illegal, MaxText, Fail, "decision_ground is DECISION_GROUND_ILLEGAL_CONTENT");
        Conditional(s, "illegal_content_explanation", illegal, MaxExplanation, Fail, "decision_ground is DECISION_GROUND_ILLEGAL_CONTENT");
        var incompatible = ground == GroundIncompatible;
        Conditional(s, "incompatible_content_ground", incompatible, MaxText, Fail, "decision_ground is DECISION_GROUND_INCOMPATIBLE_CONTENT");
        Conditional(s, "incompatible_content_explanation", incompatible, MaxExplanation, Fail, "decision_ground is DECISION_GROUND_INCOMPATIBLE_CONTENT");
        Enum(s, "incompatible_content_illegal", IncompatibleContentIllegals, Fail);

        var contentTypes = EnumArray(s, "content_type", ContentTypes, Fail, required: true);
        Other(s, "content_type_other", contentTypes.Contains(ContentOther), Fail);
        Enum(s, "category", Categories, Fail, required: true);
        EnumArray(s, "category_addition", Categories, Fail);
        EnumArray(s, "category_specification", Keywords, Fail);
        MaxLength(s, "category_specification_other", MaxText, Fail);
        EnumArray(s, "territorial_scope", Territories, Fail);
        Enum(s, "content_language", Languages, Fail);

        Date(s, "content_date", Earliest, Fail, required: true);
        Date(s, "application_date", EarliestApplication, Fail, required: true);
        foreach (var end in (string[])["end_date_account_restriction", "end_date_monetary_restriction", "end_date_service_restriction", "end_date_visibility_restriction"])
            Date(s, end, null, Fail);

        if (Required(s, "decision_facts", Fail)) MaxLength(s, "decision_facts", MaxFacts, Fail);
        Enum(s, "source_type", SourceTypes, Fail, required: true);
        MaxLength(s, "source_identity", MaxText, Fail);
        Enum(s, "automated_detection", AutomatedDetections, Fail, required: true);
        Enum(s, "automated_decision", AutomatedDecisions, Fail, required: true);

        if (Required(s, "puid", Fail) && Text(s, "puid") is { } puid)
        {
            if (Length(puid) > MaxText) Fail("puid", $"at most {MaxText} characters ({Length(puid)})");
            if (!PuidPattern().IsMatch(puid)) Fail("puid", $"'{puid}' must match ^[a-zA-Z0-9-_]+$ (letters, digits, '-' and '_')");
        }
        return problems;
    }

    // ---- the rule kinds ----------------------------------------------------------------------

    /// <summary>Laravel's "present": not null, not blank text, not an empty array.</summary>
    static bool Present(JsonObject s, string field) => s[field] switch
    {
        null => false,
        JsonArray array => array.Count > 0,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => !string.IsNullOrWhiteSpace(value.GetValue<string>()),
        _ => true,
    };

    static string? Text(JsonObject s, string field) =>
        s[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    /// <summary>Characters as the API counts them (code points, not UTF-16 units).</summary>
    static int Length(string text)
    {
        var n = 0;
        foreach (var _ in text.EnumerateRunes()) n++;
        return n;
    }

    static bool Required(JsonObject s, string field, Action<string, string> fail)
    {
        if (Present(s, field)) return true;
        fail(field, "required");
        return false;
    }

    /// <summary>A text field, when given: a string of at most <paramref name="max"/> characters.</summary>
    static void MaxLength(JsonObject s, string field, int max, Action<string, string> fail)
    {
        if (!Present(s, field)) return;
        if (Text(s, field) is not { } text) fail(field, "must be text");
        else if (Length(text) > max) fail(field, $"at most {max} characters ({Length(text)})");
    }

    /// <summary>Required when the condition holds (and then at most <paramref name="max"/> long); the API drops it otherwise.</summary>
    static void Conditional(JsonObject s, string field, bool condition, int max, Action<string, string> fail, string when)
    {
        if (!condition) return;
        if (!Present(s, field)) fail(field, $"required when {when}");
        else MaxLength(s, field, max, fail);
    }

    /// <summary>The free text that must accompany an "other" choice.</summary>
    static void Other(JsonObject s, string field, bool chosen, Action<string, string> fail)
    {
        if (chosen && !Present(s, field)) fail(field, "required when the 'other' value is chosen");
        else MaxLength(s, field, MaxText, fail);
    }

    static string? Enum(JsonObject s, string field, FrozenSet<string> allowed, Action<string, string> fail, bool required = false)
    {
        if (!Present(s, field))
        {
            if (required) fail(field, "required");
            return null;
        }
        if (Text(s, field) is { } text && allowed.Contains(text)) return text;
        fail(field, $"{s[field]!.ToJsonString()} is not one of the API's values ({Sample(allowed)})");
        return null;
    }

    static HashSet<string> EnumArray(JsonObject s, string field, FrozenSet<string> allowed, Action<string, string> fail, bool required = false)
    {
        var values = new HashSet<string>(StringComparer.Ordinal);
        if (!Present(s, field))
        {
            if (required) fail(field, "required: an array of at least one value");
            return values;
        }
        if (s[field] is not JsonArray array)
        {
            fail(field, "must be an array");
            return values;
        }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue v && v.GetValueKind() == JsonValueKind.String && allowed.Contains(v.GetValue<string>())) values.Add(v.GetValue<string>());
            else fail($"{field}[{i}]", $"{array[i]?.ToJsonString() ?? "null"} is not one of the API's values ({Sample(allowed)})");
        }
        return values;
    }

    static void Date(JsonObject s, string field, DateOnly? earliest, Action<string, string> fail, bool required = false)
    {
        if (!Present(s, field))
        {
            if (required) fail(field, "required");
            return;
        }
        if (Text(s, field) is not { } text || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            fail(field, $"{s[field]!.ToJsonString()} is not a date in the format YYYY-MM-DD");
            return;
        }
        if (earliest is { } min && day < min) fail(field, $"{text} is before {min:yyyy-MM-dd}, the earliest the API accepts");
        if (day > Latest) fail(field, $"{text} is after {Latest:yyyy-MM-dd}, the latest the API accepts");
    }

    static void Url(JsonObject s, string field, Action<string, string> fail)
    {
        if (!Present(s, field)) return;
        MaxLength(s, field, MaxText, fail);
        if (Text(s, field) is not { } text || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            fail(field, "must be an http(s) URL");
    }

    static string Sample(FrozenSet<string> allowed) =>
        allowed.Count <= 6 ? string.Join(", ", allowed.Order(StringComparer.Ordinal)) : $"{string.Join(", ", allowed.Order(StringComparer.Ordinal).Take(3))}, … {allowed.Count} in all";
}
