using Enjoin.Common;
using Enjoin.Orders;
using Enjoin.Reports;
using Enjoin.Reports.Pdf;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;

namespace Enjoin.Server.Apis;

/// <summary>Court orders: serve one (any kind), list them, read one. A rights holder sees only its own.</summary>
public static class OrdersApi
{
    public static void MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/v1/orders");

        orders.MapPost("/", async (HttpRequest request, EngineHost host, string? at, CancellationToken cancel) =>
        {
            var caller = Caller.Of(request.HttpContext.User);
            var input = OrderInput.Parse("request body", await Http.Text(request, cancel));
            var result = Import(host, caller, input, Http.At(at));
            return Http.Json(result, StatusCodes.Status201Created);
        }).RequireAuthorization(Policies.ServeOrders).WithName("ImportOrder");

        orders.MapGet("/", (HttpContext context, EngineHost host) =>
        {
            var caller = Caller.Of(context.User);
            var visible = host.Use(engine => engine.Orders().Where(o => Visible(engine, caller, o)).Select(Summary).ToList());
            return Http.Json(visible);
        }).RequireAuthorization(Policies.Read).WithName("ListOrders");

        orders.MapGet("/{id}", (string id, HttpContext context, EngineHost host) =>
        {
            var caller = Caller.Of(context.User);
            var detail = host.Use(engine =>
            {
                var order = engine.Read(s => s.GetOrder(id));
                if (order is null || !Visible(engine, caller, order)) return null;
                return engine.Read(s => new
                {
                    order = Summary(order),
                    marks = order.Marks,
                    covers_aliases = order.CoversAliases,
                    clauses = s.Clauses(id).Select(c => new { @ref = c.Ref, kind = c.Kind, status = c.Status, since = c.Since }),
                    defendants = s.Defendants(id).Select(d => new
                    {
                        no = d.No, name = d.Name, seller_id = d.SellerId, store_url = d.StoreUrl, status = d.Status, dismissed_at = d.DismissedAt,
                        merchants = d.Merchants.Select(m => new { merchant = m.Merchant, method = m.Method, at = m.At }),
                    }),
                });
            });
            return detail is null ? Http.NotFound($"no order {id}") : Http.Json(detail);
        }).RequireAuthorization(Policies.Read).WithName("GetOrder");

        // DESIGN §5.5, §5.6: the compliance report, as of a time, in any of its formats; someone else's is not found.
        orders.MapGet("/{id}/report", (string id, string? format, string? at, HttpContext context, EngineHost host) =>
        {
            var caller = Caller.Of(context.User);
            var chosen = ReportFormat.Json;
            if (format is not null && !Words<ReportFormat>.TryParse(format, out chosen))
                return Http.Problem([new InputError("query", 0, "format", $"'{format}' is not one of {string.Join(", ", Words<ReportFormat>.All)}")]);
            var asOf = Http.At(at);
            var report = host.Use(engine =>
            {
                var order = engine.Read(s => s.GetOrder(id));
                return order is null || !Visible(engine, caller, order) ? null : engine.Report(id, asOf);
            });
            if (report is null) return Http.NotFound($"no order {id}");
            var file = ReportFiles.Render(report, chosen);
            // Files to keep (CSV, PDF) are offered as downloads; JSON and HTML are shown.
            return chosen is ReportFormat.Csv or ReportFormat.Pdf
                ? Results.File(file.Bytes, file.ContentType, $"report-{report.Order.Id}.{file.Extension}")
                : Results.Bytes(file.Bytes, file.ContentType);
        }).RequireAuthorization(Policies.Read).WithName("OrderReport")
            .Produces<ComplianceReport>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv", additionalContentTypes: ["text/html", "application/pdf"])
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>Serves an order as the caller (the API and the import page share it): a rights holder's new order becomes its own.</summary>
    public static OrderImportResult Import(EngineHost host, Caller caller, OrderInput input, DateTimeOffset? at) => host.Use(engine =>
    {
        var existed = engine.Read(s => s.GetOrder(input.Order.Id));
        if (caller.IsRightsHolder) RefuseOthersOrders(engine, caller, input, existed);
        var imported = engine.ImportOrder(input, at, caller.Name);
        if (caller.Owner is { } owner && existed is null) engine.SetOwner("orders", [input.Order.Id], owner);
        return imported;
    });

    static object Summary(Order o) => new
    {
        id = o.Id, kind = o.Kind, @case = o.Case, court = o.Court, plaintiff = o.Plaintiff, issued = o.Issued,
        served = o.Served, expires = o.Expires, supersedes = o.Supersedes, modifies = o.Modifies, in_force = o.InForce,
    };

    /// <summary>Someone else's order is indistinguishable from one that does not exist.</summary>
    public static bool Visible(Enjoin.Engine.EnjoinEngine engine, Caller caller, Order order)
    {
        if (!caller.IsRightsHolder) return true;
        var root = order.Modifies is { } m ? engine.Read(s => s.GetOrder(m)) ?? order : order;
        return caller.Owns(engine.Read(s => s.OwnerOf("orders", root.Id)), root.Plaintiff);
    }

    /// <summary>
    /// A rights holder cannot modify, supersede or take over another's order, and is told exactly what
    /// it would be told if that order did not exist (the engine's own words), so ids cannot be probed.
    /// </summary>
    static void RefuseOthersOrders(Enjoin.Engine.EnjoinEngine engine, Caller caller, OrderInput input, Order? existing)
    {
        bool Hidden(string? id) => id is not null && engine.Read(s => s.GetOrder(id)) is { } other && !Visible(engine, caller, other);
        if (input.IsChange && Hidden(input.Order.Modifies)) throw input.Reject("modifies", $"unknown order {input.Order.Modifies}");
        if (!input.IsChange && Hidden(input.Order.Supersedes)) throw input.Reject("supersedes", $"unknown order {input.Order.Supersedes}");
        if (existing is not null && !Visible(engine, caller, existing))
            throw input.Reject("id", $"order {input.Order.Id} was already imported with different content; serve a modification instead");
    }
}
