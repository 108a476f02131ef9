using System.Text.RegularExpressions;
using Enjoin.Review;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enjoin.Browser.Tests;

/// <summary>The acceptance flows of issue 7, each as a person does it in the browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FlowTests(BrowserFixture server)
{
    long OpenItem(ReviewKind kind, Func<ReviewView, bool> which) =>
        server.Host.Use(engine => engine.ReviewQueue(ReviewStatus.Open).Single(i => i.Kind == kind && which(i)).Id);

    [Fact]
    public async Task A_rights_holder_submits_a_notice_and_sees_its_receipt()
    {
        var page = await server.SignedIn("ui-rights-holder");
        await page.GetByRole(AriaRole.Link, new() { Name = "Notices", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Submit a notice" }).ClickAsync();
        await Expect(page.GetByLabel("Notifier name")).ToHaveValueAsync(BrowserFixture.RightsHolder);
        await page.GetByLabel("Notifier email").FillAsync("legal@kellytoys.example");
        await page.GetByLabel("Mark", new() { Exact = true }).FillAsync("SQUISHMALLOWS");
        await page.GetByLabel("Registration").FillAsync("US Reg. No. 0000000");
        await page.GetByLabel("Listings (ids, one a line)").FillAsync(BrowserFixture.NoticedListing + "\nL-DOES-NOT-EXIST");
        await page.GetByLabel("Explanation").FillAsync("Counterfeit plush bearing the mark.");
        await page.GetByLabel("Signature").FillAsync("/s/ A. Counsel");
        await page.GetByLabel("The information in this notice is accurate", new() { Exact = false }).CheckAsync();

        // Without the good-faith statement the engine refuses the notice, and says so beside the box.
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit notice" }).ClickAsync();
        await Expect(page.Locator("#GoodFaith-error")).ToContainTextAsync("must be true");
        await BrowserFixture.Shot(page, "notice-refused");

        await page.GetByLabel("I have a good-faith belief", new() { Exact = false }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit notice" }).ClickAsync();
        await Expect(page.Locator("#received")).ToBeVisibleAsync();
        await Expect(page.Locator("#receipt-sequence")).ToHaveTextAsync(new Regex(@"^\d+$"));
        await Expect(page.Locator("#receipt")).ToContainTextAsync("L-DOES-NOT-EXIST: unknown listing");
        // Mirror adapter: the takedown is confirmed at once, so the listing is down.
        await Expect(page.Locator("#listing-status tr", new() { HasText = BrowserFixture.NoticedListing })).ToContainTextAsync("removed");
        await BrowserFixture.Shot(page, "notice-receipt");
        var receiptUrl = page.Url;

        // Another rights holder cannot open it.
        var other = await server.SignedIn("ui-other-holder");
        var response = await other.GotoAsync(receiptUrl);
        Assert.Equal(404, response!.Status);
        await page.Context.CloseAsync();
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task A_rights_holder_submits_notices_in_bulk_as_csv_and_each_bad_row_is_named_by_its_line()
    {
        var page = await server.SignedIn("ui-rights-holder");
        await page.GotoAsync("/notices/new");
        var at = Enjoin.Common.EventTime.Format(BrowserFixture.Now);
        await page.GetByLabel("or paste it").FillAsync(
            "id,at,notifier_name,notifier_email,right_kind,mark,listings,explanation,good_faith,accurate,signature\n" +
            $"N-BULK-1,{at},{BrowserFixture.RightsHolder.Replace(",", "", StringComparison.Ordinal)},legal@kellytoys.example,trademark,SQUISHMALLOWS,{BrowserFixture.NoticedListing},Counterfeit plush,true,true,/s/ A. Counsel\n" +
            $"N-BULK-2,{at},Kelly Toys,legal@kellytoys.example,trademark,SQUISHMALLOWS,{BrowserFixture.NoticedListing},Counterfeit plush,false,true,/s/ A. Counsel\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit all" }).ClickAsync();
        await Expect(page.Locator("#bulk-receipts")).ToContainTextAsync("N-BULK-1");
        await Expect(page.Locator("#notice-errors")).ToContainTextAsync("line 3");
        await Expect(page.Locator("#notice-errors")).ToContainTextAsync("good_faith");
        await BrowserFixture.Shot(page, "notice-bulk-csv");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_reviewer_accepts_a_screening_hit_and_the_listing_comes_down_with_its_title_shown_inert()
    {
        var id = OpenItem(ReviewKind.ScreeningHit, i => i.Listing == BrowserFixture.HitListing);
        var page = await server.SignedIn("ui-reviewer");
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await page.GotoAsync($"/review?kind=screening_hit&id={id}");
        await Expect(page.Locator("#listing-title")).ToHaveTextAsync(BrowserFixture.HostileTitle);
        await Expect(page.Locator("#matched-text mark")).ToHaveTextAsync("SQUISHMALLOWS");
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        await BrowserFixture.Shot(page, "review-screening-hit");

        // Keyboard triage: "a" asks for the reason first, Ctrl+Enter submits the accept.
        await page.Keyboard.PressAsync("a");
        await Expect(page.GetByLabel("Reason (recorded with your name)")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Counterfeit: the mark in the title, no licence on file.");
        await page.Keyboard.PressAsync("Control+Enter");
        await Expect(page.Locator("#decided")).ToContainTextAsync($"Item {id} accepted");

        await page.GotoAsync($"/merchants/{BrowserFixture.HitMerchant}");
        await Expect(page.Locator($"#listings tr[data-listing='{BrowserFixture.HitListing}']")).ToContainTextAsync("removed");
        await Expect(page.Locator("#listings")).ToContainTextAsync("<script>");
        await Expect(page.Locator("#actions")).ToContainTextAsync("takedown listing");
        Assert.Equal(0, dialogs);
        Assert.Null(await page.EvaluateAsync<int?>("() => window.__xss ?? null"));
        await BrowserFixture.Shot(page, "merchant-after-takedown");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Legal_imports_an_order_and_declines_its_storefront_shut_down()
    {
        var page = await server.SignedIn("ui-legal");
        await page.GotoAsync("/orders/import");
        await page.GetByLabel("Order id", new() { Exact = true }).FillAsync("ui-storefront");
        await page.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync("preliminary_injunction");
        await page.GetByLabel("Case number").FillAsync("24-CV-0042 (UI)");
        await page.GetByLabel("Court", new() { Exact = true }).FillAsync("S.D.N.Y.");
        await page.GetByLabel("Plaintiff", new() { Exact = true }).FillAsync(BrowserFixture.RightsHolder);
        await page.GetByLabel("Marks (comma-separated)").FillAsync("SQUISHMALLOWS");
        await page.GetByLabel("Clause 1 ref").FillAsync("1(a)");
        await page.GetByLabel("Clause 1 kind").SelectOptionAsync("cease_infringement");
        await page.GetByLabel("Clause 2 ref").FillAsync("1(c)");
        await page.GetByLabel("Clause 2 kind").SelectOptionAsync("disable_storefront");
        await page.GetByLabel("or paste it").First.FillAsync($"no,name,seller_id,store_url\n1,{BrowserFixture.StorefrontMerchant} Store,{BrowserFixture.StorefrontMerchant},\n");
        var served = page.GetByLabel("Served (UTC, ISO-8601)");
        var now = await served.InputValueAsync();

        // A bad time is refused by the engine and shown beside its field; the rest of the form is kept.
        await served.FillAsync("next tuesday");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import and serve" }).ClickAsync();
        await Expect(page.Locator("#Served-error")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Case number")).ToHaveValueAsync("24-CV-0042 (UI)");
        await BrowserFixture.Shot(page, "order-import-errors");

        await served.FillAsync(now);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import and serve" }).ClickAsync();
        await Expect(page.Locator("#imported")).ToBeVisibleAsync();
        await Expect(page.Locator("#defendants")).ToContainTextAsync(BrowserFixture.StorefrontMerchant);
        await Expect(page.Locator("#defendants")).ToContainTextAsync("resolved");
        await BrowserFixture.Shot(page, "order-imported");

        // A reviewer sees the shut-down but may not decide it.
        var id = OpenItem(ReviewKind.DisableStorefront, i => i.Order == "ui-storefront");
        var reviewer = await server.SignedIn("ui-reviewer");
        await reviewer.GotoAsync($"/review?kind=disable_storefront&id={id}");
        await Expect(reviewer.GetByText("Storefront shut-downs are decided by legal.")).ToBeVisibleAsync();
        await Expect(reviewer.Locator("#decide")).ToHaveCountAsync(0);
        await reviewer.Context.CloseAsync();

        await page.GotoAsync("/review?kind=disable_storefront");
        await Expect(page.Locator($"article[data-item='{id}']")).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "review-disable-storefront");
        await page.GetByLabel("Reason (recorded with your name)").FillAsync("Struck in Kelly Toys §1(c): a whole-storefront shut-down reaches beyond the infringing listings.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Reject" }).ClickAsync();
        await Expect(page.Locator("#decided")).ToContainTextAsync($"Item {id} rejected");
        Assert.Equal(ReviewStatus.Rejected, server.Host.Use(engine => engine.Read(s => s.GetReviewItem(id))!.Status));
        Assert.DoesNotContain(server.Host.Use(engine => engine.Actions()), a => a.Kind == Enjoin.Actions.ActionKind.DisableStorefront && a.Merchant == BrowserFixture.StorefrontMerchant);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task An_order_file_with_errors_is_refused_with_each_error_beside_the_file()
    {
        var page = await server.SignedIn("ui-legal");
        await page.GotoAsync("/orders/import");
        await page.GetByLabel("or paste it").Nth(1).FillAsync("""{"id": "ui-bad", "kind": "preliminary_injunction", "clauses": [{"ref": "1(a)", "kind": "shut_everything"}]}""");
        await page.GetByRole(AriaRole.Button, new() { Name = "Import file" }).ClickAsync();
        await Expect(page.Locator("#Json-error")).ToContainTextAsync("served");
        await Expect(page.Locator("#Json-error")).ToContainTextAsync("clauses[0].kind");
        await Expect(page.Locator("#Served-error")).ToHaveCountAsync(0);
        Assert.Null(server.Host.Use(engine => engine.Read(s => s.GetOrder("ui-bad"))));
        await BrowserFixture.Shot(page, "order-import-file-errors");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_rights_holder_cannot_open_anothers_order_by_its_url()
    {
        var page = await server.SignedIn("ui-rights-holder");
        var own = await page.GotoAsync("/orders/kt-pi");
        Assert.Equal(200, own!.Status);
        await Expect(page.Locator("#clauses")).ToContainTextAsync("struck");
        await BrowserFixture.Shot(page, "order-kt-pi-rights-holder");

        await page.GotoAsync("/");
        await Expect(page.Locator("#own-orders")).ToContainTextAsync("kt-pi");
        await Expect(page.Locator("#own-orders")).Not.ToContainTextAsync(BrowserFixture.OthersOrder);
        var others = await page.GotoAsync($"/orders/{BrowserFixture.OthersOrder}");
        Assert.Equal(404, others!.Status);
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Other Brand Inc");
        await page.GotoAsync("/orders");
        await Expect(page.Locator("#orders")).ToContainTextAsync("kt-pi");
        await Expect(page.Locator("#orders")).Not.ToContainTextAsync(BrowserFixture.OthersOrder);
        // Nor the pages of other roles.
        var merchant = await page.GotoAsync("/merchants/M-1001");
        Assert.Equal(403, merchant!.Status);

        var owner = await server.SignedIn("ui-other-holder");
        var theirs = await owner.GotoAsync($"/orders/{BrowserFixture.OthersOrder}");
        Assert.Equal(200, theirs!.Status);
        await page.Context.CloseAsync();
        await owner.Context.CloseAsync();
    }

    [Fact]
    public async Task The_gate_answer_on_the_merchant_page_changes_after_an_accepted_alias()
    {
        var item = server.Host.Use(engine => engine.ReviewQueue(ReviewStatus.Open).Single(i => i.Kind == ReviewKind.AliasCandidate && i.Merchant == BrowserFixture.AliasMerchant));
        var page = await server.SignedIn("ui-reviewer");
        await page.GotoAsync($"/merchants/{item.Merchant}");
        var now = page.Locator("#gate tr[data-surface='sponsored_search'] td[data-when='now']");
        await Expect(now).ToHaveTextAsync("allow");
        await BrowserFixture.Shot(page, "merchant-alias-before");

        await page.GotoAsync($"/review?kind=alias_candidate&id={item.Id}");
        await Expect(page.Locator($"article[data-item='{item.Id}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#evidence")).ToContainTextAsync((string)item.Evidence["value"]!);
        await BrowserFixture.Shot(page, "review-alias-candidate");
        await page.GetByLabel("Reason (recorded with your name)").FillAsync("Same payout account as defendant no. 1; same operator.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(page.Locator("#decided")).ToContainTextAsync($"Item {item.Id} accepted");

        await page.GotoAsync($"/merchants/{item.Merchant}?at=2023-01-01T00:00:00Z");
        await Expect(now).ToContainTextAsync("deny");
        await Expect(now).ToContainTextAsync("enjoined_defendant");
        // Asked at a time before the decision, the gate still allowed.
        await Expect(page.Locator("#gate tr[data-surface='sponsored_search'] td[data-when='at']")).ToHaveTextAsync("allow");
        await Expect(page.Locator("#knowledge-chart svg rect.c-enjoined_defendant")).ToHaveCountAsync(1);
        await BrowserFixture.Shot(page, "merchant-alias-after");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_near_duplicate_photo_shows_both_hashes_side_by_side_with_their_distance()
    {
        var id = OpenItem(ReviewKind.NearDuplicate, i => i.Listing == BrowserFixture.PhotoListing);
        // The photo is 8 bits from L-014402's; the item names whichever taken-down photo is nearest (the demo's relists reuse photos).
        var evidence = server.Host.Use(engine => engine.ReviewQueue(ReviewStatus.Open).Single(i => i.Id == id)).Evidence;
        var distance = (int)evidence["distance"]!;
        Assert.InRange(distance, 1, 8);
        var page = await server.SignedIn("ui-reviewer");
        await page.GotoAsync("/review?kind=near_duplicate");
        await Expect(page.Locator($"article[data-item='{id}']")).ToBeVisibleAsync();
        await Expect(page.Locator("#evidence svg.pdq")).ToHaveCountAsync(2);
        await Expect(page.Locator("#distance")).ToHaveTextAsync(distance.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#evidence")).ToContainTextAsync((string)evidence["matched_listing"]!);
        // The differing bits are outlined in each picture.
        await Expect(page.Locator("#evidence svg.pdq").First.Locator("rect.diff")).ToHaveCountAsync(distance);
        await BrowserFixture.Shot(page, "review-near-duplicate");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var page = await server.SignedIn("ui-reviewer");
        var response = await page.APIRequest.PostAsync("/review?kind=unresolved_defendant", new() { Form = page.APIRequest.CreateFormData().Set("Decision", "reject").Set("Reason", "forged") });
        Assert.Equal(400, response.Status);
        var signOut = await page.APIRequest.PostAsync("/signin?handler=signout", new() { Form = page.APIRequest.CreateFormData().Set("x", "y") });
        Assert.Equal(400, signOut.Status);
        await page.Context.CloseAsync();
    }
}
