using System.Runtime.CompilerServices;
using System.Text.Json;
using Enjoin.Common;
using Enjoin.Knowledge;

namespace Enjoin.Gate;

/// <summary>
/// A gate decision written straight to a JSON writer with the keys of DESIGN §5.3 — what the serializer writes for
/// <see cref="GateDecision"/>, without its reflection per object: a batch answer is up to 100,000 of them.
/// </summary>
public static class GateDecisionJson
{
    static readonly JsonEncodedText AllowKey = JsonEncodedText.Encode("allow");
    static readonly JsonEncodedText SurfaceKey = JsonEncodedText.Encode("surface");
    static readonly JsonEncodedText MerchantKey = JsonEncodedText.Encode("merchant");
    static readonly JsonEncodedText ListingKey = JsonEncodedText.Encode("listing");
    static readonly JsonEncodedText AtKey = JsonEncodedText.Encode("at");
    static readonly JsonEncodedText ReasonsKey = JsonEncodedText.Encode("reasons");
    static readonly JsonEncodedText CodeKey = JsonEncodedText.Encode("code");
    static readonly JsonEncodedText BasisKey = JsonEncodedText.Encode("basis");
    static readonly JsonEncodedText SinceKey = JsonEncodedText.Encode("since");
    static readonly JsonEncodedText[] SurfaceWords = [.. Enum.GetValues<Surface>().Select(s => JsonEncodedText.Encode(Words<Surface>.Of(s)))];
    static readonly JsonEncodedText[] CodeWords = [.. Enum.GetValues<KnowledgeCode>().Select(c => JsonEncodedText.Encode(Words<KnowledgeCode>.Of(c)))];

    // A snapshot shares one Basis object among all the facts of one basis (an order's clause, a notice), and a basis
    // never changes: its JSON is written once per object, not once per denial.
    static readonly ConditionalWeakTable<Basis, byte[]> BasisJson = [];

    // The decisions of one batch share their time ("now"): formatted once per thread, not once per decision.
    // Kept encoded, so each decision copies its bytes instead of escaping and transcoding the text again.
    [ThreadStatic] static (DateTimeOffset At, JsonEncodedText Text)? _lastTime;

    static JsonEncodedText Format(DateTimeOffset at)
    {
        if (_lastTime is { } last && last.At == at && last.At.Offset == at.Offset) return last.Text;
        var text = JsonEncodedText.Encode(EventTime.Format(at), Json.Options.Encoder);
        _lastTime = (at, text);
        return text;
    }

    public static void Write(Utf8JsonWriter writer, GateDecision decision)
    {
        writer.WriteStartObject();
        writer.WriteBoolean(AllowKey, decision.Allow);
        writer.WriteString(SurfaceKey, SurfaceWords[(int)decision.Surface]);
        writer.WriteString(MerchantKey, decision.Merchant);
        if (decision.Listing is null) writer.WriteNull(ListingKey);
        else writer.WriteString(ListingKey, decision.Listing);
        writer.WriteString(AtKey, Format(decision.At));
        writer.WriteStartArray(ReasonsKey);
        foreach (var reason in decision.Reasons)
        {
            writer.WriteStartObject();
            writer.WriteString(CodeKey, CodeWords[(int)reason.Code]);
            writer.WritePropertyName(BasisKey);
            writer.WriteRawValue(BasisJson.GetValue(reason.Basis, static basis => JsonSerializer.SerializeToUtf8Bytes(basis, Json.Options)), skipInputValidation: true);
            writer.WriteString(SinceKey, EventTime.Format(reason.Since));
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
