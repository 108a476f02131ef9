using Enjoin.Engine;
using Enjoin.Reports;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Storage;

/// <summary>What the compliance report reads from the ledger (DESIGN §5.5, §6.3), on both databases.</summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public void Ledger_rows_are_read_by_subject_and_kind_in_sequence_order_and_one_by_its_sequence()
    {
        var appended = Commit(tx => new[]
        {
            tx.Append(At("2023-01-01T00:00:00Z"), "relisting_detected", "test", "M-1", """{"listing":"L-1"}"""),
            tx.Append(At("2023-01-02T00:00:00Z"), "relisting_detected", "test", "M-2", """{"listing":"L-2"}"""),
            tx.Append(At("2022-12-31T00:00:00.000001Z"), "relisting_detected", "test", "M-1", """{"listing":"L-3"}"""),
            tx.Append(At("2023-01-03T00:00:00Z"), "action_cancelled", "test", "M-1", """{"action":1}"""),
        });

        using var read = Store.Begin(readOnly: true);
        Assert.Equal([appended[0], appended[2]], read.LedgerOf("M-1", "relisting_detected"));
        Assert.Equal([appended[3]], read.LedgerOf("M-1", "action_cancelled"));
        Assert.Empty(read.LedgerOf("M-3", "relisting_detected"));
        Assert.Equal(appended[1], read.LedgerEntryAt(2));
        Assert.Null(read.LedgerEntryAt(5));
    }

    [SkippableFact]
    public void The_compliance_report_is_the_same_on_either_database()
    {
        var engine = new EnjoinEngine(Store);
        engine.IngestMerchants("m.jsonl", [new InputLine(1, """{"id":"M-1","store_name":"Alpha Store","at":"2022-12-01T00:00:00Z"}""")]);
        engine.IngestListings("l.jsonl", [new InputLine(1, """{"id":"L-1","merchant":"M-1","title":"SQUISHMALLOWS plush","status":"active","at":"2022-12-02T00:00:00Z"}""")]);
        engine.ImportOrder(global::Enjoin.Orders.OrderInput.Parse("o.json", OrderJson.Tro("kt-tro", "2022-12-10T15:00:00Z", [new Def(1, "Alpha Store", "M-1")],
            "cease_infringement", "restrain_assets")));
        engine.IngestListings("l.jsonl", [new InputLine(1, """{"id":"L-2","merchant":"M-1","title":"Squishmallows again","status":"active","at":"2022-12-20T00:00:00Z"}""")]);

        var report = engine.Report("kt-tro", At("2023-01-01T00:00:00Z"))!;
        Assert.Equal(new ReportTotals(1, 1, 0, 2, 0, 0, 1, 1, 1, 0, 0), report.Totals);
        Assert.Equal(Read(tx => tx.LedgerHead), report.Record.Ledger.ToSeq);
        Assert.Equal(Read(tx => tx.ReadLedger().Last().Hash), report.Record.Ledger.HeadHash);
        Assert.NotNull(report.Record.Policy.Seq);
    }
}
