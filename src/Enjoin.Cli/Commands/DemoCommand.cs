using System.CommandLine;

namespace Enjoin.Cli.Commands;

public static class DemoCommand
{
    public static Command Demo(CommandContext context)
    {
        var command = new Command("demo", "load the demo scenario (modelled on Kelly Toys v. 19885566 Store) and print what happened");
        command.SetAction(result =>
        {
            context.Err.WriteLine("the demo scenario is not built yet");
            return Cli.Problem;
        });
        return command;
    }
}
