using System.CommandLine;
using Enjoin.Common;
using Enjoin.Reports;
using Enjoin.Reports.Pdf;

namespace Enjoin.Cli.Commands;

/// <summary><c>report ORDER_ID [--format json|csv|html|pdf] [--out FILE] [--at T]</c>: the compliance report (DESIGN §5.5).</summary>
public static class ReportCommands
{
    public static Command Report(CommandContext context)
    {
        var order = new Argument<string>("ORDER_ID") { Description = "the order (a modification: the order it changes)" };
        var format = new Option<string?>("--format") { Description = $"one of {string.Join(", ", Words<ReportFormat>.All)} (default: a text summary; --json is --format json)" };
        var output = new Option<string?>("--out") { Description = "write the report to this file (required for pdf)" };
        var at = context.AtOption("the report's time (default: the event time reached)");
        var command = new Command("report", "the compliance report of an order, as of a time") { order, format, output, at };
        command.SetAction(result =>
        {
            ReportFormat? chosen = context.Json(result) ? ReportFormat.Json : null;
            if (result.GetValue(format) is { } text)
            {
                if (!Words<ReportFormat>.TryParse(text, out var parsed))
                    throw new InputRejectedException(new InputError("(command line)", 0, "--format", $"'{text}' is not one of {string.Join(", ", Words<ReportFormat>.All)}"));
                if (chosen is { } json && parsed != json)
                    throw new InputRejectedException(new InputError("(command line)", 0, "--format", $"--json asks for json, --format for {text}: give one"));
                chosen = parsed;
            }
            var path = result.GetValue(output);
            // A PDF is bytes, not text: it goes to a file, never into the terminal.
            if (chosen == ReportFormat.Pdf && path is null)
                throw new InputRejectedException(new InputError("(command line)", 0, "--out", "required for --format pdf: the file to write the PDF to"));
            var asOf = CommandContext.Time(result, at);
            var orderId = result.GetValue(order)!;

            using var engine = new EngineHandle(context, result);
            var report = engine.Engine.Report(orderId, asOf)
                ?? throw new InputRejectedException(new InputError("(command line)", 0, "ORDER_ID", $"no order {orderId}"));

            if (chosen is not { } f)
            {
                if (path is not null)
                    throw new InputRejectedException(new InputError("(command line)", 0, "--format", "say which format to write to --out (json, csv, html or pdf)"));
                Summary(context.Out, report);
                return Cli.Ok;
            }
            var file = ReportFiles.Render(report, f);
            if (path is null)
            {
                context.Out.Write(System.Text.Encoding.UTF8.GetString(file.Bytes));
                return Cli.Ok;
            }
            // Written beside and renamed, so a reader never sees half a report.
            var temp = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temp, file.Bytes);
            File.Move(temp, path, overwrite: true);
            context.Out.WriteLine($"{path}: {Words<ReportFormat>.Of(f)} report of {report.Order.Id} as of {EventTime.Format(report.AsOf)} ({file.Bytes.Length} bytes)");
            return Cli.Ok;
        });
        return command;
    }

    static void Summary(TextWriter o, ComplianceReport report)
    {
        var t = report.Totals;
        static string S(double? s) => s is { } v ? ReportCharts.Duration(v) : "none";
        o.WriteLine($"{report.Order.Id} ({report.Order.Case}) as of {EventTime.Format(report.AsOf)}");
        o.WriteLine($"  defendants {t.Defendants} (resolved {t.Resolved}, unresolved {t.Unresolved}); listings taken down {t.ListingsTakenDown}, takedown p50 {S(t.TakedownSecondsP50)}, p95 {S(t.TakedownSecondsP95)}");
        o.WriteLine($"  relists detected {t.RelistsDetected}, taken down {t.RelistsTakenDown}; payout holds {t.PayoutHolds}; exposures {t.Exposures}; overdue {t.Overdue}");
        foreach (var d in report.Defendants)
            o.WriteLine($"  {d.No} {d.Name} [{string.Join(", ", d.Merchants)}] {Words<ReportDefendantStatus>.Of(d.Status)}: down {d.ListingsTakenDown}, relists {d.RelistsDetected}/{d.RelistsTakenDown}, held {(d.PayoutsHeld ? "yes" : "no")}, strikes {d.Strikes}, exposures {d.Exposures.Values.Sum()}");
        o.WriteLine($"  ledger seq {report.Record.Ledger.FromSeq}–{report.Record.Ledger.ToSeq}, head hash {report.Record.Ledger.HeadHash}");
    }
}
