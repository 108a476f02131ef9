using Microsoft.Extensions.Logging;
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
        _app = EnjoinServer.Build(options, b => b.Logging.AddProvider(new FileLog(Path.Combine(_scratch, "server.log"))));
        Host.Use(engine =>
        {
            DemoRunner.Run(engine);
            foreach (var (name, role, owner) in Accounts) Credentials.AddUser(engine, name, role, owner, Password, "browser-tests");
            Seed(engine);
        });
        await _app.StartAsync();
        BaseUrl = _app.Urls.First();

        // Never let Playwright fetch a browser: the driver bundled in the NuGet package drives Debian's Chromium.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // Auto-wait, never sleep; but a CI machine busy with the other test project may need more than 5 s.
        Assertions.SetDefaultExpectTimeout(20_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public const string NoticedMerchant = "M-UI-N", NoticedListing = "L-UI-N1";
    public const string HitMerchant = "M-UI-S", HitListing = "L-UI-S1";
    public const string StorefrontMerchant = "M-UI-D";
    public const string AliasMerchant = "M-UI-A";
    public const string PhotoMerchant = "M-UI-P", PhotoListing = "L-UI-P1";
    public const string OthersOrder = "ui-other-order";

    /// <summary>A listing title a marketplace might send that must stay inert text on every page.</summary>
    public const string HostileTitle = "<script>window.__xss=1;alert('xss')</script> SQUISHMALLOWS <b>plush</b> 8in <img src=x onerror=alert(2)>";

    /// <summary>
    /// What the tests act on, added after the demo as the marketplace and another rights holder would: merchants no
    /// order names, a listing to notice, a listing whose title screening flags, another rights holder's order.
    /// </summary>
    static void Seed(EnjoinEngine engine)
    {
        var at = Enjoin.Common.EventTime.Format(Now);
        string Merchant(string id) =>
            $$"""{"id":"{{id}}","store_name":"{{id}} Store","store_url":"https://shop.example/store/{{id.ToLowerInvariant()}}","payout_account":"PAY-{{id}}","email":"{{id.ToLowerInvariant()}}@mail.example","phone":"+1-555-{{id[^1..]}}","address":"1 Test St","premium":true,"at":"{{at}}"}""";
        engine.IngestMerchants("ui-seed", Lines(Merchant(NoticedMerchant), Merchant(HitMerchant), Merchant(StorefrontMerchant)), null, "browser-tests");
        // Shares defendant no. 1's payout account: under kt-pi (covers aliases) it becomes an alias_candidate.
        var payout = engine.Read(s => s.GetMerchant("M-1001"))!.PayoutAccount;
        engine.IngestMerchants("ui-seed", Lines(
            $$"""{"id":"{{AliasMerchant}}","store_name":"Second Shop","store_url":"https://shop.example/store/second","payout_account":"{{payout}}","email":"second@mail.example","phone":"+1-555-0199","address":"2 Test St","premium":true,"at":"{{at}}"}"""),
            null, "browser-tests");
        var hostile = System.Text.Json.JsonSerializer.Serialize(HostileTitle);
        engine.IngestListings("ui-seed", Lines(
            $$"""{"id":"{{NoticedListing}}","merchant":"{{NoticedMerchant}}","title":"Plush bear, 12 inch","brand":"Generic","price":12.5,"currency":"USD","status":"active","at":"{{at}}"}""",
            $$"""{"id":"{{HitListing}}","merchant":"{{HitMerchant}}","title":{{hostile}},"brand":"Unbranded","price":9.99,"currency":"USD","status":"active","at":"{{at}}"}"""),
            null, "browser-tests");
        // A photo of a listing taken down under the order, its first 8 bits inverted, posted by a merchant no order names.
        var taken = engine.Read(s => s.GetListing("L-014402"))!.Images[0];
        var near = (Convert.ToByte(taken[..2], 16) ^ 0xFF).ToString("x2", System.Globalization.CultureInfo.InvariantCulture) + taken[2..];
        engine.IngestMerchants("ui-seed", Lines(Merchant(PhotoMerchant)), null, "browser-tests");
        engine.IngestListings("ui-seed", Lines(
            $$"""{"id":"{{PhotoListing}}","merchant":"{{PhotoMerchant}}","title":"Stuffed octopus toy, 16 inch","brand":"Generic","images":["{{near}}"],"price":15,"currency":"USD","status":"active","at":"{{at}}"}"""),
            null, "browser-tests");
        var order = $$"""
            {"id":"{{OthersOrder}}","case":"24-CV-0999 (XYZ)","court":"N.D. Ill.","plaintiff":"Other Brand Inc","kind":"temporary_restraining_order",
             "issued":"2024-03-01","served":"{{at}}","expires":null,"marks":["OTHERBRAND"],"covers_aliases":false,
             "clauses":[{"ref":"1(a)","kind":"cease_infringement"}],
             "defendants":[{"no":1,"name":"Nobody Known","seller_id":"M-NOPE","store_url":null}]}
            """;
        engine.ImportOrder(Enjoin.Orders.OrderInput.Parse("ui-seed", order), null, "browser-tests");
    }

    static List<Enjoin.Engine.InputLine> Lines(params string[] records) => [.. records.Select((r, i) => new Enjoin.Engine.InputLine(i + 1, r))];

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

    public static async Task Shot(IPage page, string name, bool fullPage = true) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = fullPage });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        if (ServerLog.Length > 0) File.WriteAllText(Path.Combine(Screenshots, "server.log"), ServerLog);
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

    /// <summary>The server's warnings and errors, kept beside the database (and printed when the fixture ends).</summary>
    public string ServerLog => File.Exists(Path.Combine(_scratch, "server.log")) ? File.ReadAllText(Path.Combine(_scratch, "server.log")) : "";

    sealed class FileLog(string path) : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        readonly Lock _lock = new();
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => logLevel >= Microsoft.Extensions.Logging.LogLevel.Warning;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            lock (_lock) File.AppendAllText(path, $"{logLevel}: {formatter(state, exception)}\n{exception}\n");
        }
        public void Dispose() { }
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
