using System.CommandLine;
using Enjoin.Accounts;
using Enjoin.Common;
using Enjoin.Demo;
using Enjoin.Server;
using Enjoin.Server.Security;

namespace Enjoin.Cli.Commands;

/// <summary><c>serve</c>, and the accounts people and systems use with it: <c>users add</c>, <c>keys create</c>.</summary>
public static class ServeCommands
{
    public static readonly (string Name, Role Role, string? Owner)[] DemoAccounts =
    [
        ("demo-admin", Role.Admin, null),
        ("demo-legal", Role.Legal, null),
        ("demo-reviewer", Role.Reviewer, null),
        ("demo-rights-holder", Role.RightsHolder, "Kelly Toys Holdings, LLC"),
        ("demo-marketplace", Role.Marketplace, null),
        ("demo-auditor", Role.Auditor, null),
    ];

    public static Command Serve(CommandContext context)
    {
        var urls = new Option<string?>("--urls") { Description = "where to listen (default http://127.0.0.1:5080)" };
        var demo = new Option<bool>("--demo") { Description = "load the demo scenario first if the database is empty, and create one account per role" };
        var webhook = new Option<string?>("--webhook") { Description = "deliver actions to this URL (the webhook adapter), signed, with retries" };
        var secretFile = new Option<string?>("--webhook-secret-file")
        {
            Description = $"file holding the secret shared with the marketplace (or set {ServerOptions.WebhookSecretVariable}); signs deliveries and is then required on confirmations",
        };
        var command = new Command("serve", "run the web API and background work (deadlines on the wall clock, action delivery)") { urls, demo, webhook, secretFile };
        command.SetAction(result =>
        {
            var (webhookUrl, secret) = WebhookOf(result.GetValue(webhook), result.GetValue(secretFile));
            var options = new ServerOptions
            {
                Db = result.GetValue(context.Globals.Db),
                Postgres = result.GetValue(context.Globals.Postgres),
                Policy = context.PolicyOf(result),
                Urls = result.GetValue(urls) ?? "http://127.0.0.1:5080",
                Demo = result.GetValue(demo),
                WebhookUrl = webhookUrl,
                WebhookSecret = secret,
            };
            var app = EnjoinServer.Build(options);
            var host = app.Services.GetService(typeof(Server.Hosting.EngineHost)) as Server.Hosting.EngineHost;
            if (options.Demo && host is not null)
            {
                host.Use(engine =>
                {
                    if (engine.LedgerHead == 0)
                    {
                        context.Out.WriteLine("Loading the demo scenario…");
                        var outcome = DemoRunner.Run(engine);
                        context.Out.WriteLine($"Loaded {outcome.Merchants:N0} merchants, {outcome.Listings:N0} listing events, {outcome.Orders} orders.");
                    }
                    context.Out.WriteLine($"Demo accounts (sign in at {options.Urls.Split(';')[0]}/signin, or POST /api/v1/session {{\"name\",\"password\"}}):");
                    foreach (var (name, role, owner) in DemoAccounts)
                    {
                        var password = Credentials.RandomPassword();
                        Credentials.AddUser(engine, name, role, owner, password, "serve --demo");
                        context.Out.WriteLine($"  {name,-20} {Words<Role>.Of(role),-14} password {password}");
                    }
                });
            }
            context.Out.WriteLine($"Enjoin is serving {host?.Location} at {options.Urls.Split(';')[0]}  (web UI at /, API under /api/v1, OpenAPI at /openapi/v1.json; Ctrl+C stops)");
            if (webhookUrl is not null) context.Out.WriteLine($"Actions are delivered to {webhookUrl.GetLeftPart(UriPartial.Path)} (signed; Idempotency-Key = action id)");
            app.Run();
            return Cli.Ok;
        });
        return command;
    }

    public static Command Users(CommandContext context)
    {
        var name = new Argument<string>("NAME") { Description = "sign-in name" };
        var role = new Option<string>("--role") { Description = $"one of {string.Join(", ", Words<Role>.All)}", Required = true };
        var owner = new Option<string?>("--owner") { Description = "for rights_holder: the rights holder it acts for" };
        var password = new Option<string?>("--password") { Description = "at least 12 characters (default: a random one, printed once)" };
        var add = new Command("add", "create (or update) a person's account") { name, role, owner, password };
        add.SetAction(result =>
        {
            var parsedRole = ParseRole(result.GetValue(role)!);
            var secret = result.GetValue(password) ?? Credentials.RandomPassword();
            using var engine = new EngineHandle(context, result);
            var user = Credentials.AddUser(engine.Engine, result.GetValue(name)!, parsedRole, result.GetValue(owner), secret, $"cli:{Environment.UserName}");
            if (context.Json(result)) context.WriteJson(new { name = user.Name, role = user.Role, owner = user.Owner, password = result.GetValue(password) is null ? secret : null });
            else context.Out.WriteLine(result.GetValue(password) is null ? $"user {user.Name} ({Words<Role>.Of(user.Role)}): password {secret}" : $"user {user.Name} ({Words<Role>.Of(user.Role)}) saved");
            return Cli.Ok;
        });
        return new Command("users", "people who sign in") { add };
    }

    public static Command Keys(CommandContext context)
    {
        var role = new Option<string>("--role") { Description = "marketplace, rights_holder or auditor", Required = true };
        var owner = new Option<string?>("--owner") { Description = "who holds the key (for rights_holder: the rights holder)" };
        var create = new Command("create", "create an API key for a system; it is shown once") { role, owner };
        create.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var (key, text) = Credentials.CreateKey(engine.Engine, ParseRole(result.GetValue(role)!), result.GetValue(owner), $"cli:{Environment.UserName}");
            if (context.Json(result)) context.WriteJson(new { id = key.Id, role = key.Role, owner = key.Owner, key = text });
            else context.Out.WriteLine($"{text}\n(key {key.Id}, {Words<Role>.Of(key.Role)}; shown once — store it now)");
            return Cli.Ok;
        });
        return new Command("keys", "API keys for systems") { create };
    }

    /// <summary>The webhook URL (absolute http/https) and the shared secret, from its file or the environment; a webhook needs a secret.</summary>
    static (Uri? Url, string? Secret) WebhookOf(string? url, string? secretFile)
    {
        string? secret = null;
        if (secretFile is not null)
        {
            try { secret = File.ReadAllText(secretFile).Trim(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputRejectedException(new InputError("(command line)", 0, "--webhook-secret-file", e.Message));
            }
            if (secret.Length == 0) throw new InputRejectedException(new InputError(secretFile, 0, "--webhook-secret-file", "the file is empty"));
        }
        else if (Environment.GetEnvironmentVariable(ServerOptions.WebhookSecretVariable) is { } fromEnvironment && !string.IsNullOrWhiteSpace(fromEnvironment))
            secret = fromEnvironment.Trim();
        if (url is null) return (null, secret);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            throw new InputRejectedException(new InputError("(command line)", 0, "--webhook", $"'{url}' is not an absolute http or https URL"));
        if (secret is null)
            throw new InputRejectedException(new InputError("(command line)", 0, "--webhook-secret-file",
                $"a webhook needs the secret shared with the marketplace: give --webhook-secret-file FILE or set {ServerOptions.WebhookSecretVariable}"));
        return (parsed, secret);
    }

    static Role ParseRole(string text) =>
        Words<Role>.TryParse(text, out var role) ? role
        : throw new InputRejectedException(new InputError("(command line)", 0, "--role", $"'{text}' is not one of {string.Join(", ", Words<Role>.All)}"));
}
