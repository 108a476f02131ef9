using System.Text.Json;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;

namespace Enjoin.Tests.Gate;

/// <summary>The batch answer's hand-written decision JSON is exactly what the serializer writes (DESIGN §5.3 keys).</summary>
public sealed class GateDecisionJsonTests
{
    static string Written(GateDecision decision)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Json.Options.Encoder }))
            GateDecisionJson.Write(writer, decision);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static TheoryData<GateDecision> Decisions()
    {
        var at = EventTime.Parse("2023-01-01T12:00:00.123456Z");
        return
        [
            new GateDecision(true, Surface.SponsoredSearch, "M-1", null, at, []),
            new GateDecision(true, Surface.PremiumStatus, "M-\"quoted\" é", "L-<1>", at, []),
            new GateDecision(false, Surface.PromoEmail, "M-1001", "L-9", at,
            [
                new GateReason(KnowledgeCode.EnjoinedDefendant, new Basis { Order = "kt-pi", Case = "22-CV-9384 (JMF)", Kind = global::Enjoin.Orders.OrderKind.PreliminaryInjunction, Clause = "1(a)", Defendant = 1 }, at.AddDays(-3)),
                new GateReason(KnowledgeCode.ListingNoticed, new Basis { Notice = "N-1", Reason = "counterfeit" }, at.AddHours(-1)),
                new GateReason(KnowledgeCode.RepeatInfringer, new Basis { Strikes = [1, 2, 3] }, at),
            ]),
        ];
    }

    [Theory]
    [MemberData(nameof(Decisions))]
    public void Writes_what_the_serializer_writes(GateDecision decision) =>
        Assert.Equal(JsonSerializer.Serialize(decision, Json.Options), Written(decision));
}
