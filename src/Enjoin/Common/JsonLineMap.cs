using System.Text.Json;

namespace Enjoin.Common;

/// <summary>
/// Where each field of a JSON text starts, by path (<c>defendants[3].no</c>), so that an error
/// can name the line a person has to fix. A missing field is located at its parent object.
/// </summary>
public sealed class JsonLineMap
{
    readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);

    public JsonLineMap(ReadOnlySpan<byte> utf8, int firstLine = 1)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new List<string>();
        var arrayIndex = new Stack<int>();
        var line = firstLine;
        var scanned = 0;
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                line += utf8[scanned..start].Count((byte)'\n');
                scanned = start;
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingProperty = reader.GetString() ?? "";
                        _lines.TryAdd(Join(path, pendingProperty), line);
                        continue;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        var segment = Segment(ref pendingProperty, arrayIndex);
                        if (segment is not null) path.Add(segment);
                        _lines.TryAdd(string.Concat(path).TrimStart('.'), line);
                        if (reader.TokenType == JsonTokenType.StartArray) arrayIndex.Push(0);
                        else arrayIndex.Push(-1);
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        arrayIndex.Pop();
                        if (path.Count > 0) path.RemoveAt(path.Count - 1);
                        continue;
                    default:
                        var valueSegment = Segment(ref pendingProperty, arrayIndex);
                        if (valueSegment is not null) _lines.TryAdd((string.Concat(path) + valueSegment).TrimStart('.'), line);
                        continue;
                }
            }
        }
        catch (JsonException)
        {
            // A syntax error is reported by the parser itself; the map keeps what it saw.
        }
    }

    static string? Segment(ref string? pendingProperty, Stack<int> arrayIndex)
    {
        if (pendingProperty is not null)
        {
            var name = pendingProperty;
            pendingProperty = null;
            return "." + name;
        }
        if (arrayIndex.Count > 0 && arrayIndex.Peek() >= 0)
        {
            var index = arrayIndex.Pop();
            arrayIndex.Push(index + 1);
            return $"[{index}]";
        }
        return null;
    }

    static string Join(List<string> path, string property) => (string.Concat(path) + "." + property).TrimStart('.');

    /// <summary>The line of the field, else of its nearest enclosing value, else the first line.</summary>
    public int LineOf(string field)
    {
        var key = field;
        while (true)
        {
            if (_lines.TryGetValue(key, out var line)) return line;
            var cut = Math.Max(key.LastIndexOf('.'), key.LastIndexOf('['));
            if (cut <= 0) return _lines.GetValueOrDefault("", 1);
            key = key[..cut];
        }
    }
}
