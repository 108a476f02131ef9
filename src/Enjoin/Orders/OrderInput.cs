using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Common;

namespace Enjoin.Orders;

/// <summary>A Schedule A row: how the court named a defendant storefront.</summary>
public sealed record DefendantRow(int No, string? Name, string? SellerId, string? StoreUrl);

public sealed record ClauseRow(string Ref, ClauseKind Kind);

/// <summary>An order file as read and checked on its own (DESIGN §5.2); checks against stored orders come later.</summary>
public sealed record OrderInput(
    Order Order, IReadOnlyList<ClauseRow> Clauses, IReadOnlyList<DefendantRow> Defendants,
    IReadOnlyList<string> StrikeClauses, IReadOnlyList<int> DismissDefendants, IReadOnlyList<DefendantRow> AddDefendants)
{
    public bool IsChange => Order.Kind is OrderKind.Modification or OrderKind.Dissolution;

    /// <summary>The file it came from and the line of each field, for errors found against stored orders.</summary>
    public string File { get; init; } = "";
    public Func<string, int> LineOf { get; init; } = _ => 1;

    public InputRejectedException Reject(string field, string message) =>
        new(new InputError(File, LineOf(field), field, message));

    /// <summary>Reads an order file, with its Schedule A CSV if one is given; throws with every problem found.</summary>
    public static OrderInput Parse(string file, string text, string? scheduleAFile = null, string? scheduleAText = null)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new InputRejectedException(new InputError(file, (int)(e.LineNumber ?? 0) + 1, "(json)", e.Message));
        }
        using (document)
        {
            var map = new JsonLineMap(Encoding.UTF8.GetBytes(text));
            var read = new RecordReader(file, map.LineOf);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new InputRejectedException(new InputError(file, 1, "(json)", "an order file holds one JSON object"));

            var schedule = scheduleAText is null ? null : ScheduleA.Parse(scheduleAFile ?? "schedule-a.csv", scheduleAText);
            var input = Read(root, read, schedule);
            if (!read.Ok || input is null) throw new InputRejectedException(read.Errors);

            var node = JsonNode.Parse(root.GetRawText())!.AsObject();
            if (schedule is not null)
                node[input.IsChange ? "add_defendants" : "defendants"] = JsonSerializer.SerializeToNode(schedule, Json.Options);
            return input with { Order = input.Order with { Document = Json.Canonical(node) }, File = file, LineOf = map.LineOf };
        }
    }

    static OrderInput? Read(JsonElement root, RecordReader read, IReadOnlyList<DefendantRow>? schedule)
    {
        var id = read.Id(root, "id");
        var kind = read.Word<OrderKind>(root, "kind", required: true);
        var served = read.Time(root, "served", required: true);
        var expires = read.Time(root, "expires");
        var issued = read.Date(root, "issued");
        if (kind is null) return null;

        if (kind is OrderKind.Modification or OrderKind.Dissolution)
        {
            var modifies = read.Id(root, "modifies");
            var strike = kind == OrderKind.Modification ? read.Strings(root, "strike_clauses") : [];
            var dismiss = kind == OrderKind.Modification ? read.Ints(root, "dismiss_defendants") : [];
            var add = kind == OrderKind.Modification ? schedule ?? ReadDefendants(root, "add_defendants", read) : [];
            if (expires is not null && kind == OrderKind.Dissolution) read.Error("expires", "a dissolution ends the order; it cannot set an expiry");
            var change = new Order(id ?? "", kind.Value, read.String(root, "case"), read.String(root, "court"), read.String(root, "plaintiff"),
                issued, served ?? default, expires, null, modifies, [], false);
            return new OrderInput(change, [], [], strike, dismiss, add);
        }

        var marks = read.Strings(root, "marks");
        var clauses = new List<ClauseRow>();
        var clauseItems = read.Array(root, "clauses", required: true);
        if (clauseItems.Count == 0 && read.Has(root, "clauses")) read.Error("clauses", "an order needs at least one clause");
        for (var i = 0; i < clauseItems.Count; i++)
        {
            var prefix = $"clauses[{i}]";
            var clauseRef = read.String(clauseItems[i], "ref", required: true, prefix);
            var clauseKind = read.Word<ClauseKind>(clauseItems[i], "kind", required: true, prefix);
            if (clauseRef is not null && clauseKind is not null) clauses.Add(new ClauseRow(clauseRef.Trim(), clauseKind.Value));
        }
        if (clauses.Any(c => c.Kind == ClauseKind.CeaseInfringement) && marks.Count == 0)
            read.Error("marks", "a cease_infringement clause needs the marks it protects");
        var defendants = schedule ?? ReadDefendants(root, "defendants", read);
        if (defendants.Count == 0 && schedule is null && !read.Has(root, "defendants"))
            read.Error("defendants", "required (or give --schedule-a FILE.csv)");
        if (expires is not null && served is not null && expires <= served) read.Error("expires", "must be after served");

        var order = new Order(id ?? "", kind.Value, read.String(root, "case"), read.String(root, "court"), read.String(root, "plaintiff"),
            issued, served ?? default, expires, read.Id(root, "supersedes", required: false), null, marks,
            read.Bool(root, "covers_aliases") ?? false);
        return new OrderInput(order, clauses, defendants, [], [], []);
    }

    static List<DefendantRow> ReadDefendants(JsonElement root, string name, RecordReader read)
    {
        var rows = new List<DefendantRow>();
        var items = read.Array(root, name);
        var seen = new HashSet<int>();
        for (var i = 0; i < items.Count; i++)
        {
            var prefix = $"{name}[{i}]";
            var no = read.Int(items[i], "no", required: true, prefix);
            var row = new DefendantRow(no ?? 0, read.String(items[i], "name", prefix: prefix),
                read.Id(items[i], "seller_id", required: false, prefix), read.String(items[i], "store_url", prefix: prefix));
            if (no is null) continue;
            if (!seen.Add(no.Value)) read.Error($"{prefix}.no", $"defendant {no} appears twice");
            else if (row.Name is null && row.SellerId is null && row.StoreUrl is null)
                read.Error(prefix, "a defendant needs a name, seller_id or store_url");
            else rows.Add(row);
        }
        return rows;
    }
}

/// <summary>The Schedule A CSV: header <c>no,name,seller_id,store_url</c> (DESIGN §5.2).</summary>
public static class ScheduleA
{
    static readonly string[] Columns = ["no", "name", "seller_id", "store_url"];

    public static IReadOnlyList<DefendantRow> Parse(string file, string text)
    {
        var errors = new List<InputError>();
        var lines = Csv.Rows(text).ToList();
        if (lines.Count == 0) throw new InputRejectedException(new InputError(file, 1, "(header)", "empty file; expected header no,name,seller_id,store_url"));
        var header = lines[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var index = Columns.ToDictionary(c => c, c => Array.IndexOf(header, c));
        if (index["no"] < 0) throw new InputRejectedException(new InputError(file, lines[0].Line, "no", "the header must name the column no (no,name,seller_id,store_url)"));

        var rows = new List<DefendantRow>();
        var seen = new HashSet<int>();
        foreach (var (line, fields) in lines.Skip(1))
        {
            if (fields.All(string.IsNullOrWhiteSpace)) continue;
            string? Field(string column) => index[column] >= 0 && index[column] < fields.Count && !string.IsNullOrWhiteSpace(fields[index[column]])
                ? fields[index[column]].Trim() : null;
            var noText = Field("no");
            if (!int.TryParse(noText, System.Globalization.CultureInfo.InvariantCulture, out var no))
            {
                errors.Add(new InputError(file, line, "no", noText is null ? "required" : $"'{noText}' is not a whole number"));
                continue;
            }
            var row = new DefendantRow(no, Field("name"), Field("seller_id"), Field("store_url"));
            if (!seen.Add(no)) errors.Add(new InputError(file, line, "no", $"defendant {no} appears twice"));
            else if (row.Name is null && row.SellerId is null && row.StoreUrl is null)
                errors.Add(new InputError(file, line, "name", "a defendant needs a name, seller_id or store_url"));
            else rows.Add(row);
        }
        if (errors.Count > 0) throw new InputRejectedException(errors);
        return rows;
    }
}

/// <summary>RFC 4180 rows, with the line each starts on.</summary>
public static class Csv
{
    public static IEnumerable<(int Line, List<string> Fields)> Rows(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var rowLine = 1;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else { if (c == '\n') line++; field.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString()); field.Clear();
                    yield return (rowLine, fields);
                    fields = [];
                    line++;
                    rowLine = line;
                    break;
                default: field.Append(c); break;
            }
        }
        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return (rowLine, fields);
        }
    }
}
