using System.Text;
using System.Text.Json;
using Enjoin.Common;

namespace Enjoin.Notices;

/// <summary>A notices or counter-notices file: one JSON object or an array of them; each element stands alone.</summary>
public static class NoticeInput
{
    public sealed record Parsed<T>(IReadOnlyList<(T Record, Func<string, string, InputRejectedException> Reject)> Records, IReadOnlyList<InputError> Errors, bool IsArray);

    public static Parsed<T> Parse<T>(string file, string text, Func<JsonElement, RecordReader, string, T?> read) where T : class
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }); }
        catch (JsonException e) { throw new InputRejectedException(new InputError(file, (int)(e.LineNumber ?? 0) + 1, "(json)", e.Message)); }
        using (document)
        {
            var map = new JsonLineMap(Encoding.UTF8.GetBytes(text));
            var root = document.RootElement;
            var isArray = root.ValueKind == JsonValueKind.Array;
            var elements = isArray ? root.EnumerateArray().ToList() : [root];
            var records = new List<(T, Func<string, string, InputRejectedException>)>();
            var errors = new List<InputError>();
            for (var i = 0; i < elements.Count; i++)
            {
                var prefix = isArray ? $"[{i}]" : "";
                var reader = new RecordReader(file, map.LineOf);
                var record = read(elements[i], reader, prefix);
                if (record is null) { errors.AddRange(reader.Errors); continue; }
                records.Add((record, (field, message) =>
                {
                    var path = prefix.Length == 0 ? field : $"{prefix}.{field}";
                    return new InputRejectedException(new InputError(file, map.LineOf(path), path, message));
                }));
            }
            return new Parsed<T>(records, errors, isArray);
        }
    }
}
