using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Notices;

/// <summary>
/// DESIGN §4.2.1, §5.2–§5.4: a notice missing a required element is rejected whole, naming the field;
/// unknown listings are reported back; the receipt proves arrival with the ledger sequence.
/// </summary>
public sealed class NoticeElementTests
{
    const string At = "2023-02-01T09:00:00Z";

    static History Marketplace() => History.Create()
        .Merchant("M-1", "19885566 Store")
        .Merchant("M-2", "Happy Toy World")
        .Listing("L-1", "M-1", "Plush toy 8in", "2023-01-10T00:00:00Z")
        .Listing("L-2", "M-1", "Plush toy 12in", "2023-01-10T00:00:00Z")
        .Listing("L-3", "M-2", "Plush frog", "2023-01-10T00:00:00Z");

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Each required element of §5.2, and how it goes missing (absent, empty, or a statement not made).</summary>
    [Theory]
    [InlineData("id", "missing")]
    [InlineData("id", "empty")]
    [InlineData("at", "missing")]
    [InlineData("notifier.name", "missing")]
    [InlineData("notifier.email", "missing")]
    [InlineData("notifier.email", "empty")]
    [InlineData("right.kind", "missing")]
    [InlineData("right.mark", "missing")]
    [InlineData("listings", "missing")]
    [InlineData("listings", "empty")]
    [InlineData("explanation", "missing")]
    [InlineData("explanation", "empty")]
    [InlineData("good_faith", "missing")]
    [InlineData("good_faith", "false")]
    [InlineData("accurate", "missing")]
    [InlineData("accurate", "false")]
    [InlineData("signature", "missing")]
    [InlineData("signature", "empty")]
    public void Notice_missing_a_required_element_is_rejected_whole_naming_the_field(string field, string how)
    {
        using var h = Marketplace();
        var notice = NoticeJson.Of("N-1", At, ["L-1", "L-3"]);
        var parts = field.Split('.');
        var parent = parts.Length == 2 ? notice[parts[0]]!.AsObject() : notice;
        var leaf = parts[^1];
        switch (how)
        {
            case "missing":
                parent.Remove(leaf);
                // right.mark or right.work: neither given.
                if (field == "right.mark") parent.Remove("work");
                break;
            case "empty": parent[leaf] = leaf == "listings" ? new JsonArray() : ""; break;
            case "false": parent[leaf] = false; break;
        }
        var text = notice.ToJsonString(Indented);
        var path = h.File("notice.json", text);
        var before = h.LedgerLength;

        var (exit, stdout, stderr) = h.Cli("notices", "submit", path, "--json");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout.Trim());
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var match = Regex.Match(line, $"^{Regex.Escape(path)}:(\\d+): {Regex.Escape(field)}: .+");
        Assert.True(match.Success, $"not 'file:line: {field}: message': {line}");
        if (how != "missing")
        {
            // The line is the one a person has to fix.
            var expected = text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.Contains($"\"{leaf}\":", StringComparison.Ordinal)).i + 1;
            Assert.Equal(expected, int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        }
        // Nothing recorded: no arrival, no takedown, no strike, no knowledge.
        Assert.Equal(before, h.LedgerLength);
        Assert.Empty(h.Actions());
        Assert.Empty(h.Strikes("M-1"));
        Assert.Empty(h.Knowledge("M-1").Facts);
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-1")!.Status);
    }

    [Fact]
    public void Copyright_notice_naming_the_work_instead_of_a_mark_is_valid()
    {
        using var h = Marketplace();
        var notice = NoticeJson.Of("N-1", At, ["L-1"]);
        notice["right"] = new JsonObject { ["kind"] = "copyright", ["work"] = "Squishmallows product photographs" };

        var submission = h.SubmitNotices(notice.ToJsonString());

        Assert.Empty(submission.Errors);
        Assert.Equal(["L-1"], Assert.Single(submission.Receipts).Accepted);
    }

    [Fact]
    public void Invalid_notice_in_an_array_is_refused_and_the_valid_ones_get_receipts()
    {
        using var h = Marketplace();
        var invalid = NoticeJson.Of("N-2", At, ["L-2"]);
        invalid.Remove("signature");
        var text = NoticeJson.Array(NoticeJson.Of("N-1", At, ["L-1"]), invalid, NoticeJson.Of("N-3", At, ["L-3"]));

        var submission = h.SubmitNotices(text);

        Assert.Equal(["N-1", "N-3"], submission.Receipts.Select(r => r.Notice).ToArray());
        var error = Assert.Single(submission.Errors);
        Assert.Equal("[1].signature", error.Field);
        Assert.Equal(3, error.Line);
        // The refused notice did nothing: its listing stays up, no strike from it.
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-2")!.Status);
        Assert.DoesNotContain(h.Actions(), a => a.Listing == "L-2");
        Assert.DoesNotContain(h.Ledger(), e => e.Kind == "notice_received" && e.Subject == "N-2");
        Assert.Single(h.Strikes("M-1"));
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-3")!.Status);
    }

    [Fact]
    public void Invalid_notice_in_an_array_exits_2_through_the_CLI_and_prints_the_other_receipts()
    {
        using var h = Marketplace();
        var invalid = NoticeJson.Of("N-2", At, ["L-2"]);
        invalid["good_faith"] = false;
        var path = h.File("notices.json", NoticeJson.Array(NoticeJson.Of("N-1", At, ["L-1"]), invalid));

        var (exit, stdout, stderr) = h.Cli("notices", "submit", path, "--json");

        Assert.Equal(2, exit);
        Assert.Contains($"{path}:3: [1].good_faith: ", stderr, StringComparison.Ordinal);
        var receipts = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("N-1", Assert.Single(receipts.EnumerateArray()).GetProperty("notice").GetString());
    }

    [Fact]
    public void Notice_naming_unknown_listings_is_accepted_for_the_known_ones_and_reports_each_unknown()
    {
        using var h = Marketplace();

        h.Notice("N-1", At, ["L-404", "L-1", "L-405"], out var receipt);

        Assert.Equal(["L-1"], receipt.Accepted);
        Assert.Equal(["L-404", "L-405"], receipt.Rejected.Select(r => r.Listing).ToArray());
        Assert.All(receipt.Rejected, r => Assert.Contains("unknown", r.Reason, StringComparison.Ordinal));
        var strike = Assert.Single(receipt.Strikes);
        Assert.Equal("M-1", strike.Merchant);
        Assert.Equal(Assert.Single(h.Strikes("M-1")).Id, strike.Strike);
        Assert.Equal("L-1", Assert.Single(h.Actions(), a => a.Kind == ActionKind.TakedownListing).Listing);
        Assert.Equal("L-1", Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed)).Listing);
    }

    [Fact]
    public void Receipt_has_the_fixed_keys_and_the_ledger_sequence_of_the_notices_arrival()
    {
        using var h = Marketplace();
        var path = h.File("notice.json", NoticeJson.Of("N-1", At, ["L-1", "L-404", "L-3"]).ToJsonString(Indented));

        var (exit, stdout, stderr) = h.Cli("notices", "submit", path, "--json");

        Assert.True(exit == 0, stderr);
        var receipt = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal(["accepted", "notice", "received", "rejected", "sequence", "strikes"],
            receipt.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("N-1", receipt.GetProperty("notice").GetString());
        Assert.Equal(History.T(At), History.T(receipt.GetProperty("received").GetString()!));
        Assert.Equal(["L-1", "L-3"], receipt.GetProperty("accepted").EnumerateArray().Select(e => e.GetString()!).ToArray());
        var rejected = Assert.Single(receipt.GetProperty("rejected").EnumerateArray());
        Assert.Equal(["listing", "reason"], rejected.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("L-404", rejected.GetProperty("listing").GetString());
        var strikes = receipt.GetProperty("strikes").EnumerateArray().ToList();
        Assert.Equal(["M-1", "M-2"], strikes.Select(s => s.GetProperty("merchant").GetString()!).Order(StringComparer.Ordinal).ToArray());
        Assert.All(strikes, s => Assert.Equal(["merchant", "strike"], s.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray()));

        // The sequence is the ledger row of the notice's arrival, at its time, holding the notice itself.
        var sequence = receipt.GetProperty("sequence").GetInt64();
        var arrival = Assert.Single(h.Ledger(), e => e.Seq == sequence);
        Assert.Equal("notice_received", arrival.Kind);
        Assert.Equal("N-1", arrival.Subject);
        Assert.Equal(History.T(At), arrival.At);
        Assert.Equal("N-1", JsonDocument.Parse(arrival.Payload).RootElement.GetProperty("data").GetProperty("id").GetString());
        // Everything the notice did comes after its arrival.
        Assert.All(h.Ledger().Where(e => e.Kind is "action_issued" or "strike_issued"), e => Assert.True(e.Seq > sequence));
    }

    [Fact]
    public void Same_notice_twice_changes_nothing_and_gets_the_same_receipt()
    {
        using var h = Marketplace().Notice("N-1", At, ["L-1", "L-404"], out var first);
        var length = h.LedgerLength;

        var again = h.SubmitNotices(NoticeJson.Of("N-1", At, ["L-1", "L-404"]).ToJsonString(), at: "2023-02-03T00:00:00Z");

        Assert.Empty(again.Errors);
        Assert.Equal(Json.Serialize(first), Json.Serialize(Assert.Single(again.Receipts)));
        Assert.Equal(length, h.LedgerLength);
        Assert.Single(h.Strikes("M-1"));
        Assert.Single(h.Actions());

        // Through the CLI too: exit 0, the same receipt, nothing recorded.
        var path = h.File("notice.json", NoticeJson.Of("N-1", At, ["L-1", "L-404"]).ToJsonString());
        var (exit, stdout, _) = h.Cli("notices", "submit", path, "--json");
        Assert.Equal(0, exit);
        Assert.Equal(first.Sequence, JsonDocument.Parse(stdout).RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal(length, h.LedgerLength);
    }

    [Fact]
    public void Same_notice_id_with_different_content_is_rejected()
    {
        using var h = Marketplace().Notice("N-1", At, ["L-1"]);
        var length = h.LedgerLength;

        var other = h.SubmitNotices(NoticeJson.Of("N-1", At, ["L-1", "L-3"]).ToJsonString());

        Assert.Empty(other.Receipts);
        Assert.Equal("id", Assert.Single(other.Errors).Field);
        Assert.Equal(length, h.LedgerLength);
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-3")!.Status);
        Assert.Empty(h.Strikes("M-2"));
    }
}
