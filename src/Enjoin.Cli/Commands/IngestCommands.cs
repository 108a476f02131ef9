using System.CommandLine;
using Enjoin.Engine;

namespace Enjoin.Cli.Commands;

/// <summary><c>merchants ingest</c>, <c>listings ingest</c>: JSONL in, a summary out (DESIGN §5.3).</summary>
public static class IngestCommands
{
    public static Command Merchants(CommandContext context)
    {
        var command = Group("merchants", "merchant accounts", context, (engine, file, lines, at, _) => engine.IngestMerchants(file, lines, at));
        command.Subcommands.Add(Reinstate(context));
        return command;
    }

    /// <summary>A reviewer reinstates a terminated merchant, with a reason on the record.</summary>
    static Command Reinstate(CommandContext context)
    {
        var merchant = new Argument<string>("MERCHANT") { Description = "merchant id" };
        var reason = new Option<string?>("--reason") { Description = "why (recorded in the ledger)", Required = true };
        var by = new Option<string?>("--by") { Description = "who decides (default: the signed-in user)" };
        var at = context.AtOption("event time of the decision (default: the event time reached)");
        var command = new Command("reinstate", "reinstate a terminated or suspended merchant") { merchant, reason, by, at };
        command.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var id = result.GetValue(merchant)!;
            engine.Engine.Reinstate(id, result.GetValue(reason)!, result.GetValue(by) ?? $"cli:{Environment.UserName}", CommandContext.Time(result, at));
            if (context.Json(result)) context.WriteJson(new { merchant = id, reinstated = true });
            else context.Out.WriteLine($"merchant {id} reinstated");
            return Cli.Ok;
        });
        return command;
    }

    // image_files in the records are relative to the listings file's directory.
    public static Command Listings(CommandContext context) =>
        Group("listings", "listing events; screens them", context, (engine, file, lines, at, progress) =>
            engine.IngestListings(file, lines, at, progress: progress, directory: Path.GetDirectoryName(Path.GetFullPath(file))));

    delegate IngestSummary Ingest(EnjoinEngine engine, string file, IEnumerable<InputLine> lines, DateTimeOffset? at, IProgress<int>? progress);

    static Command Group(string name, string what, CommandContext context, Ingest ingest)
    {
        var file = new Argument<string>("FILE") { Description = "JSONL: one JSON object a line" };
        var at = context.AtOption();
        var command = new Command("ingest", $"ingest {what} (JSONL)") { file, at };
        command.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                context.Err.WriteLine($"{path}: no such file");
                return Cli.BadInput;
            }
            var json = context.Json(result);
            using var engine = new EngineHandle(context, result);
            using var reader = new StreamReader(path);
            using var progress = !json && !Console.IsErrorRedirected && ReferenceEquals(context.Err, Console.Error) ? new ProgressBar(context.Err, new FileInfo(path).Length) : null;
            var summary = ingest(engine.Engine, path, Jsonl.Lines(reader), CommandContext.Time(result, at), progress);
            progress?.Done();
            if (json) context.WriteJson(summary);
            else
                context.Out.WriteLine($"{path}: read {summary.Read}, accepted {summary.Accepted}, rejected {summary.Rejected.Count}, actions {summary.Actions}");
            foreach (var error in summary.Errors) context.Err.WriteLine(error);
            return summary.Rejected.Count > 0 ? Cli.BadInput : Cli.Ok;
        });
        return new Command(name, $"{what}") { command };
    }
}

/// <summary>Lines read so far, on a terminal only.</summary>
sealed class ProgressBar(TextWriter err, long bytes) : IProgress<int>, IDisposable
{
    readonly long _estimatedLines = Math.Max(1, bytes / 300);

    public void Report(int value)
    {
        var fraction = Math.Min(1.0, value / (double)_estimatedLines);
        var filled = (int)(fraction * 30);
        err.Write($"\r[{new string('#', filled)}{new string('.', 30 - filled)}] {value:N0} lines");
    }

    public void Done() => err.WriteLine();

    public void Dispose() { }
}

/// <summary>Opens the engine for one command and closes its store after.</summary>
sealed class EngineHandle(CommandContext context, ParseResult result) : IDisposable
{
    public EnjoinEngine Engine { get; } = context.Engine(result);

    public void Dispose() => Engine.Store.Dispose();
}
