using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Enjoin.Actions;

/// <summary>How a signature check came out.</summary>
public enum SignatureVerdict { Valid, Missing, Malformed, Invalid, Expired }

/// <summary>The verdict, the signed timestamp and the signature that matched (the replay key).</summary>
public readonly record struct SignatureCheck(SignatureVerdict Verdict, long Timestamp, string? Signature)
{
    public bool IsValid => Verdict == SignatureVerdict.Valid;

    /// <summary>Why a signature was refused, for problem details and the ledger.</summary>
    public string? Refusal => Verdict switch
    {
        SignatureVerdict.Valid => null,
        SignatureVerdict.Missing => $"no {WebhookSignature.Header} header",
        SignatureVerdict.Malformed => $"the {WebhookSignature.Header} header is not t=<unix seconds>,v1=<hex>",
        SignatureVerdict.Invalid => "the signature does not match the body",
        SignatureVerdict.Expired => $"the signature's timestamp is more than {WebhookSignature.Tolerance.TotalMinutes:0} minutes from now",
        _ => "refused",
    };
}

/// <summary>
/// <c>Enjoin-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 over "&lt;t&gt;.&lt;body&gt;"&gt;</c>, with the secret
/// Enjoin and the marketplace share. Enjoin signs the actions it delivers; the marketplace signs its
/// confirmations. The timestamp is inside the signed text, so an old message cannot be passed off as
/// new, and a signature is accepted once (the engine keeps the ones used).
/// </summary>
public static class WebhookSignature
{
    public const string Header = "Enjoin-Signature";

    /// <summary>How far a signature's timestamp may be from now.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    public static string Sign(string secret, DateTimeOffset at, string body)
    {
        var t = at.ToUnixTimeSeconds();
        return $"t={t.ToString(CultureInfo.InvariantCulture)},v1={Compute(secret, t, body)}";
    }

    /// <summary>Lowercase hex HMAC-SHA256 of <c>"&lt;t&gt;.&lt;body&gt;"</c>.</summary>
    public static string Compute(string secret, long t, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret),
            Encoding.UTF8.GetBytes(t.ToString(CultureInfo.InvariantCulture) + "." + body)));

    /// <summary>Checks a header against the body; several <c>v1</c> values are allowed (secret rotation).</summary>
    public static SignatureCheck Verify(string secret, string? header, string body, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrWhiteSpace(header)) return new(SignatureVerdict.Missing, 0, null);
        long? t = null;
        var candidates = new List<string>();
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) return new(SignatureVerdict.Malformed, 0, null);
            var (key, value) = (part[..eq], part[(eq + 1)..]);
            if (key == "t")
            {
                if (t is not null || !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)) return new(SignatureVerdict.Malformed, 0, null);
                t = parsed;
            }
            else if (key == "v1") candidates.Add(value.ToLowerInvariant());
        }
        if (t is not { } timestamp || timestamp > MaxUnixSeconds || candidates.Count == 0) return new(SignatureVerdict.Malformed, 0, null);
        var expected = Encoding.ASCII.GetBytes(Compute(secret, timestamp, body));
        var match = candidates.FirstOrDefault(c => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(c), expected));
        if (match is null) return new(SignatureVerdict.Invalid, timestamp, null);
        var age = now - DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if (age.Duration() > (tolerance ?? Tolerance)) return new(SignatureVerdict.Expired, timestamp, match);
        return new(SignatureVerdict.Valid, timestamp, match);
    }
}
