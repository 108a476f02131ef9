using System.CommandLine;
using Enjoin.Common;
using Enjoin.Orders;

namespace Enjoin.Cli.Commands;

/// <summary><c>orders import</c> (any kind, modifications included) and <c>orders list</c>.</summary>
public static class OrderCommands
{
    public static Command Orders(CommandContext context)
    {
        var file = new Argument<string>("FILE") { Description = "the order as JSON" };
        var scheduleA = new Option<string?>("--schedule-a") { Description = "Schedule A as CSV: no,name,seller_id,store_url" };
        var at = context.AtOption("event time of the import (default: the order's served time)");
        var import = new Command("import", "import a court order: TRO, injunction, modification or dissolution") { file, scheduleA, at };
        import.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            var schedulePath = result.GetValue(scheduleA);
            var input = OrderInput.Parse(path, CommandContext.ReadFile(path), schedulePath,
                schedulePath is null ? null : CommandContext.ReadFile(schedulePath));
            using var engine = new EngineHandle(context, result);
            var imported = engine.Engine.ImportOrder(input, CommandContext.Time(result, at));
            if (context.Json(result)) context.WriteJson(imported);
            else
            {
                var unresolved = imported.Defendants.Count(d => d.Status == DefendantStatus.Unresolved);
                context.Out.WriteLine($"order {imported.Order}: {imported.Defendants.Count} defendants ({imported.Defendants.Count - unresolved} resolved, {unresolved} unresolved), {imported.Actions} actions issued");
                foreach (var d in imported.Defendants.Where(d => d.Status == DefendantStatus.Unresolved))
                    context.Out.WriteLine($"  unresolved: {d.No} {d.Name} (see: enjoin review list)");
            }
            return Cli.Ok;
        });

        var list = new Command("list", "the orders served on the platform");
        list.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var orders = engine.Engine.Orders();
            if (context.Json(result))
                context.WriteJson(orders.Select(o => new
                {
                    id = o.Id, kind = Words<OrderKind>.Of(o.Kind), @case = o.Case, court = o.Court, plaintiff = o.Plaintiff,
                    served = o.Served, expires = o.Expires, supersedes = o.Supersedes, modifies = o.Modifies, in_force = o.InForce,
                }));
            else
                foreach (var o in orders)
                    context.Out.WriteLine($"{o.Id,-16} {Words<OrderKind>.Of(o.Kind),-28} {o.Case,-20} served {EventTime.Format(o.Served)}{(o.Modifies is null ? "" : $" modifies {o.Modifies}")}");
            return Cli.Ok;
        });
        return new Command("orders", "court orders") { import, list };
    }
}
