using System.Text.Json.Nodes;
using Enjoin.Common;
using Enjoin.Accounts;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Enjoin.Server.Apis;

/// <summary>People sign in with a name and password and get a cookie; every attempt is recorded.</summary>
public static class SessionApi
{
    public sealed record SignIn(string? Name, string? Password);

    /// <summary>One sign-in attempt, recorded either way; on success the cookie is issued. The API and the sign-in page share it.</summary>
    public static async Task<User?> Attempt(HttpContext context, EngineHost host, string name, string password)
    {
        var user = host.Use(engine => Credentials.SignIn(engine, name, password));
        host.Use(engine => engine.RecordSecurityEvent(user is null ? "sign_in_failed" : "signed_in", name, new JsonObject
        {
            ["user"] = name, ["remote"] = context.Connection.RemoteIpAddress?.ToString(),
        }, "server"));
        if (user is not null)
            await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
                Caller.Principal(user.Name, user.Role, user.Owner, CookieAuthenticationDefaults.AuthenticationScheme));
        return user;
    }

    public static void MapSessionApi(this IEndpointRouteBuilder app)
    {
        var session = app.MapGroup("/api/v1/session");
        session.MapPost("/", async (SignIn body, HttpContext context, EngineHost host) =>
        {
            if (string.IsNullOrWhiteSpace(body.Name) || string.IsNullOrEmpty(body.Password))
                return Http.Problem([new InputError("request body", 0, string.IsNullOrWhiteSpace(body.Name) ? "name" : "password", "required")]);
            var user = await Attempt(context, host, body.Name, body.Password);
            if (user is null)
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused", detail: "unknown name or wrong password");
            return Http.Json(new { name = user.Name, role = Words<Role>.Of(user.Role), owner = user.Owner });
        }).AllowAnonymous().WithName("SignIn");

        session.MapGet("/", (HttpContext context) =>
        {
            var caller = Caller.Of(context.User);
            return Http.Json(new { name = caller.Name, role = Words<Role>.Of(caller.Role), owner = caller.Owner });
        }).WithName("WhoAmI");

        session.MapDelete("/", async (HttpContext context) =>
        {
            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.NoContent();
        }).WithName("SignOut");
    }
}
