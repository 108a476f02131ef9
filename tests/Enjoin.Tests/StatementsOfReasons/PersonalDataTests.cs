using System.Text.Json.Nodes;
using Enjoin.Review;
using Enjoin.StatementsOfReasons;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.StatementsOfReasons;

/// <summary>
/// The Transparency Database is public: statements carry no personal data (its API documentation asks for none).
/// A history full of it — merchants' contact details and payout accounts, notifiers' names, emails and
/// signatures, a reviewer's reason naming a person — yields statements that name none of it.
/// </summary>
public sealed class PersonalDataTests
{
    const string Served = "2022-12-28T15:00:00Z";

    static readonly string[] Personal =
    [
        "Jane Q. Seller", "jane.seller@mail.example", "+44 20 7946 0958", "221B Baker Street", "GB29NWBK60161331926819",
        "John R. Linked", "john.linked@mail.example",
        "Alice Counsel", "alice.counsel@lawfirm.example", "/s/ Alice Counsel",
        "Bob Flagger", "bob@flaggers.example", "/s/ Bob Flagger",
        "Carol Reviewer", "carol.reviewer@platform.example", "+1-555-0199",
    ];

    [Fact]
    public void No_merchant_notifier_or_reviewer_detail_appears_in_the_export()
    {
        using var h = History.Create();
        IngestMerchant(h, "M-1", "Jane Q. Seller", "jane.seller@mail.example", "+44 20 7946 0958", "221B Baker Street", "GB29NWBK60161331926819");
        IngestMerchant(h, "M-2", "John R. Linked", "john.linked@mail.example", "+44 20 7946 0958", "10 Downing Street", "GB29NWBK60161331926819");
        h.Listing("L-1", "M-1", "Squishmallows plush 8in", "2022-12-20T00:00:00Z")
            .Listing("L-2", "M-1", "Plush toy 12in", "2022-12-20T00:00:00Z")
            .Listing("L-3", "M-1", "Plush toy 16in", "2022-12-20T00:00:00Z")
            .Listing("L-22", "M-2", "Squish-mallows cushion", "2022-12-20T00:00:00Z");
        h.Order(OrderJson.Injunction("kt-tro", Served, [new Def(1, "Jane Q. Seller", "M-1")],
            ["cease_infringement", "restrain_assets", "disable_storefront"], coversAliases: true));
        Submit(h, "N-1", "2023-01-05T09:00:00Z", "L-2", "Alice Counsel", "alice.counsel@lawfirm.example", "rights_holder", "/s/ Alice Counsel");
        Submit(h, "N-2", "2023-01-06T09:00:00Z", "L-3", "Bob Flagger", "bob@flaggers.example", "trusted_flagger", "/s/ Bob Flagger");
        foreach (var item in h.Review().Where(i => i.Status == ReviewStatus.Open && i.Kind is ReviewKind.DisableStorefront or ReviewKind.ScreeningHit or ReviewKind.AliasCandidate))
            h.Decide(item.Id, accept: true, "Carol Reviewer (carol.reviewer@platform.example, +1-555-0199) confirmed", "2023-01-08T10:00:00Z", by: "carol.reviewer@platform.example");

        var export = StatementMappingTests.Export(h);
        Assert.True(export.Statements.Count >= 5, $"a history with every kind of restriction; got {export.Statements.Count}");
        var text = export.Text();
        foreach (var detail in Personal) Assert.DoesNotContain(detail, text, StringComparison.OrdinalIgnoreCase);
        // Not even the store names: a storefront is often its owner's name.
        Assert.DoesNotContain("M-1", text, StringComparison.Ordinal);
    }

    static void IngestMerchant(History h, string id, string name, string email, string phone, string address, string payout)
    {
        var record = new JsonObject
        {
            ["id"] = id, ["store_name"] = name, ["store_url"] = $"https://shop.example/store/{id}", ["payout_account"] = payout,
            ["email"] = email, ["phone"] = phone, ["address"] = address, ["at"] = "2022-12-01T00:00:00Z",
        };
        Assert.Empty(h.Engine.IngestMerchants("merchants.jsonl", [new Enjoin.Engine.InputLine(1, record.ToJsonString())]).Rejected);
    }

    static void Submit(History h, string id, string at, string listing, string name, string email, string role, string signature)
    {
        var notice = NoticeJson.Of(id, at, [listing], email, role);
        notice["notifier"]!["name"] = name;
        notice["signature"] = signature;
        notice["explanation"] = $"{name} ({email}) says this listing is counterfeit.";
        var submitted = h.SubmitNotices(notice.ToJsonString());
        Assert.Empty(submitted.Errors);
    }
}
