using Enjoin.Accounts;
using Enjoin.Common;
using Enjoin.Review;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;

namespace Enjoin.Server.Apis;

/// <summary>The review queue. Storefront shut-downs are legal's to decide (DESIGN §2).</summary>
public static class ReviewApi
{
    public sealed record DecisionBody(string? Decision, string? Reason, string? Merchant, string? At);

    public static void MapReviewApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/review", (string? status, EngineHost host) =>
        {
            ReviewStatus? filter = null;
            if (status is not null)
            {
                if (!Words<ReviewStatus>.TryParse(status, out var parsed))
                    return Http.Problem([new InputError("query", 0, "status", $"'{status}' is not one of {string.Join(", ", Words<ReviewStatus>.All)}")]);
                filter = parsed;
            }
            return Http.Json(host.Use(engine => engine.ReviewQueue(filter)));
        }).RequireAuthorization(Policies.Review).WithName("ReviewQueue");

        app.MapPost("/api/v1/review/{id:long}/decision", (long id, DecisionBody body, HttpContext context, EngineHost host) =>
        {
            var caller = Caller.Of(context.User);
            bool accept = body.Decision switch
            {
                "accept" => true,
                "reject" => false,
                _ => throw new InputRejectedException(new InputError("request body", 0, "decision", "must be accept or reject")),
            };
            var item = host.Use(engine => engine.Read(s => s.GetReviewItem(id)));
            if (item is null) return Http.NotFound($"no review item {id}");
            if (item.Kind == ReviewKind.DisableStorefront && caller.Role is not (Role.Legal or Role.Admin))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Refused", detail: "storefront shut-downs are decided by legal");
            var decided = host.Use(engine => engine.Decide(new ReviewDecision(id, accept, body.Reason ?? "", caller.Name, body.Merchant), Http.At(body.At)));
            return Http.Json(decided);
        }).RequireAuthorization(Policies.Review).WithName("DecideReview");
    }
}
