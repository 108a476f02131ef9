using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Enjoin.Common;
using Enjoin.Server.Apis;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;

namespace Enjoin.Server;

/// <summary>
/// <c>enjoin serve</c>: the HTTP API (DESIGN §5.6), sign-in and API keys, and the background work,
/// over the same engine the CLI uses. This file only wires; the rules live in the engine.
/// </summary>
public static class EnjoinServer
{
    public const long MaxBodyBytes = 32 * 1024 * 1024;

    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        // A webhook URL makes the webhook the action adapter: actions stay pending until the dispatcher delivers them.
        if (options.WebhookUrl is not null && options.Policy.ActionAdapter != Engine.ActionAdapter.Webhook)
            options = options with { Policy = options.Policy with { ActionAdapter = Engine.ActionAdapter.Webhook } };
        // The application is this assembly, whoever hosts it (the CLI, the test host): Razor finds its pages here.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(EnjoinServer).Assembly.GetName().Name });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = MaxBodyBytes);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<EngineHost>();
        builder.Services.AddSingleton<DeadlineScheduler>();
        builder.Services.AddSingleton(sp => new ApiKeyCache(sp.GetRequiredService<EngineHost>(), TimeProvider.System));
        if (options.Scheduler) builder.Services.AddHostedService(sp => sp.GetRequiredService<DeadlineScheduler>());
        if (options.WebhookUrl is not null)
        {
            builder.Services.AddSingleton<ActionDispatcher>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<ActionDispatcher>());
        }
        builder.Services.AddSingleton(sp => GateSnapshotRefresher.Initial(sp.GetRequiredService<EngineHost>()));
        builder.Services.AddHostedService<GateSnapshotRefresher>();
        builder.Services.AddSingleton<Gate.SuppressionCounter>();
        builder.Services.AddSingleton<SuppressionRecorder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SuppressionRecorder>());
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi("v1");
        builder.Services.AddWebUi();

        builder.Services.AddAuthentication("enjoin")
            .AddPolicyScheme("enjoin", "API key or sign-in", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthentication.Presented(context.Request) is not null ? ApiKeyAuthentication.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(o =>
            {
                o.Cookie.Name = "enjoin";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.SlidingExpiration = true;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.LoginPath = "/signin";
                o.AccessDeniedPath = "/denied";
                // The API answers 401/403; only pages redirect to sign-in.
                o.Events.OnRedirectToLogin = c => Deny(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Deny(c, StatusCodes.Status403Forbidden);
            });
        builder.Services.AddAuthorization(Policies.Add);
        // Sign-in cookies survive a restart: the keys that protect them live beside the database.
        builder.Services.AddDataProtection().SetApplicationName("enjoin")
            .PersistKeysToFileSystem(new DirectoryInfo(options.Postgres is null
                ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Db ?? Storage.StoreFactory.DefaultDatabase))!, ".enjoin-keys")
                : Path.Combine(Directory.GetCurrentDirectory(), ".enjoin-keys")));
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        configure?.Invoke(builder);

        var app = builder.Build();
        if (options.WebhookUrl is null && options.Policy.ActionAdapter == Engine.ActionAdapter.Webhook)
            app.Logger.LogWarning("the policy's action adapter is webhook but no webhook URL was given: actions stay pending until a server runs with --webhook");
        // First, ahead of everything: the fast lane answers its own errors as WriteProblem does.
        app.Use(GateFastLane.Answer);
        // Routing after the fast lane, so its questions skip matching too (WebApplication would put it first).
        app.UseRouting();
        app.Use(WebUi.ServerTiming);
        app.UseExceptionHandler(handler => handler.Run(WriteProblem));
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.Use(RecordDenials);
        app.UseAuthorization();
        app.Use(ReadBody);

        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapHealth();
        app.MapSessionApi();
        app.MapOrdersApi();
        app.MapIngestApi();
        app.MapNoticesApi();
        app.MapQueryApi();
        app.MapReviewApi();
        app.MapMarksApi();
        app.MapWebUi();
        return app;
    }

    static Task Deny(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Set by an endpoint that recorded its own refusal (a refused confirmation), so it is not recorded twice.</summary>
    public const string AlreadyRecorded = "enjoin:refusal-recorded";

    /// <summary>Every denied request is recorded (issue 4): who, what, and why not.</summary>
    static async Task RecordDenials(HttpContext context, RequestDelegate next)
    {
        await next(context);
        if (context.Response.StatusCode is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)) return;
        if (context.Items.ContainsKey(AlreadyRecorded)) return;
        var host = context.RequestServices.GetRequiredService<EngineHost>();
        var who = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : "anonymous";
        host.Use(engine => engine.RecordSecurityEvent("request_denied", who ?? "anonymous", new JsonObject
        {
            ["method"] = context.Request.Method, ["path"] = context.Request.Path.Value, ["status"] = context.Response.StatusCode,
            ["caller"] = who, ["remote"] = context.Connection.RemoteIpAddress?.ToString(),
        }, "server"));
    }

    /// <summary>
    /// Every body is read whole before an endpoint sees it, whatever server runs the app (Kestrel's
    /// limit is not the only host's): more than <see cref="MaxBodyBytes"/> is 413, bytes that are not
    /// UTF-8 are 400 — also for bodies bound to records, where skipped fields would go unchecked.
    /// </summary>
    static async Task ReadBody(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: false })
            await ReadCheckedBody(context);
        await next(context);
    }

    /// <summary>The body read whole and checked as <see cref="ReadBody"/> says, left in <see cref="Http.CheckedBody"/> and as the request's body.</summary>
    internal static async Task<ReadOnlyMemory<byte>> ReadCheckedBody(HttpContext context)
    {
        var request = context.Request;
        if (request.ContentLength > MaxBodyBytes) throw TooLarge();
        var buffer = new MemoryStream(request.ContentLength is > 0 and var length ? (int)length : 256);
        context.Response.RegisterForDispose(buffer);
        var chunk = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
        var body = new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
            throw new InputRejectedException(new InputError("request body", 0, "(body)", "not valid UTF-8"));
        // Endpoints read the checked bytes from here rather than copying the stream again (Http.Bytes, Http.Text).
        context.Items[Http.CheckedBody] = body;
        buffer.Position = 0;
        request.Body = buffer;
        return body;

        static BadHttpRequestException TooLarge() =>
            new($"the request body is larger than {MaxBodyBytes / (1024 * 1024)} MB", StatusCodes.Status413PayloadTooLarge);
    }

    /// <summary>Bad input is 4xx with the field named; a bug is 500 without internals.</summary>
    static Task WriteProblem(HttpContext context) => WriteProblem(context, context.Features.Get<IExceptionHandlerFeature>()?.Error);

    internal static async Task WriteProblem(HttpContext context, Exception? error)
    {
        var result = error switch
        {
            InputRejectedException rejected => Http.Problem(rejected.Errors),
            BadHttpRequestException bad => Results.Problem(statusCode: bad.StatusCode, title: "Bad request", detail: bad.Message),
            JsonException json => Http.Problem([new InputError("request body", 0, "(json)", json.Message)]),
            DecoderFallbackException => Http.Problem([new InputError("request body", 0, "(body)", "not valid UTF-8")]),
            _ => Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Internal error", detail: "The failing step recorded nothing; see the server log."),
        };
        if (error is not (InputRejectedException or BadHttpRequestException or JsonException or DecoderFallbackException))
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Enjoin.Server").LogError(error, "unhandled error");
        await result.ExecuteAsync(context);
    }
}
