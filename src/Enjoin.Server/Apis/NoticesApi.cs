using System.Text.Json;
using Enjoin.Common;
using Enjoin.Notices;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;

namespace Enjoin.Server.Apis;

/// <summary>Notices and counter-notices. A rights holder submits and follows only its own notices.</summary>
public static class NoticesApi
{
    public static void MapNoticesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/notices", async (HttpRequest request, EngineHost host, string? at, CancellationToken cancel) =>
        {
            var caller = Caller.Of(request.HttpContext.User);
            var text = await Http.Text(request, cancel);
            var submission = Submit(host, caller, text, Http.At(at));
            if (submission.Receipts.Count == 0 && submission.Errors.Count > 0) return Http.Problem(submission.Errors);
            return Http.Json(new { receipts = submission.Receipts, rejected = submission.Errors.Select(e => new { line = e.Line, field = e.Field, error = e.Message }) },
                StatusCodes.Status201Created);
        }).RequireAuthorization(Policies.SubmitNotices).WithName("SubmitNotices");

        app.MapGet("/api/v1/notices", (HttpContext context, EngineHost host) =>
        {
            var caller = Caller.Of(context.User);
            var notices = host.Use(engine => engine.Read(s => s.Notices()).Where(n => Visible(engine, caller, n)).Select(n => n.Receipt).ToList());
            return Http.Json(notices);
        }).RequireAuthorization(Policies.Read).WithName("ListNotices");

        app.MapGet("/api/v1/notices/{id}", (string id, HttpContext context, EngineHost host) =>
        {
            var caller = Caller.Of(context.User);
            var notice = host.Use(engine => engine.Read(s => s.GetNotice(id)) is { } n && Visible(engine, caller, n) ? n : null);
            return notice is null ? Http.NotFound($"no notice {id}") : Http.Json(new
            {
                receipt = notice.Receipt, notice = JsonDocument.Parse(notice.Document).RootElement,
                counter_notices = host.Use(engine => engine.Read(s => s.CounterNoticesOf(id)))
                    .Select(c => new { id = c.CounterNotice.Id, listing = c.CounterNotice.Listing, status = c.Status, restore_at = c.RestoreAt, resolved_at = c.ResolvedAt }),
            });
        }).RequireAuthorization(Policies.Read).WithName("GetNotice");

        app.MapPost("/api/v1/counter-notices", async (HttpRequest request, EngineHost host, string? at, CancellationToken cancel) =>
        {
            var caller = Caller.Of(request.HttpContext.User);
            var text = await Http.Text(request, cancel);
            if (caller.IsRightsHolder && !OnlyOwnSuitReports(host, caller, text))
                return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Refused",
                    detail: "a rights holder may only report suit filed on its own notices");
            var submission = host.Use(engine => engine.SubmitCounterNotices("request body", text, Http.At(at), caller.Name));
            if (submission.Results.Count == 0 && submission.Errors.Count > 0) return Http.Problem(submission.Errors);
            return Http.Json(new { results = submission.Results, rejected = submission.Errors.Select(e => new { line = e.Line, field = e.Field, error = e.Message }) },
                StatusCodes.Status201Created);
        }).RequireAuthorization(Policies.CounterNotices).WithName("SubmitCounterNotices");
    }

    /// <summary>
    /// Submits notices as the caller (the API and the notice page share it): a rights holder's accepted notices become
    /// its own; a resubmitted id that is another's notice gets neither its receipt nor its ownership.
    /// </summary>
    public static Enjoin.Engine.EnjoinEngine.NoticeSubmission Submit(EngineHost host, Caller caller, string text, DateTimeOffset? at, string file = "request body")
    {
        return host.Use(engine =>
        {
            var head = engine.LedgerHead;
            var submitted = engine.SubmitNotices(file, text, at, caller.Name);
            // A resubmitted id that is another's notice gets neither its receipt nor its ownership,
            // and the answer a different notice under a taken id gets (ids cannot be probed).
            var others = submitted.Receipts.Where(r => r.Sequence <= head && engine.Read(s => s.GetNotice(r.Notice)) is { } n && !Visible(engine, caller, n)).ToList();
            if (others.Count > 0)
            {
                var taken = others.Select(r => r.Notice).ToHashSet();
                var records = NoticeInput.Parse(file, text, (json, read, prefix) => Notice.Read(json, read, prefix)).Records;
                submitted = submitted with
                {
                    Receipts = [.. submitted.Receipts.Except(others)],
                    Errors = [.. submitted.Errors, .. records.Where(r => taken.Contains(r.Record.Id))
                        .SelectMany(r => r.Reject("id", $"notice {r.Record.Id} was already received with different content").Errors)],
                };
            }
            if (caller.Owner is { } owner) engine.SetOwner("notices", submitted.Receipts.Where(r => r.Sequence > head).Select(r => r.Notice), owner);
            return submitted;
        });
    }

    public static bool Visible(Enjoin.Engine.EnjoinEngine engine, Caller caller, NoticeRecord notice) =>
        caller.Owns(engine.Read(s => s.OwnerOf("notices", notice.Id)), notice.NotifierName);

    /// <summary>Counter-notices come from merchants through the marketplace; a rights holder only reports its own suits.</summary>
    static bool OnlyOwnSuitReports(EngineHost host, Caller caller, string text)
    {
        using var document = Http.Parse(text);
        var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement.EnumerateArray().ToList() : [document.RootElement];
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("kind", out var kind) || kind.ValueKind != JsonValueKind.String || kind.GetString() != "suit_filed")
                return false;
            var noticeId = item.TryGetProperty("notice", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
            if (!host.Use(engine => engine.Read(s => s.GetNotice(noticeId)) is { } notice && Visible(engine, caller, notice))) return false;
        }
        return true;
    }
}
