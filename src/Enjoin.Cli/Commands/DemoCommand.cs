using System.CommandLine;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Demo;
using Enjoin.Gate;
using Enjoin.Review;

namespace Enjoin.Cli.Commands;

public static class DemoCommand
{
    /// <summary><c>enjoin demo</c>: the scenario of DESIGN §5.7, then where to look.</summary>
    public static Command Demo(CommandContext context)
    {
        var command = new Command("demo", "load the demo scenario (modelled on Kelly Toys v. 19885566 Store) and print what happened");
        command.SetAction(result =>
        {
            var json = context.Json(result);
            using var engine = new EngineHandle(context, result);
            // The listings' photos are kept beside a SQLite database, to look at; for PostgreSQL they are temporary.
            var photos = result.GetValue(context.Globals.Postgres) is null
                ? Path.GetFullPath(result.GetValue(context.Globals.Db) ?? Storage.StoreFactory.DefaultDatabase) + ".demo-images"
                : null;
            var outcome = DemoRunner.Run(engine.Engine, json ? null : context.Out.WriteLine, photoDirectory: photos);
            if (json)
            {
                context.WriteJson(new
                {
                    merchants = outcome.Merchants, listings = outcome.Listings, orders = outcome.Orders,
                    actions = outcome.Actions.ToDictionary(p => Words<ActionKind>.Of(p.Key), p => p.Value),
                    open_reviews = outcome.OpenReviews.ToDictionary(p => Words<ReviewKind>.Of(p.Key), p => p.Value),
                    promotions = outcome.Promotions,
                    exposures = outcome.Exposures.ToDictionary(p => Words<Surface>.Of(p.Key), p => p.Value),
                    ledger_events = outcome.LedgerEvents,
                    report = outcome.ReportTotals is null ? null : new { order = DemoRunner.ReportedOrder, totals = outcome.ReportTotals },
                });
                return Cli.Ok;
            }
            var o = context.Out;
            var db = result.GetValue(context.Globals.Postgres) is null ? $" --db {result.GetValue(context.Globals.Db) ?? "./enjoin.db"}" : " --postgres ...";
            o.WriteLine();
            if (outcome.Merchants > 0)
                o.WriteLine($"Loaded {outcome.Merchants:N0} merchants, {outcome.Listings:N0} listing events, {outcome.Orders} court orders; {outcome.LedgerEvents:N0} ledger events.");
            else
                o.WriteLine($"{outcome.Orders} court orders; {outcome.LedgerEvents:N0} ledger events.");
            o.WriteLine("Actions issued:");
            foreach (var (kind, count) in outcome.Actions.OrderBy(p => p.Key)) o.WriteLine($"  {Words<ActionKind>.Of(kind),-22} {count,6}");
            o.WriteLine("Open review items:");
            foreach (var (kind, count) in outcome.OpenReviews.OrderBy(p => p.Key)) o.WriteLine($"  {Words<ReviewKind>.Of(kind),-22} {count,6}");
            var exposureCount = outcome.Exposures.Values.Sum();
            o.WriteLine($"Exposures (promotions after knowledge): {exposureCount}{(outcome.Promotions > 0 ? $" of {outcome.Promotions:N0} promotion events" : "")}");
            foreach (var (surface, count) in outcome.Exposures.OrderBy(p => p.Key)) o.WriteLine($"  {Words<Surface>.Of(surface),-22} {count,6}");
            if (outcome.Skipped > 0) o.WriteLine($"({outcome.Skipped} records skipped.)");
            if (outcome.ReportTotals is { } t)
            {
                static string Seconds(double? s) => s is { } v ? $"{v:N0} s" : "none confirmed";
                o.WriteLine($"Compliance report of {DemoRunner.ReportedOrder} (enjoin report {DemoRunner.ReportedOrder}), totals:");
                o.WriteLine($"  defendants {t.Defendants} ({t.Resolved} resolved, {t.Unresolved} unresolved)");
                o.WriteLine($"  listings taken down {t.ListingsTakenDown}; takedown p50 {Seconds(t.TakedownSecondsP50)}, p95 {Seconds(t.TakedownSecondsP95)}");
                o.WriteLine($"  relists detected {t.RelistsDetected}, taken down {t.RelistsTakenDown}");
                o.WriteLine($"  payout holds {t.PayoutHolds}; exposures {t.Exposures}; overdue {t.Overdue}");
            }
            var first = outcome.Cast.Defendants[0];
            var alias = outcome.Cast.Aliases[0];
            o.WriteLine();
            o.WriteLine("Where to look:");
            o.WriteLine($"  enjoin orders list{db}");
            o.WriteLine($"  enjoin knowledge {first.MerchantId}{db}                       # defendant no. {first.No}, {first.Name}");
            o.WriteLine($"  enjoin gate check --surface sponsored_search --merchant {first.MerchantId} --at 2022-11-10T14:59:59Z{db}");
            o.WriteLine($"  enjoin gate check --surface sponsored_search --merchant {alias.AliasMerchant} --at 2022-11-23T14:59:59Z{db}   # alias of no. {alias.DefendantNo}, before the reviewer confirmed it");
            o.WriteLine($"  enjoin gate check --surface sponsored_search --merchant {alias.AliasMerchant} --at 2022-11-23T15:00:01Z{db}   # ... and after");
            o.WriteLine($"  enjoin actions --status confirmed{db}");
            o.WriteLine($"  enjoin exposures --order kt-pi{db}                       # e.g. the promotional email {outcome.Cast.PromoEmailToCounsel} to the plaintiff's counsel after the PI");
            o.WriteLine($"  enjoin notifiers{db}");
            foreach (var m in outcome.Cast.ThreeStrikeMerchants.Take(1))
                o.WriteLine($"  enjoin knowledge {m}{db}                       # three strikes: a repeat infringer");
            o.WriteLine($"  enjoin review list --status open{db}");
            o.WriteLine($"  enjoin audit verify{db}");
            o.WriteLine($"  enjoin report {DemoRunner.ReportedOrder} --format pdf --out {DemoRunner.ReportedOrder}.pdf{db}");
            o.WriteLine($"  enjoin serve{db}                       # then the web UI at http://127.0.0.1:5080/ (sign in at /signin)");
            if (photos is not null && outcome.Merchants > 0)
            {
                var relist = outcome.Cast.Relists.FirstOrDefault(r => r.PhotoEdit == "cropped_resized_brightened");
                if (relist is not null)
                    o.WriteLine($"  enjoin hash {Path.Combine(photos, relist.Listing + ".png")}   # relist {relist.Listing}: a {relist.PhotoEdit?.Replace('_', ' ')} copy of {relist.ReusedImageFrom}'s photo");
            }
            return Cli.Ok;
        });
        return command;
    }
}
