using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Enjoin.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture server)
{
    [Theory]
    [InlineData("ui-admin", "admin")]
    [InlineData("ui-legal", "legal")]
    [InlineData("ui-reviewer", "reviewer")]
    [InlineData("ui-rights-holder", "rights_holder")]
    [InlineData("ui-auditor", "auditor")]
    public async Task Each_role_signs_in_and_sees_its_dashboard(string account, string role)
    {
        var page = await server.SignedIn(account);
        await Expect(page.Locator(".who")).ToContainTextAsync(role);
        await BrowserFixture.Shot(page, $"dashboard-{role}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Enjoin" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_pages_need_a_sign_in()
    {
        var page = await server.NewPage();
        await page.GotoAsync("/orders");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/signin\\?ReturnUrl="));
        await page.GetByLabel("Name").FillAsync("ui-admin");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#signin-error")).ToBeVisibleAsync();
        await BrowserFixture.Shot(page, "signin-refused");
        await page.Context.CloseAsync();
    }
}
