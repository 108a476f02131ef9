using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Enjoin.Cli;

namespace Enjoin.Tests.Storage;

/// <summary>
/// The storage contract, part three: tamper evidence end to end. A history is built through the
/// command line (<c>--db</c> / <c>--postgres</c>), an insider rewrites a ledger row by hand, and
/// <c>enjoin audit verify</c> must say so, naming the row.
/// </summary>
public abstract partial class StoreContract
{
    (int Exit, string Out, string Err) Enjoin(params string[] args)
    {
        using var stdout = new StringWriter(CultureInfo.InvariantCulture);
        using var stderr = new StringWriter(CultureInfo.InvariantCulture);
        var exit = Cli.Cli.Run([.. args, .. Fixture.CliOptions], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>The policy in force (seq 1), then three ingests (seq 2, 3, 4); the second ingest names "Second Store".</summary>
    void BuildHistory()
    {
        string[][] batches =
        [
            ["""{"id":"M-1","store_name":"First Store","store_url":"https://shop.example/store/1","payout_account":"PAY-1","premium":false,"at":"2022-12-01T10:00:00.000001Z"}"""],
            [
                """{"id":"M-2","store_name":"Second Store","store_url":"https://shop.example/store/2","email":"two@example.com","premium":true,"at":"2022-12-02T10:00:00.123456Z"}""",
                """{"id":"M-3","store_name":"Third Store","payout_account":"PAY-1","at":"2022-12-02T11:00:00Z"}""",
            ],
            ["""{"id":"M-4","store_name":"Fourth Store","phone":"+1 555 0104","at":"2022-12-03T10:00:00.999999Z"}"""],
        ];
        for (var i = 0; i < batches.Length; i++)
        {
            var file = Path.Combine(Fixture.Scratch, $"merchants-{i + 1}.jsonl");
            File.WriteAllLines(file, batches[i]);
            var (exit, _, err) = Enjoin("merchants", "ingest", file);
            Assert.True(exit == 0, $"merchants ingest exited {exit}: {err}");
        }
        Assert.Equal(4, Fixture.Count("SELECT COUNT(*) FROM ledger"));
        Assert.Equal(1, Fixture.Count("SELECT COUNT(*) FROM ledger WHERE seq = 3 AND payload LIKE '%Second Store%'"));
    }

    static void AssertNamesSeq(long seq, string output) =>
        Assert.Matches(new Regex($@"\bseq {seq}\b"), output);

    [SkippableFact]
    public void Audit_verify_passes_an_intact_ledger()
    {
        BuildHistory();
        var (exit, stdout, stderr) = Enjoin("audit", "verify");
        Assert.True(exit == 0, $"audit verify exited {exit}: {stdout}{stderr}");
        Assert.Contains("4 events", stdout, StringComparison.Ordinal);

        var json = Enjoin("audit", "verify", "--json");
        Assert.Equal(0, json.Exit);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(4, doc.RootElement.GetProperty("rows").GetInt64());

        // And the same ingest again changes nothing (no new events), so it still verifies.
        var again = Enjoin("merchants", "ingest", Path.Combine(Fixture.Scratch, "merchants-2.jsonl"));
        Assert.Equal(0, again.Exit);
        Assert.Equal(4, Fixture.Count("SELECT COUNT(*) FROM ledger"));
        Assert.Equal(0, Enjoin("audit", "verify").Exit);
    }

    [SkippableTheory]
    [InlineData("payload")]
    [InlineData("kind")]
    [InlineData("at")]
    [InlineData("actor")]
    [InlineData("subject")]
    public void Audit_verify_names_the_row_an_insider_altered(string column)
    {
        BuildHistory();
        Fixture.AllowLedgerChanges();
        var changed = column switch
        {
            "payload" => Fixture.Execute("UPDATE ledger SET payload = replace(payload, 'Second Store', 'Honest Store') WHERE seq = 3"),
            "kind" => Fixture.Execute("UPDATE ledger SET kind = 'listings_ingested' WHERE seq = 3"),
            "at" => Fixture.Execute("UPDATE ledger SET at = @at WHERE seq = 3", ("@at", Fixture.TimeValue(At("2022-12-02T10:00:00.123457Z")))),
            "actor" => Fixture.Execute("UPDATE ledger SET actor = 'server' WHERE seq = 3"),
            "subject" => Fixture.Execute("UPDATE ledger SET subject = 'listings' WHERE seq = 3"),
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
        Assert.Equal(1, changed);

        var (exit, stdout, _) = Enjoin("audit", "verify");
        Assert.Equal(1, exit);
        AssertNamesSeq(3, stdout);

        var json = Enjoin("audit", "verify", "--json");
        Assert.Equal(1, json.Exit);
        using var doc = JsonDocument.Parse(json.Out);
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(3, doc.RootElement.GetProperty("first_bad_seq").GetInt64());
    }

    [SkippableFact]
    public void Audit_verify_catches_a_rewritten_row_whose_hash_was_recomputed_at_the_next_row()
    {
        BuildHistory();
        Fixture.AllowLedgerChanges();
        var row = Fixture.Rows("SELECT payload FROM ledger WHERE seq = 3").Single();
        var previous = (string)Fixture.Rows("SELECT hash FROM ledger WHERE seq = 2").Single()[0]!;
        var forged = ((string)row[0]!).Replace("Second Store", "Honest Store", StringComparison.Ordinal);
        var forgedHash = Convert.ToHexString(SHA256.HashData([.. Convert.FromHexString(previous), .. Encoding.UTF8.GetBytes(forged)])).ToLowerInvariant();
        Assert.Equal(1, Fixture.Execute("UPDATE ledger SET payload = @p, hash = @h WHERE seq = 3", ("@p", forged), ("@h", forgedHash)));

        var (exit, stdout, _) = Enjoin("audit", "verify");
        Assert.Equal(1, exit);
        AssertNamesSeq(4, stdout);
    }

    [SkippableFact]
    public void Audit_verify_catches_a_deleted_row()
    {
        BuildHistory();
        Fixture.AllowLedgerChanges();
        Assert.Equal(1, Fixture.Execute("DELETE FROM ledger WHERE seq = 3"));

        var (exit, stdout, _) = Enjoin("audit", "verify");
        Assert.Equal(1, exit);
        AssertNamesSeq(3, stdout);
    }
}

/// <summary>The storage contract, the UI's part: one subject's ledger events, paged by sequence (order timelines, the audit browser).</summary>
public abstract partial class StoreContract
{
    [SkippableFact]
    public void The_ledger_of_one_subject_is_read_in_sequence_from_a_given_one()
    {
        using (var tx = Store.Begin())
        {
            var at = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
            foreach (var subject in new[] { "kt-pi", "M-1", "kt-pi", "kt-pi", "M-1" })
                tx.Append(at, "test_event", "test", subject, "{}");
            tx.Commit();
        }
        using var read = Store.Begin(readOnly: true);
        Assert.Equal([1L, 3, 4], read.LedgerOfSubject("kt-pi", 1, 10).Select(e => e.Seq));
        Assert.Equal([3L], read.LedgerOfSubject("kt-pi", 2, 1).Select(e => e.Seq));
        Assert.All(read.LedgerOfSubject("M-1", 1, 10), e => Assert.Equal("M-1", e.Subject));
        Assert.Empty(read.LedgerOfSubject("nobody", 1, 10));
    }
}
