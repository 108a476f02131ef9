using System.Text;
using System.Text.Json.Nodes;
using Enjoin.Common;
using Enjoin.Orders;

namespace Enjoin.Notices;

/// <summary>
/// Notices in bulk as CSV, one notice a row, for rights holders whose systems export spreadsheets. Header (order free;
/// unknown columns ignored): <c>id,at,notifier_name,notifier_email,notifier_role,right_kind,mark,work,registration,
/// jurisdiction,listings,explanation,good_faith,accurate,signature</c>; <c>listings</c> separated by spaces or
/// semicolons. Read into the notices' own JSON (DESIGN §5.2), which the usual checks then judge.
/// </summary>
public static class NoticeCsv
{
    public static readonly string[] Columns =
        ["id", "at", "notifier_name", "notifier_email", "notifier_role", "right_kind", "mark", "work", "registration", "jurisdiction",
         "listings", "explanation", "good_faith", "accurate", "signature"];

    /// <summary>
    /// A JSON array of the rows' notices in which each notice starts on its row's own line, so every error the
    /// notice checks name points at the CSV line the person can find.
    /// </summary>
    public static string ToJson(string file, string text)
    {
        var rows = Csv.Rows(text).ToList();
        if (rows.Count == 0) throw new InputRejectedException(new InputError(file, 1, "(header)", $"a header row is required: {string.Join(",", Columns)}"));
        var header = rows[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToList();
        var missing = new[] { "id", "listings" }.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0) throw new InputRejectedException(new InputError(file, rows[0].Line, "(header)", $"missing column {string.Join(", ", missing)}"));
        var json = new StringBuilder("[");
        var line = 1;
        var first = true;
        foreach (var (rowLine, fields) in rows.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace)) continue;
            string? F(string column) => header.IndexOf(column) is var i and >= 0 && i < fields.Count && fields[i].Trim() is { Length: > 0 } v ? v : null;
            bool? B(string column) => F(column)?.ToLowerInvariant() switch { null => null, "true" or "yes" or "1" => true, _ => false };
            var notice = new JsonObject
            {
                ["id"] = F("id"), ["at"] = F("at"),
                ["notifier"] = new JsonObject { ["name"] = F("notifier_name"), ["email"] = F("notifier_email"), ["role"] = F("notifier_role") ?? "rights_holder" },
                ["right"] = new JsonObject
                {
                    ["kind"] = F("right_kind"), ["mark"] = F("mark"), ["work"] = F("work"), ["registration"] = F("registration"), ["jurisdiction"] = F("jurisdiction"),
                },
                ["listings"] = new JsonArray([.. (F("listings") ?? "").Split([' ', ';', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(l => (JsonNode?)JsonValue.Create(l))]),
                ["explanation"] = F("explanation"), ["good_faith"] = B("good_faith"), ["accurate"] = B("accurate"), ["signature"] = F("signature"),
            };
            if (!first) json.Append(',');
            first = false;
            for (; line < rowLine; line++) json.Append('\n');
            json.Append(notice.ToJsonString());
        }
        return json.Append(']').ToString();
    }
}
