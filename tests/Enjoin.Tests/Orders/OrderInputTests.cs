using Enjoin.Common;
using Enjoin.Listings;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Orders;

/// <summary>
/// DESIGN §5.1/§5.2: imports are idempotent; bad input exits 2 naming file, line and field, and
/// records nothing of the rejected record.
/// </summary>
public sealed class OrderInputTests
{
    const string Served = "2022-12-28T15:00:00Z";

    static History Marketplace() => History.Create()
        .Merchant("M-1", "19885566 Store", "https://shop.example/store/19885566", "P-1")
        .Listing("L-1", "M-1", "Squishmallows plush", "2022-12-20T00:00:00Z");

    static string Tro(string clause2 = "restrain_assets") =>
        OrderJson.Tro("kt-tro", Served, [new Def(1, "19885566 Store", "M-1")], "cease_infringement", clause2);

    // A multi-line order file, so that line numbers mean something.
    const string OrderFile = """
        {
          "id": "kt-tro",
          "case": "22-CV-9384 (JMF)",
          "kind": "temporary_restraining_order",
          "served": "2022-12-28T15:00:00Z",
          "marks": ["SQUISHMALLOWS"],
          "clauses": [
            {"ref": "1(a)", "kind": "cease_infringement"},
            {"ref": "1(b)", "kind": "restrain_assets"}
          ],
          "defendants": [
            {"no": 1, "name": "19885566 Store", "seller_id": "M-1"}
          ]
        }
        """;

    [Fact]
    public void Importing_the_same_order_twice_changes_nothing()
    {
        using var h = Marketplace().Order(Tro());
        var actions = h.Actions();
        var ledger = h.LedgerLength;
        var review = h.Review();

        var again = h.Import(Tro());

        Assert.Equal(0, again.Actions);
        Assert.Equal(ledger, h.LedgerLength);
        Assert.Equal(actions, h.Actions());
        Assert.Equal(review.Count, h.Review().Count);
        Assert.Single(h.Strikes("M-1"));
    }

    [Fact]
    public void Importing_a_different_order_with_the_same_id_is_rejected_and_records_nothing()
    {
        using var h = Marketplace().Order(Tro());
        var ledger = h.LedgerLength;
        var actions = h.Actions();

        var e = Assert.Throws<InputRejectedException>(() => h.Import(Tro(clause2: "preserve_records")));

        Assert.Equal("id", Assert.Single(e.Errors).Field);
        Assert.Equal(ledger, h.LedgerLength);
        Assert.Equal(actions, h.Actions());
        Assert.Empty(h.Actions("M-1", Actions.ActionKind.PreserveRecords));
    }

    [Fact]
    public void Cli_importing_the_same_order_file_twice_changes_nothing()
    {
        using var h = Marketplace();
        var path = h.File("tro.json", OrderFile);

        Assert.Equal(0, h.Cli("orders", "import", path).Exit);
        var ledger = h.LedgerLength;
        var actions = h.Actions();

        var (exit, _, err) = h.Cli("orders", "import", path);

        Assert.Equal(0, exit);
        Assert.Equal("", err);
        Assert.Equal(ledger, h.LedgerLength);
        Assert.Equal(actions, h.Actions());
    }

    [Fact]
    public void Cli_rejects_a_different_order_with_the_same_id_with_exit_2_naming_file_line_and_field()
    {
        using var h = Marketplace();
        Assert.Equal(0, h.Cli("orders", "import", h.File("tro.json", OrderFile)).Exit);
        var ledger = h.LedgerLength;
        var changed = h.File("tro-changed.json", OrderFile.Replace("restrain_assets", "preserve_records", StringComparison.Ordinal));

        var (exit, _, err) = h.Cli("orders", "import", changed);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{changed}:2: id: ", err, StringComparison.Ordinal);
        Assert.Equal(ledger, h.LedgerLength);
        Assert.Empty(h.Actions("M-1", Actions.ActionKind.PreserveRecords));
    }

    [Fact]
    public void Cli_rejects_an_unknown_clause_kind_naming_file_line_and_field_and_records_nothing()
    {
        using var h = Marketplace();
        var ledger = h.LedgerLength;
        var path = h.File("tro.json", OrderFile.Replace("\"kind\": \"restrain_assets\"", "\"kind\": \"shut_down_everything\"", StringComparison.Ordinal));

        var (exit, _, err) = h.Cli("orders", "import", path);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{path}:9: clauses[1].kind: ", err, StringComparison.Ordinal);
        Assert.Contains("shut_down_everything", err, StringComparison.Ordinal);
        Assert.Equal(ledger, h.LedgerLength);
        Assert.Null(h.StoredOrder("kt-tro"));
        Assert.Empty(h.Actions());
    }

    [Fact]
    public void Cli_rejects_a_missing_required_field_naming_file_line_and_field_and_records_nothing()
    {
        using var h = Marketplace();
        var ledger = h.LedgerLength;
        var path = h.File("tro.json", OrderFile.Replace("  \"served\": \"2022-12-28T15:00:00Z\",\n", "", StringComparison.Ordinal)
            .Replace("{\"no\": 1, \"name\"", "{\"name\"", StringComparison.Ordinal));

        var (exit, _, err) = h.Cli("orders", "import", path);

        Assert.Equal(2, exit);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains($"{path}:1: served: required", lines);
        Assert.Contains($"{path}:11: defendants[0].no: required", lines);
        Assert.Equal(ledger, h.LedgerLength);
        Assert.Null(h.StoredOrder("kt-tro"));
    }

    [Fact]
    public void Cli_rejects_a_modification_of_an_unknown_order_naming_file_line_and_field_and_records_nothing()
    {
        using var h = Marketplace();
        Assert.Equal(0, h.Cli("orders", "import", h.File("tro.json", OrderFile)).Exit);
        var ledger = h.LedgerLength;
        var actions = h.Actions();
        var path = h.File("mod.json", """
            {
              "id": "kt-mod",
              "kind": "modification",
              "modifies": "kt-nope",
              "served": "2023-01-15T12:00:00Z",
              "strike_clauses": ["1(b)"]
            }
            """);

        var (exit, _, err) = h.Cli("orders", "import", path);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{path}:4: modifies: ", err, StringComparison.Ordinal);
        Assert.Contains("kt-nope", err, StringComparison.Ordinal);
        Assert.Equal(ledger, h.LedgerLength);
        Assert.Equal(actions, h.Actions());
        Assert.Null(h.StoredOrder("kt-mod"));
    }

    [Fact]
    public void Cli_rejects_a_malformed_json_line_alone_and_accepts_the_other_lines()
    {
        using var h = Marketplace();
        var path = h.File("listings.jsonl", string.Join('\n',
            """{"id":"L-2","merchant":"M-1","title":"Marshmallow pillow","at":"2022-12-21T00:00:00Z"}""",
            """{"id":"L-3","merchant":"M-1","title":""",
            """{"id":"L-4","merchant":"M-1","title":"Plush bear","at":"2022-12-21T00:00:00Z"}""") + "\n");

        var (exit, _, err) = h.Cli("listings", "ingest", path);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{path}:2: (json): ", err, StringComparison.Ordinal);
        Assert.Null(h.StoredListing("L-3"));
        Assert.NotNull(h.StoredListing("L-2"));
        Assert.NotNull(h.StoredListing("L-4"));
    }

    [Fact]
    public void Cli_rejects_a_listing_of_an_unknown_merchant_alone_and_accepts_the_other_lines()
    {
        using var h = Marketplace();
        var path = h.File("listings.jsonl", string.Join('\n',
            """{"id":"L-2","merchant":"M-1","title":"Marshmallow pillow","at":"2022-12-21T00:00:00Z"}""",
            """{"id":"L-3","merchant":"M-404","title":"Squishmallows","at":"2022-12-21T00:00:00Z"}""",
            """{"id":"L-4","merchant":"M-1","title":"Plush bear","at":"2022-12-21T00:00:00Z"}""") + "\n");

        var (exit, _, err) = h.Cli("--json", "listings", "ingest", path);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{path}:2: merchant: ", err, StringComparison.Ordinal);
        Assert.Contains("M-404", err, StringComparison.Ordinal);
        Assert.Null(h.StoredListing("L-3"));
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-2")!.Status);
        Assert.NotNull(h.StoredListing("L-4"));
        Assert.DoesNotContain(h.Ledger(), e => e.Payload.Contains("M-404", StringComparison.Ordinal));
    }

    [Fact]
    public void Cli_rejects_a_listing_missing_a_required_field_alone()
    {
        using var h = Marketplace();
        var path = h.File("listings.jsonl", string.Join('\n',
            """{"id":"L-2","title":"no merchant here","at":"2022-12-21T00:00:00Z"}""",
            """{"id":"L-4","merchant":"M-1","title":"Plush bear","at":"2022-12-21T00:00:00Z"}""") + "\n");

        var (exit, _, err) = h.Cli("listings", "ingest", path);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{path}:1: merchant: required", err, StringComparison.Ordinal);
        Assert.Null(h.StoredListing("L-2"));
        Assert.NotNull(h.StoredListing("L-4"));
    }

    [Fact]
    public void Cli_ingesting_the_same_listings_file_twice_changes_nothing()
    {
        using var h = Marketplace();
        var path = h.File("listings.jsonl",
            """{"id":"L-2","merchant":"M-1","title":"Marshmallow pillow","at":"2022-12-21T00:00:00Z"}""" + "\n");
        Assert.Equal(0, h.Cli("listings", "ingest", path).Exit);
        var ledger = h.LedgerLength;

        Assert.Equal(0, h.Cli("listings", "ingest", path).Exit);

        Assert.Equal(ledger, h.LedgerLength);
    }
}
