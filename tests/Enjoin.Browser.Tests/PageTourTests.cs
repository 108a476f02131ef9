using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enjoin.Browser.Tests;

/// <summary>Every page opens for the roles that may see it, at desktop and at phone width, with a screenshot of each.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PageTourTests(BrowserFixture server)
{
    public static readonly (string Name, string Path, string Heading)[] Pages =
    [
        ("dashboard", "/", "Dashboard"),
        ("review", "/review", "Review queue"),
        ("review-unresolved", "/review?kind=unresolved_defendant", "Review queue"),
        ("orders", "/orders", "Orders"),
        ("order-kt-pi", "/orders/kt-pi", "Order kt-pi"),
        ("order-kt-tro", "/orders/kt-tro", "Order kt-tro"),
        ("order-import", "/orders/import", "Import an order"),
        ("notices", "/notices", "Notices"),
        ("notice-new", "/notices/new", "Submit a takedown notice"),
        ("merchant-M-1001", "/merchants/M-1001?at=2022-11-10T14:59:59Z", "Merchant M-1001"),
        ("merchant-M-1387", "/merchants/M-1387", "Merchant M-1387"),
        ("actions", "/actions", "Actions"),
        ("actions-confirmed", "/actions?status=confirmed", "Actions"),
        ("exposures", "/exposures", "Exposures"),
        ("exposures-kt-pi", "/exposures?order=kt-pi", "Exposures"),
        ("overdue", "/overdue", "Overdue takedowns"),
        ("audit", "/audit", "Audit"),
        ("audit-kt-pi", "/audit?subject=kt-pi", "Audit"),
    ];

    static readonly HashSet<string> PhonePages = ["dashboard", "review-unresolved", "order-kt-pi", "order-import", "notice-new", "merchant-M-1001", "actions", "audit"];

    [Fact]
    public async Task Every_page_opens_at_desktop_and_phone_width()
    {
        foreach (var (width, height, suffix) in new[] { (1280, 900, ""), (390, 844, "-phone") })
        {
            var page = await server.SignedIn("ui-admin", width, height);
            // At phone width, the pages a person uses on the go.
            foreach (var (name, path, heading) in suffix.Length == 0 ? Pages : Pages.Where(p => PhonePages.Contains(p.Name)))
            {
                var response = await page.GotoAsync(path);
                Assert.True(response!.Ok, $"{path}: {response.Status}");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(heading);
                // Times are rewritten into the viewer's zone; UTC stays on hover.
                if (await page.Locator("time").CountAsync() > 0)
                    await Expect(page.Locator("time").First).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("UTC$"));
                // Long lists are shot as the screen shows them, not as a page thousands of pixels long.
                await BrowserFixture.Shot(page, $"page-{name}{suffix}", fullPage: !name.StartsWith("actions", StringComparison.Ordinal) && !name.StartsWith("audit", StringComparison.Ordinal) && !name.StartsWith("exposures", StringComparison.Ordinal));
                if (suffix.Length > 0)
                {
                    // Usable on a phone: the page itself does not scroll sideways (wide tables scroll inside their box).
                    var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
                    Assert.True(overflow <= 1, $"{path} is {overflow}px wider than a phone");
                }
            }
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_audit_page_verifies_the_ledger()
    {
        var page = await server.SignedIn("ui-auditor");
        await page.GotoAsync("/audit");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify the ledger chain" }).ClickAsync();
        await Expect(page.Locator("#verified")).ToContainTextAsync("verify");
        await BrowserFixture.Shot(page, "audit-verified");
        // An auditor has no review queue, on its page or on a merchant's.
        var review = await page.GotoAsync("/review");
        Assert.Equal(403, review!.Status);
        await page.GotoAsync("/merchants/M-1001");
        await Expect(page.Locator("#gate")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review items" })).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_pages_load_nothing_from_outside_and_their_assets_are_served_by_enjoin()
    {
        var page = await server.SignedIn("ui-admin");
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        await page.GotoAsync("/merchants/M-1001");
        await Expect(page.Locator("#knowledge-chart svg")).ToBeVisibleAsync();
        Assert.All(requests, url => Assert.StartsWith(server.BaseUrl, url, StringComparison.Ordinal));
        var css = await page.APIRequest.GetAsync("/assets/app.css");
        Assert.Equal(200, css.Status);
        Assert.StartsWith("text/css", css.Headers["content-type"], StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }
}
