using System.CommandLine;
using Enjoin.Common;

namespace Enjoin.Cli.Commands;

public static class TimeCommands
{
    /// <summary><c>advance --to TIME</c>: moves event time forward and fires the deadlines it passes (DESIGN §4.6).</summary>
    public static Command Advance(CommandContext context)
    {
        var to = new Option<string?>("--to") { Description = "the event time to move to (ISO-8601 UTC)", Required = true };
        var command = new Command("advance", "move event time forward, firing deadlines up to it") { to };
        command.SetAction(result =>
        {
            var target = CommandContext.Time(result, to, "--to")!.Value;
            using var engine = new EngineHandle(context, result);
            var (from, reached, actions) = engine.Engine.Advance(target);
            if (context.Json(result)) context.WriteJson(new { from, to = reached, actions });
            else context.Out.WriteLine($"event time {EventTime.Format(from)} → {EventTime.Format(reached)}; {actions} actions issued");
            return Cli.Ok;
        });
        return command;
    }
}
