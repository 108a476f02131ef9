using Enjoin.Engine;
using Enjoin.StatementsOfReasons;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Storage;

/// <summary>
/// The storage contract, statements of reasons: the same history gives the same export, byte for byte, whichever
/// database holds it (the puids, dates and order rest on action ids and event times both stores keep alike).
/// </summary>
public abstract partial class StoreContract
{
    static void StatementHistory(EnjoinEngine engine)
    {
        InputLine Line(string json) => new(1, json);
        engine.IngestMerchants("merchants.jsonl", [Line("""{"id":"M-1","store_name":"19885566 Store","email":"owner@mail.example","at":"2022-12-01T00:00:00Z"}"""),
            Line("""{"id":"M-2","store_name":"Honest Toys","at":"2022-12-01T00:00:00Z"}""")]);
        engine.IngestListings("listings.jsonl", [Line("""{"id":"L-1","merchant":"M-1","title":"Squishmallows plush","at":"2022-12-20T10:00:00.123456Z"}"""),
            Line("""{"id":"L-2","merchant":"M-2","title":"Plush frog","at":"2022-12-21T00:00:00Z"}"""),
            Line("""{"id":"L-3","merchant":"M-1","title":"Plush cow","at":"2022-12-21T00:00:00Z"}""")]);
        engine.ImportOrder(global::Enjoin.Orders.OrderInput.Parse("order.json",
            OrderJson.Tro("kt-tro", "2022-12-28T15:00:00Z", [new Def(1, "19885566 Store", "M-1")], "cease_infringement", "restrain_assets")));
        engine.SubmitNotices("notice.json", NoticeJson.Of("N-1", "2023-01-05T09:00:00Z", ["L-2"]).ToJsonString());
        engine.SubmitNotices("notice.json", NoticeJson.Of("N-2", "2023-01-06T09:00:00Z", ["L-3"], "flagger@trusted.example", "trusted_flagger").ToJsonString());
        engine.ImportOrder(global::Enjoin.Orders.OrderInput.Parse("mod.json", OrderJson.Modification("kt-mod", "kt-tro", "2023-02-01T15:00:00Z", dismiss: [1])));
    }

    [SkippableFact]
    public void Statements_of_reasons_are_the_same_from_either_store()
    {
        var engine = new EnjoinEngine(Store);
        StatementHistory(engine);
        using var sqlite = History.Create();
        StatementHistory(sqlite.Engine);

        var here = engine.ExportStatementsOfReasons();
        Assert.Empty(here.Problems);
        Assert.Equal(4, here.Statements.Count);
        Assert.Contains(here.Statements, s => (string?)s.Fields["end_date_monetary_restriction"] == "2023-02-01");
        Assert.Equal(sqlite.Engine.ExportStatementsOfReasons().Text(), here.Text());
        Assert.Equal(here.Text(), engine.ExportStatementsOfReasons(History.T("2022-12-01T00:00:00Z"), History.T("2023-03-01T00:00:00Z")).Text());
    }
}
