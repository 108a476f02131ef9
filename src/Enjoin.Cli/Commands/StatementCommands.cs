using System.CommandLine;
using Enjoin.Common;
using Enjoin.StatementsOfReasons;

namespace Enjoin.Cli.Commands;

/// <summary><c>sor export</c>: statements of reasons for the EU DSA Transparency Database (DSA Art. 17, 24(5)).</summary>
public static class StatementCommands
{
    public static Command Sor(CommandContext context)
    {
        var from = new Option<string?>("--from") { Description = "first time of the window (ISO-8601 UTC), inclusive; default: the beginning" };
        var to = new Option<string?>("--to") { Description = "end of the window (ISO-8601 UTC), exclusive; default: no end" };
        var output = new Option<string>("--out") { Description = "the JSON Lines file to write: one {\"statements\":[…≤100]} bulk request a line", Required = true };
        var export = new Command("export", "write the statements of reasons of restrictions applied in [--from, --to) as Transparency Database API statements")
        {
            from, to, output,
        };
        export.SetAction(result =>
        {
            var window = (From: CommandContext.Time(result, from, "--from"), To: CommandContext.Time(result, to, "--to"));
            if (window is { From: { } f, To: { } t } && t <= f)
                throw new InputRejectedException(new InputError("(command line)", 0, "--to", $"must be later than --from ({EventTime.Format(f)})"));
            var path = result.GetValue(output)!;
            using var engine = new EngineHandle(context, result);
            var exported = engine.Engine.ExportStatementsOfReasons(window.From, window.To);
            if (!exported.Ok)
            {
                // Our own statements failing the API's rules is a problem found, not bad input: nothing is written.
                foreach (var problem in exported.Problems) context.Err.WriteLine($"enjoin: {problem}");
                context.Err.WriteLine($"enjoin: {exported.Problems.Count} problems in {exported.Statements.Count} statements; nothing written to {path}");
                return Cli.Problem;
            }
            // Written beside and renamed, so a reader never sees half a file.
            var temp = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temp, exported.Text());
            File.Move(temp, path, overwrite: true);
            var summary = exported.Summary(path);
            if (context.Json(result)) context.WriteJson(summary);
            else
            {
                context.Out.WriteLine($"{path}: {summary.Statements} statements of reasons in {summary.Batches} batches");
                foreach (var (kind, n) in summary.Kinds) context.Out.WriteLine($"  {kind,-20} {n,8:N0}");
                foreach (var (source, n) in summary.Sources) context.Out.WriteLine($"  {source,-32} {n,8:N0}");
            }
            return Cli.Ok;
        });
        return new Command("sor", "statements of reasons (DSA Art. 17) for the EU Transparency Database (Art. 24(5))") { export };
    }
}
