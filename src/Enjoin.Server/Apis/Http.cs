using System.Text;
using System.Text.Json;
using Enjoin.Common;
using Enjoin.Engine;

namespace Enjoin.Server.Apis;

/// <summary>Reading bodies and writing answers the same way everywhere: strict UTF-8, the product's JSON, RFC 9457 problems.</summary>
public static class Http
{
    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Key of the body bytes the server's body reader has already read and checked to be UTF-8.</summary>
    public const string CheckedBody = "enjoin:checked-body";

    /// <summary>The body as text; invalid UTF-8 is bad input, not something to guess at.</summary>
    public static async Task<string> Text(HttpRequest request, CancellationToken cancel)
    {
        if (request.HttpContext.Items[CheckedBody] is ReadOnlyMemory<byte> read) return Encoding.UTF8.GetString(read.Span);
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancel);
        try { return StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length); }
        catch (DecoderFallbackException)
        {
            throw new InputRejectedException(new InputError("request body", 0, "(body)", "not valid UTF-8"));
        }
    }

    /// <summary>The body as bytes, checked to be UTF-8, for readers that parse bytes directly.</summary>
    public static async Task<ReadOnlyMemory<byte>> Bytes(HttpRequest request, CancellationToken cancel)
    {
        if (request.HttpContext.Items[CheckedBody] is ReadOnlyMemory<byte> read) return read;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancel);
        var bytes = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        return System.Text.Unicode.Utf8.IsValid(bytes.Span)
            ? bytes
            : throw new InputRejectedException(new InputError("request body", 0, "(body)", "not valid UTF-8"));
    }

    /// <summary>
    /// A bulk body of bytes as its records with their line numbers (array bodies: the element's position from 1):
    /// a JSON array, or NDJSON. The records are slices of the body, not copies.
    /// </summary>
    public static IReadOnlyList<(int Line, ReadOnlyMemory<byte> Record)> Records(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        var records = new List<(int, ReadOnlyMemory<byte>)>(span.Count((byte)'\n') + 1);
        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start < span.Length && span[start] == (byte)'[')
        {
            using var document = Parse(body, 1);
            var index = 0;
            foreach (var element in document.RootElement.EnumerateArray())
                records.Add((++index, System.Text.Encoding.UTF8.GetBytes(element.GetRawText())));
            return records;
        }
        var line = 0;
        for (var from = 0; from < span.Length;)
        {
            var end = span[from..].IndexOf((byte)'\n');
            var to = end < 0 ? span.Length : from + end;
            line++;
            var record = body[from..to];
            if (!record.Span.Trim(" \t\r"u8).IsEmpty) records.Add((line, record));
            from = to + 1;
        }
        return records;
    }

    public static JsonDocument Parse(ReadOnlyMemory<byte> json, int line)
    {
        try { return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 }); }
        catch (JsonException e)
        {
            throw new InputRejectedException(new InputError("request body", line + (int)(e.LineNumber ?? 0), "(json)", e.Message));
        }
    }

    /// <summary>A bulk body as records: a JSON array, or NDJSON (one object a line).</summary>
    public static IReadOnlyList<InputLine> Lines(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] == '[')
        {
            using var document = Parse(text);
            return [.. document.RootElement.EnumerateArray().Select((e, i) => new InputLine(i + 1, e.GetRawText()))];
        }
        return [.. Jsonl.Lines(text)];
    }

    public static JsonDocument Parse(string text)
    {
        try { return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 32 }); }
        catch (JsonException e)
        {
            throw new InputRejectedException(new InputError("request body", (int)(e.LineNumber ?? 0) + 1, "(json)", e.Message));
        }
    }

    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) =>
        Results.Json(value, Common.Json.Options, statusCode: status);

    /// <summary>RFC 9457 problem details naming every bad field.</summary>
    public static IResult Problem(IReadOnlyList<InputError> errors, int status = StatusCodes.Status400BadRequest, string title = "The request was refused") =>
        Results.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = string.Join("; ", errors.Select(e => e.Line > 0 ? $"line {e.Line}: {e.Field}: {e.Message}" : $"{e.Field}: {e.Message}")),
            Extensions =
            {
                ["errors"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Line > 0 ? $"line {e.Line}: {e.Message}" : e.Message).ToArray()),
            },
        });

    public static IResult NotFound(string what) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what);

    public static DateTimeOffset? At(string? at, string field = "at") =>
        at is null ? null
        : EventTime.TryParse(at, out var t) ? t
        : throw new InputRejectedException(new InputError("query", 0, field, $"'{at}' is not an ISO-8601 time"));
}
