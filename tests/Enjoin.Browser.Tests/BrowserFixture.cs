using Enjoin.Accounts;
using Enjoin.Demo;
using Enjoin.Engine;
using Enjoin.Server;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Enjoin.Browser.Tests;

/// <summary>
/// One real server (Kestrel on 127.0.0.1, a random port) over a SQLite database loaded by the demo, and one headless
/// Chromium (Debian's), shared by every browser test: the demo loads once. Each test opens its own browser context,
/// so sign-ins do not leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The server's wall clock, fixed just after the demo's last event so every run sees the same "now".</summary>
    public static readonly DateTimeOffset Now = new(2024, 3, 2, 12, 0, 0, TimeSpan.Zero);

    public const string RightsHolder = "Kelly Toys Holdings, LLC";
    public const string Password = "browser-test-password";

    readonly string _scratch = Path.Combine(Path.GetTempPath(), $"enjoin-browser-{Guid.NewGuid():N}");
    WebApplication? _app;
    IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public EngineHost Host => _app!.Services.GetRequiredService<EngineHost>();

    /// <summary>Where screenshots go for a person to look at: <c>tests/Enjoin.Browser.Tests/screenshots/</c> (git-ignored).</summary>
    public static string Screenshots { get; } = ScreenshotFolder();

    public static readonly (string Name, Role Role, string? Owner)[] Accounts =
    [
        ("ui-admin", Role.Admin, null),
        ("ui-legal", Role.Legal, null),
        ("ui-reviewer", Role.Reviewer, null),
        ("ui-rights-holder", Role.RightsHolder, RightsHolder),
        ("ui-other-holder", Role.RightsHolder, "Other Brand Inc"),
        ("ui-auditor", Role.Auditor, null),
    ];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        var options = new ServerOptions
        {
            Db = Path.Combine(_scratch, "demo.db"),
            Urls = "http://127.0.0.1:0",
            Scheduler = false,
            Clock = new FixedClock(Now),
        };
        _app = EnjoinServer.Build(options);
        Host.Use(engine =>
        {
            DemoRunner.Run(engine);
            foreach (var (name, role, owner) in Accounts) Credentials.AddUser(engine, name, role, owner, Password, "browser-tests");
        });
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();

        // Never let Playwright fetch a browser: the driver bundled in the NuGet package drives Debian's Chromium.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh browser context signed in through the sign-in page as the account.</summary>
    public async Task<IPage> SignedIn(string account, int width = 1280, int height = 900)
    {
        var page = await NewPage(width, height);
        await page.GotoAsync("/signin");
        await page.GetByLabel("Name").FillAsync(account);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        return page;
    }

    public async Task<IPage> NewPage(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height }, TimezoneId = "America/New_York", Locale = "en-US",
        });
        // Nothing from outside this machine: any request elsewhere fails the test that made it.
        await context.RouteAsync(url => !url.StartsWith(BaseUrl, StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal),
            route => throw new InvalidOperationException($"the page asked for {route.Request.Url}, outside Enjoin"));
        return await context.NewPageAsync();
    }

    public static async Task Shot(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        try { Directory.Delete(_scratch, recursive: true); }
        catch (IOException) { }
    }

    static string ScreenshotFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Enjoin.Browser.Tests.csproj")))
                return Directory.CreateDirectory(Path.Combine(dir.FullName, "screenshots")).FullName;
        return Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;
    }

    sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
