using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Enjoin.Common;

namespace Enjoin.Ledger;

/// <summary>
/// The hash chain of DESIGN §6.3: hash = SHA-256(previous hash bytes || UTF-8 payload bytes), the
/// previous hash of seq 1 being 32 zero bytes. The payload carries kind, time, actor and subject
/// too, so none of the row's columns can be changed without breaking the chain.
/// </summary>
public static class LedgerChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string Payload(string kind, DateTimeOffset at, string actor, string subject, JsonNode? data) =>
        Payload(kind, at, actor, subject, Json.Canonical(data));

    /// <summary>The hashed text: keys in ordinal order, <paramref name="canonicalData"/> already canonical.</summary>
    public static string Payload(string kind, DateTimeOffset at, string actor, string subject, string canonicalData)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(canonicalData.Length + 128);
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions
               { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("actor", actor);
            writer.WriteString("at", EventTime.Format(at));
            writer.WritePropertyName("data");
            writer.WriteRawValue(canonicalData, skipInputValidation: true);
            writer.WriteString("kind", kind);
            writer.WriteString("subject", subject);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Hash(string previousHash, string payload)
    {
        Span<byte> previous = stackalloc byte[32];
        Convert.FromHexString(previousHash, previous, out _, out _);
        var bytes = Encoding.UTF8.GetBytes(payload);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previous);
        sha.AppendData(bytes);
        Span<byte> hash = stackalloc byte[32];
        sha.GetHashAndReset(hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Recomputes the chain; returns the first row that does not hold, or null when all do.</summary>
    public static LedgerFault? Verify(IEnumerable<LedgerEntry> entries)
    {
        var previous = GenesisHash;
        long expectedSeq = 1;
        foreach (var entry in entries)
        {
            if (entry.Seq != expectedSeq)
                return new LedgerFault(expectedSeq, $"sequence gap: expected {expectedSeq}, found {entry.Seq}");
            if (Hash(previous, entry.Payload) != entry.Hash)
                return new LedgerFault(entry.Seq, "hash does not match previous hash and payload");
            if (!ColumnsMatchPayload(entry, out var column))
                return new LedgerFault(entry.Seq, $"column {column} differs from the hashed payload");
            previous = entry.Hash;
            expectedSeq++;
        }
        return null;
    }

    static bool ColumnsMatchPayload(LedgerEntry entry, out string column)
    {
        column = "payload";
        JsonObject? payload;
        try { payload = JsonNode.Parse(entry.Payload) as JsonObject; }
        catch (System.Text.Json.JsonException) { return false; }
        if (payload is null) return false;
        column = "kind";
        if ((string?)payload["kind"] != entry.Kind) return false;
        column = "actor";
        if ((string?)payload["actor"] != entry.Actor) return false;
        column = "subject";
        if ((string?)payload["subject"] != entry.Subject) return false;
        column = "at";
        return EventTime.TryParse((string?)payload["at"], out var at) && at == entry.At;
    }
}

public sealed record LedgerFault(long Seq, string Reason);
