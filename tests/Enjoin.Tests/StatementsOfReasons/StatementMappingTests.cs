using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Engine;
using Enjoin.Review;
using Enjoin.StatementsOfReasons;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.StatementsOfReasons;

/// <summary>
/// DSA Art. 17: every restriction Enjoin causes has a statement of reasons, with the Transparency Database's
/// decision field for its kind and the source it came from (Art. 16 notice, trusted flagger, court order, own initiative).
/// </summary>
public sealed class StatementMappingTests
{
    const string Served = "2022-12-28T15:00:00Z";
    static readonly Def[] One = [new Def(1, "19885566 Store", "M-1")];

    static History Marketplace(Policy? policy = null) => History.Create(policy)
        .Merchant("M-1", "19885566 Store")
        .Merchant("M-2", "Honest Toys")
        .Listing("L-1", "M-1", "Squishmallows plush 8in", "2022-12-20T00:00:00Z")
        .Listing("L-2", "M-1", "Plush toy 12in", "2022-12-20T00:00:00Z")
        .Listing("L-3", "M-1", "Plush toy 16in", "2022-12-20T00:00:00Z")
        .Listing("L-4", "M-1", "Plush toy 20in", "2022-12-20T00:00:00Z")
        .Listing("L-21", "M-2", "Squish-Mallows style cushion", "2022-12-21T00:00:00Z");

    internal static StatementExport Export(History h, string? from = null, string? to = null)
    {
        var export = h.Engine.ExportStatementsOfReasons(from is null ? null : History.T(from), to is null ? null : History.T(to));
        Assert.Empty(export.Problems);
        return export;
    }

    static JsonObject Only(StatementExport export, ActionKind kind) => Assert.Single(export.Statements, s => s.Kind == kind).Fields;

    static string? S(JsonObject s, string field) => (string?)s[field];

    static string[] A(JsonObject s, string field) => [.. s[field]!.AsArray().Select(v => (string)v!)];

    [Fact]
    public void Order_takedown_disables_access_and_comes_from_another_notification()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "restrain_assets"));

        var s = Only(Export(h), ActionKind.TakedownListing);
        Assert.Equal(["DECISION_VISIBILITY_CONTENT_DISABLED"], A(s, "decision_visibility"));
        Assert.Null(s["decision_monetary"]);
        Assert.Null(s["decision_account"]);
        Assert.Equal("SOURCE_TYPE_OTHER_NOTIFICATION", S(s, "source_type"));
        Assert.Equal("DECISION_GROUND_ILLEGAL_CONTENT", S(s, "decision_ground"));
        Assert.Equal("STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS", S(s, "category"));
        Assert.Equal(["KEYWORD_TRADEMARK_INFRINGEMENT"], A(s, "category_specification"));
        Assert.Equal(["CONTENT_TYPE_PRODUCT"], A(s, "content_type"));
        // The listing was found by screening the defendant's listings for the order's marks; the rule acted alone.
        Assert.Equal("Yes", S(s, "automated_detection"));
        Assert.Equal("AUTOMATED_DECISION_FULLY", S(s, "automated_decision"));
        Assert.Equal("2022-12-20", S(s, "content_date"));
        Assert.Equal("2022-12-28", S(s, "application_date"));
        Assert.Contains(OrderJson.Case, S(s, "illegal_content_legal_ground"));
        Assert.Contains("clause 1(a)", S(s, "decision_facts"));
        Assert.Contains("L-1", S(s, "decision_facts"));
        Assert.Contains("defendant no. 1", S(s, "decision_facts"));
    }

    [Fact]
    public void Payout_hold_is_a_monetary_suspension_and_its_release_ends_it()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "restrain_assets"))
            .Order(OrderJson.Modification("kt-mod", "kt-tro", "2023-01-10T15:00:00Z", dismiss: [1]));

        var s = Only(Export(h), ActionKind.HoldPayouts);
        Assert.Equal("DECISION_MONETARY_SUSPENSION", S(s, "decision_monetary"));
        Assert.Null(s["decision_visibility"]);
        Assert.Equal("SOURCE_TYPE_OTHER_NOTIFICATION", S(s, "source_type"));
        Assert.Equal("No", S(s, "automated_detection"));
        Assert.Contains("clause 1(b) (restrain assets)", S(s, "decision_facts"));
        Assert.Equal("2023-01-10", S(s, "end_date_monetary_restriction"));
        // A release is not a restriction: it only ends one.
        Assert.DoesNotContain(Export(h).Statements, x => x.Kind == ActionKind.ReleasePayouts);
    }

    [Fact]
    public void Release_after_the_window_is_not_known_at_its_end()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "restrain_assets"))
            .Order(OrderJson.Modification("kt-mod", "kt-tro", "2023-01-10T15:00:00Z", dismiss: [1]));

        var s = Only(Export(h, to: "2023-01-01T00:00:00Z"), ActionKind.HoldPayouts);
        Assert.Null(s["end_date_monetary_restriction"]);
    }

    [Fact]
    public void Notice_takedown_comes_from_an_article_16_notice_detected_by_a_person()
    {
        using var h = Marketplace().Notice("N-1", "2023-01-05T09:00:00Z", ["L-2"]);

        var s = Only(Export(h), ActionKind.TakedownListing);
        Assert.Equal("SOURCE_ARTICLE_16", S(s, "source_type"));
        Assert.Equal("No", S(s, "automated_detection"));
        Assert.Equal("AUTOMATED_DECISION_FULLY", S(s, "automated_decision"));
        Assert.Contains("notice N-1", S(s, "decision_facts"));
        Assert.Contains("SQUISHMALLOWS", S(s, "illegal_content_legal_ground"));
    }

    [Fact]
    public void Trusted_flaggers_notice_is_its_own_source()
    {
        using var h = Marketplace().Notice("N-1", "2023-01-05T09:00:00Z", ["L-2"], email: "flagger@trusted.example", role: "trusted_flagger");

        var s = Only(Export(h), ActionKind.TakedownListing);
        Assert.Equal("SOURCE_TRUSTED_FLAGGER", S(s, "source_type"));
        Assert.Contains("trusted flagger", S(s, "decision_facts"));
    }

    [Fact]
    public void Restoration_after_a_counter_notice_ends_the_visibility_restriction()
    {
        using var h = Marketplace().Notice("N-1", "2023-06-22T09:00:00Z", ["L-2"])
            .CounterNotice("CN-1", "2023-06-26T09:00:00Z", "N-1", "L-2", "M-1")
            .Advance("2023-07-11T00:00:00Z");

        var s = Only(Export(h), ActionKind.TakedownListing);
        Assert.Equal("2023-07-10", S(s, "end_date_visibility_restriction"));
        Assert.DoesNotContain(Export(h).Statements, x => x.Kind == ActionKind.RestoreListing);
    }

    [Fact]
    public void Reviewers_takedown_of_a_screening_hit_is_own_initiative_and_partly_automated()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement"));
        var hit = Assert.Single(h.Review(ReviewKind.ScreeningHit));
        h.Decide(hit.Id, accept: true, "counterfeit cushion", "2022-12-29T10:00:00Z");

        var s = Assert.Single(Export(h).Statements, x => x.Kind == ActionKind.TakedownListing && (string?)x.Fields["decision_facts"] is { } f && f.Contains("L-21")).Fields;
        Assert.Equal("SOURCE_VOLUNTARY", S(s, "source_type"));
        Assert.Equal("Yes", S(s, "automated_detection"));
        Assert.Equal("AUTOMATED_DECISION_PARTIALLY", S(s, "automated_decision"));
        Assert.Contains($"review item {hit.Id}", S(s, "decision_facts"));
        Assert.Contains("SQUISHMALLOWS", S(s, "decision_facts"));
    }

    [Fact]
    public void Three_strikes_terminate_the_account_under_the_policy_and_a_reinstatement_ends_it()
    {
        using var h = Marketplace()
            .Notice("N-1", "2023-01-05T09:00:00Z", ["L-2"])
            .Notice("N-2", "2023-01-06T09:00:00Z", ["L-3"])
            .Notice("N-3", "2023-01-07T09:00:00Z", ["L-4"])
            .Reinstate("M-1", "identity verified, goods genuine", "2023-02-01T00:00:00Z");

        var s = Only(Export(h), ActionKind.TerminateAccount);
        Assert.Equal("DECISION_ACCOUNT_TERMINATED", S(s, "decision_account"));
        Assert.Null(s["decision_visibility"]);
        Assert.Equal("SOURCE_VOLUNTARY", S(s, "source_type"));
        Assert.Equal("AUTOMATED_DECISION_FULLY", S(s, "automated_decision"));
        Assert.Equal("2023-01-07", S(s, "application_date"));
        Assert.Equal("2023-02-01", S(s, "end_date_account_restriction"));
        Assert.Contains("notice N-1, notice N-2, notice N-3", S(s, "decision_facts"));
        Assert.Contains("DSA Art. 23", S(s, "illegal_content_legal_ground"));
    }

    [Fact]
    public void Suspension_under_the_suspend_policy_is_an_account_suspension()
    {
        using var h = Marketplace(Policy.Default with { RepeatInfringerAction = RepeatInfringerAction.Suspend })
            .Notice("N-1", "2023-01-05T09:00:00Z", ["L-2"])
            .Notice("N-2", "2023-01-06T09:00:00Z", ["L-3"])
            .Notice("N-3", "2023-01-07T09:00:00Z", ["L-4"]);

        var s = Only(Export(h), ActionKind.SuspendAccount);
        Assert.Equal("DECISION_ACCOUNT_SUSPENDED", S(s, "decision_account"));
        Assert.Null(s["end_date_account_restriction"]);
        Assert.Contains("suspended", S(s, "decision_facts"));
    }

    [Fact]
    public void Approved_storefront_shutdown_suspends_the_service_on_the_orders_clause_after_legal_decided()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "disable_storefront"));
        var item = Assert.Single(h.Review(ReviewKind.DisableStorefront));
        h.Decide(item.Id, accept: true, "the court ordered it", "2022-12-29T10:00:00Z", by: "legal");

        var s = Only(Export(h), ActionKind.DisableStorefront);
        Assert.Equal("DECISION_PROVISION_TOTAL_SUSPENSION", S(s, "decision_provision"));
        Assert.Equal("SOURCE_TYPE_OTHER_NOTIFICATION", S(s, "source_type"));
        Assert.Equal("AUTOMATED_DECISION_PARTIALLY", S(s, "automated_decision"));
        Assert.Contains("clause 1(b)", S(s, "decision_facts"));
    }

    [Fact]
    public void Relisting_states_how_it_was_found()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement"))
            .Listing("L-9", "M-1", "SQUISHMALL0WS plush, new stock", "2023-01-03T00:00:00Z");

        var s = Assert.Single(Export(h).Statements, x => ((string)x.Fields["decision_facts"]!).Contains("L-9")).Fields;
        Assert.Contains("posted after service", S(s, "decision_facts"));
        Assert.Contains("relisting", S(s, "decision_facts"));
        Assert.Equal("2023-01-03", S(s, "content_date"));
        Assert.Equal("Yes", S(s, "automated_detection"));
    }

    [Fact]
    public void Records_holds_and_productions_restrict_no_one_and_get_no_statement()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "preserve_records", "disclose_information"));

        Assert.NotEmpty(h.Actions("M-1", ActionKind.PreserveRecords));
        Assert.All(Export(h).Statements, s => Assert.Equal(ActionKind.TakedownListing, s.Kind));
    }

    [Fact]
    public void An_action_waiting_for_the_marketplace_gets_its_statement_once_confirmed_on_the_day_it_applied()
    {
        using var h = Marketplace(Policy.Default with { ActionAdapter = ActionAdapter.Outbox })
            .Notice("N-1", "2023-01-05T09:00:00Z", ["L-2"]);
        Assert.Empty(Export(h).Statements);

        var takedown = Assert.Single(h.Actions("M-1", ActionKind.TakedownListing));
        h.Confirm(takedown.Id, "2023-01-06T08:00:00Z");

        var s = Only(Export(h), ActionKind.TakedownListing);
        Assert.Equal("2023-01-06", S(s, "application_date"));
        Assert.Equal($"enjoin-takedown_listing-{takedown.Id}", S(s, "puid"));
    }
}
