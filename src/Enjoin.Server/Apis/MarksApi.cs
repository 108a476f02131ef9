using Enjoin.Accounts;
using Enjoin.Common;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;

namespace Enjoin.Server.Apis;

/// <summary>
/// Marks screened for (DESIGN §2, §4.5): rights holders register their own; reviewers and legal allow honest phrases.
/// A rights holder sees only the marks it registered.
/// </summary>
public static class MarksApi
{
    public sealed record RegisterBody(string? Mark, string? Owner, string? Registration, string? At);

    public sealed record AllowBody(string? Mark, string? Phrase, string? Reason, string? At);

    public static void MapMarksApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/marks", (HttpContext context, EngineHost host) =>
        {
            var caller = Caller.Of(context.User);
            var marks = host.Use(engine => engine.Marks());
            return Http.Json(caller.IsRightsHolder ? marks.Where(m => m.Owner is not null && caller.Owns(m.Owner, null)).ToList() : marks);
        }).RequireAuthorization(Policies.Read).WithName("Marks");

        app.MapPost("/api/v1/marks", (RegisterBody body, HttpContext context, EngineHost host) =>
        {
            var caller = Caller.Of(context.User);
            // A rights holder registers for itself; legal names the owner.
            var owner = caller.IsRightsHolder ? caller.Owner : body.Owner;
            if (caller.IsRightsHolder && body.Owner is not null && !caller.Owns(body.Owner, null))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Refused", detail: "a rights holder registers marks for itself only");
            var registered = host.Use(engine => engine.RegisterMark(body.Mark ?? "", owner ?? "", body.Registration, caller.Name, Http.At(body.At)));
            return Http.Json(registered);
        }).RequireAuthorization(Policies.ServeOrders).WithName("RegisterMark");

        app.MapPost("/api/v1/marks/allowed", (AllowBody body, HttpContext context, EngineHost host) =>
        {
            var caller = Caller.Of(context.User);
            var allowed = host.Use(engine => engine.AllowPhrase(body.Mark ?? "", body.Phrase ?? "", body.Reason ?? "", caller.Name, Http.At(body.At)));
            return Http.Json(allowed);
        }).RequireAuthorization(Policies.Review).WithName("AllowMarkPhrase");
    }
}
