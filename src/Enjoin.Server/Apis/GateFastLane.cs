using System.Security.Claims;
using Enjoin.Accounts;
using Enjoin.Server.Security;

namespace Enjoin.Server.Apis;

/// <summary>
/// The gate's two questions from a system whose API key the gate policy allows, answered ahead of routing,
/// authentication and authorization: an ad server asks thousands of times a second, and the general pipeline was
/// most of each answer's cost (bench/RESULTS.md, issue 5). Anything else — no key, an unknown or revoked key, a role
/// the policy refuses, a signed-in person, another method or path — goes on down the normal pipeline, which answers,
/// refuses and records it exactly as for any other route.
/// </summary>
public static class GateFastLane
{
    public const string CheckPath = "/api/v1/gate/check";
    public const string BatchPath = "/api/v1/gate/check-batch";

    public static async Task Answer(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var path = request.Path.Value;
        var batch = string.Equals(path, BatchPath, StringComparison.OrdinalIgnoreCase);
        if (!HttpMethods.IsPost(request.Method) || !(batch || string.Equals(path, CheckPath, StringComparison.OrdinalIgnoreCase))
            || AllowedKey(context) is not ({ } key, { } principal))
        {
            await next(context);
            return;
        }
        context.User = principal;
        try
        {
            var body = await EnjoinServer.ReadCheckedBody(context);
            var asksBeforePromoting = QueryApi.AsksBeforePromoting(key.Role);
            var problem = batch
                ? await QueryApi.AnswerBatch(context, body, asksBeforePromoting)
                : await QueryApi.AnswerCheck(context, body, asksBeforePromoting);
            if (problem is not null) await problem.ExecuteAsync(context);
        }
        catch (Exception error) when (!context.Response.HasStarted && error is not OperationCanceledException)
        {
            // The lane runs ahead of the exception handler: the same answer for the same error (bad input 4xx, a bug 500).
            context.Response.Clear();
            await EnjoinServer.WriteProblem(context, error);
        }
    }

    /// <summary>The presented key, if it is valid and the gate policy allows its role.</summary>
    static (ApiKey Key, ClaimsPrincipal Principal)? AllowedKey(HttpContext context)
    {
        if (ApiKeyAuthentication.Presented(context.Request) is not { } text) return null;
        try
        {
            var key = context.RequestServices.GetRequiredService<ApiKeyCache>().Verify(text, out var principal);
            return key is not null && Policies.Allows(Policies.Gate, key.Role) ? (key, principal) : null;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            // The key could not be read (the database is away): the normal pipeline asks again and answers as for any route.
            return null;
        }
    }
}
