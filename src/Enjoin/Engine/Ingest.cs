using System.Text.Json;
using System.Text.Json.Serialization;
using Enjoin.Common;

namespace Enjoin.Engine;

/// <summary>One line of a JSONL input file.</summary>
public readonly record struct InputLine(int Line, string Text);

public sealed record IngestRejection(int Line, string Error);

/// <summary>What an ingest command prints (DESIGN §5.3).</summary>
public sealed record IngestSummary(int Read, int Accepted, IReadOnlyList<IngestRejection> Rejected, int Actions)
{
    /// <summary>The same problems with file and field, for the error stream.</summary>
    [JsonIgnore] public IReadOnlyList<InputError> Errors { get; init; } = [];
}

/// <summary>Reads JSONL lines into records; a line that does not parse is rejected on its own.</summary>
public static class Jsonl
{
    public static IEnumerable<InputLine> Lines(TextReader reader)
    {
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(text)) yield return new InputLine(number, text);
        }
    }

    public static IEnumerable<InputLine> Lines(string text) => Lines(new StringReader(text));

    /// <summary>
    /// Parses each line with <paramref name="read"/>; errors are collected per line, never thrown. Paths in the
    /// records are relative to <paramref name="directory"/> (the input file's, when it is a file on disk).
    /// </summary>
    public static List<(int Line, T Record, DateTimeOffset? At)> Parse<T>(string file, IEnumerable<InputLine> lines,
        Func<JsonElement, RecordReader, (T? Record, DateTimeOffset? At)> read, List<InputError> errors, ref int count,
        string? directory = null) where T : class
    {
        var records = new List<(int, T, DateTimeOffset?)>();
        foreach (var line in lines)
        {
            count++;
            try
            {
                using var document = JsonDocument.Parse(line.Text);
                var reader = RecordReader.ForLine(file, line.Line, directory);
                var (record, at) = read(document.RootElement, reader);
                if (record is not null) records.Add((line.Line, record, at));
                else errors.AddRange(reader.Errors);
            }
            catch (JsonException e)
            {
                errors.Add(new InputError(file, line.Line, "(json)", $"not valid JSON: {e.Message}"));
            }
        }
        return records;
    }
}
