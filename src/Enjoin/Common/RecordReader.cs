using System.Globalization;
using System.Text.Json;

namespace Enjoin.Common;

/// <summary>
/// Reads the fields of one input record and collects every problem as an <see cref="InputError"/>
/// naming file, line and field. Unknown fields are ignored (DESIGN §5.2).
/// </summary>
/// <param name="baseDirectory">
/// The directory of the input file on disk, which relative paths in a record are resolved against; null when
/// the input is not a file on disk (an HTTP request body), and then a record may not name files at all — an
/// API caller must not make the server read its own disk.
/// </param>
public sealed class RecordReader(string file, Func<string, int> lineOf, string? baseDirectory = null)
{
    readonly List<InputError> _errors = [];

    public IReadOnlyList<InputError> Errors => _errors;
    public bool Ok => _errors.Count == 0;
    public string File => file;
    public string? BaseDirectory => baseDirectory;

    /// <summary>A reader for one line of a JSONL file (read from <paramref name="baseDirectory"/>, if on disk).</summary>
    public static RecordReader ForLine(string file, int line, string? baseDirectory = null) => new(file, _ => line, baseDirectory);

    /// <summary>A path named in the record, resolved against <see cref="BaseDirectory"/>; null (and an error) when files may not be named.</summary>
    public string? FilePath(string field, string path)
    {
        if (baseDirectory is null)
        {
            Error(field, "files can be named only in an input file read from disk (e.g. enjoin listings ingest FILE)");
            return null;
        }
        return System.IO.Path.Combine(baseDirectory, path); // an absolute path stays as it is
    }

    public void Error(string field, string message) => _errors.Add(new InputError(file, lineOf(field), field, message));

    static string Path(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    static bool TryGet(JsonElement obj, string name, out JsonElement value)
    {
        value = default;
        return obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;
    }

    public bool Has(JsonElement obj, string name) => TryGet(obj, name, out _);

    public string? String(JsonElement obj, string name, bool required = false, string prefix = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            if (required) Error(Path(prefix, name), "required");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && !required) return value.GetRawText();
        if (value.ValueKind != JsonValueKind.String)
        {
            Error(Path(prefix, name), $"must be a string, not {Describe(value)}");
            return null;
        }
        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Error(Path(prefix, name), "required, and must not be empty");
            return null;
        }
        return text;
    }

    /// <summary>An identifier: a non-empty string (a bare number is accepted as its text).</summary>
    public string? Id(JsonElement obj, string name, bool required = true, string prefix = "")
    {
        if (TryGet(obj, name, out var value) && value.ValueKind == JsonValueKind.Number) return value.GetRawText();
        var text = String(obj, name, required, prefix);
        return text?.Trim();
    }

    public bool? Bool(JsonElement obj, string name, bool required = false, string prefix = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            if (required) Error(Path(prefix, name), "required");
            return null;
        }
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        Error(Path(prefix, name), $"must be true or false, not {Describe(value)}");
        return null;
    }

    public DateTimeOffset? Time(JsonElement obj, string name, bool required = false, string prefix = "")
    {
        var text = String(obj, name, required, prefix);
        if (text is null) return null;
        if (EventTime.TryParse(text, out var at)) return at;
        Error(Path(prefix, name), $"'{text}' is not an ISO-8601 time (e.g. 2022-12-28T15:00:00Z)");
        return null;
    }

    public DateOnly? Date(JsonElement obj, string name, bool required = false, string prefix = "")
    {
        var text = String(obj, name, required, prefix);
        if (text is null) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        if (EventTime.TryParse(text, out var at)) return DateOnly.FromDateTime(at.UtcDateTime);
        Error(Path(prefix, name), $"'{text}' is not a date (YYYY-MM-DD)");
        return null;
    }

    public int? Int(JsonElement obj, string name, bool required = false, string prefix = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            if (required) Error(Path(prefix, name), "required");
            return null;
        }
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out number)) return number;
        Error(Path(prefix, name), $"must be a whole number, not {Describe(value)}");
        return null;
    }

    public decimal? Decimal(JsonElement obj, string name, string prefix = "")
    {
        if (!TryGet(obj, name, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number)) return number;
        if (value.ValueKind == JsonValueKind.String && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out number)) return number;
        Error(Path(prefix, name), $"must be a number, not {Describe(value)}");
        return null;
    }

    public TEnum? Word<TEnum>(JsonElement obj, string name, bool required = false, string prefix = "") where TEnum : struct, Enum
    {
        var text = String(obj, name, required, prefix);
        if (text is null) return null;
        if (Words<TEnum>.TryParse(text, out var value)) return value;
        Error(Path(prefix, name), $"'{text}' is not one of {string.Join(", ", Words<TEnum>.All)}");
        return null;
    }

    public IReadOnlyList<string> Strings(JsonElement obj, string name, bool required = false, string prefix = "")
    {
        var items = Array(obj, name, required, prefix);
        var result = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(items[i].GetString()))
                result.Add(items[i].GetString()!.Trim());
            else
                Error($"{Path(prefix, name)}[{i}]", "must be a non-empty string");
        }
        return result;
    }

    public IReadOnlyList<int> Ints(JsonElement obj, string name, string prefix = "")
    {
        var items = Array(obj, name, false, prefix);
        var result = new List<int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind == JsonValueKind.Number && items[i].TryGetInt32(out var n)) result.Add(n);
            else Error($"{Path(prefix, name)}[{i}]", "must be a whole number");
        }
        return result;
    }

    public IReadOnlyList<JsonElement> Array(JsonElement obj, string name, bool required = false, string prefix = "")
    {
        if (!TryGet(obj, name, out var value))
        {
            if (required) Error(Path(prefix, name), "required");
            return [];
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(Path(prefix, name), $"must be an array, not {Describe(value)}");
            return [];
        }
        return [.. value.EnumerateArray()];
    }

    static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
