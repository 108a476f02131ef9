using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;

namespace Enjoin.StatementsOfReasons;

/// <summary>
/// <c>enjoin sor export</c>: the statements of reasons of a time window, in batches of at most 100 as the
/// Transparency Database's bulk endpoint takes them. The file is JSON Lines, one request body
/// (<c>{"statements":[…]}</c>) a line, so each line can be posted as it is. Every statement is validated
/// first; with any problem nothing is written.
/// </summary>
public sealed record StatementExport(
    DateTimeOffset? From, DateTimeOffset? To, IReadOnlyList<StatementOfReasons> Statements,
    IReadOnlyList<IReadOnlyList<JsonObject>> Batches, IReadOnlyList<StatementProblem> Problems)
{
    public bool Ok => Problems.Count == 0;

    static readonly JsonSerializerOptions LineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };

    /// <summary>The file's lines: one bulk request body per batch.</summary>
    public IEnumerable<string> Lines() =>
        Batches.Select(batch => new JsonObject { ["statements"] = new JsonArray([.. batch.Select(s => (JsonNode)s.DeepClone())]) }.ToJsonString(LineOptions));

    /// <summary>The whole file's text (empty when there is nothing to state).</summary>
    public string Text() => string.Concat(Lines().Select(line => line + "\n"));

    /// <summary>What the command prints: how many statements of which kind, in how many batches.</summary>
    public StatementExportSummary Summary(string? file) => new(file, From, To, Statements.Count, Batches.Count,
        Statements.GroupBy(s => Words<ActionKind>.Of(s.Kind)).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
        Statements.GroupBy(s => (string)s.Fields["source_type"]!).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));

    /// <summary>A window must not be empty or reversed: that is bad input, not "nothing to state".</summary>
    public static void CheckWindow(DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } f && to is { } t && t <= f)
            throw new InputRejectedException(new InputError("sor export", 0, "to", $"must be later than from ({EventTime.Format(f)})"));
    }

    /// <summary>Derives, batches and validates; the window is half open, [from, to), on when each restriction applied.</summary>
    public static StatementExport Build(StatementSources sources, DateTimeOffset? from, DateTimeOffset? to)
    {
        CheckWindow(from, to);
        var statements = StatementsOfReasons.Derive(sources, from, to);
        var batches = statements.Chunk(TransparencyDatabase.MaxBatch).Select(chunk => (IReadOnlyList<JsonObject>)[.. chunk.Select(s => s.Fields)]).ToList();
        return new StatementExport(from, to, statements, batches, StatementValidator.Check(batches));
    }
}

public sealed record StatementExportSummary(string? File, DateTimeOffset? From, DateTimeOffset? To, int Statements, int Batches,
    IReadOnlyDictionary<string, int> Kinds, IReadOnlyDictionary<string, int> Sources);

/// <summary>The engine's door to statements of reasons: one read-only transaction.</summary>
public static class StatementsOfReasonsEngine
{
    public static StatementExport ExportStatementsOfReasons(this EnjoinEngine engine, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        StatementExport.CheckWindow(from, to);
        return engine.Read(store => StatementExport.Build(StatementSources.Load(store), from, to));
    }
}
