using System.Text.Json;
using Enjoin.Common;

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
    static readonly JsonEncodedText[] SurfaceWords = [.. Enum.GetValues<Surface>().Select(s => JsonEncodedText.Encode(Words<Surface>.Of(s)))];

    // The decisions of one batch share their time ("now"): formatted once per thread, not once per decision.
    [ThreadStatic] static (DateTimeOffset At, string Text)? _lastTime;

    static string Format(DateTimeOffset at)
    {
        if (_lastTime is { } last && last.At == at && last.At.Offset == at.Offset) return last.Text;
        var text = EventTime.Format(at);
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
        writer.WritePropertyName(ReasonsKey);
        if (decision.Reasons.Count == 0)
        {
            writer.WriteStartArray();
            writer.WriteEndArray();
        }
        else JsonSerializer.Serialize(writer, decision.Reasons, Json.Options);
        writer.WriteEndObject();
    }
}
