using System.CommandLine;

namespace Enjoin.Cli.Commands;

public static class CommandSet
{
    public static IEnumerable<Command> All(CommandContext context) =>
    [
        IngestCommands.Merchants(context),
        IngestCommands.Listings(context),
        PromotionCommands.Promotions(context),
        PromotionCommands.Exposures(context),
        OrderCommands.Orders(context),
        ReportCommands.Report(context),
        NoticeCommands.Notices(context),
        NoticeCommands.CounterNotices(context),
        TimeCommands.Advance(context),
        QueryCommands.Gate(context),
        QueryCommands.Knowledge(context),
        QueryCommands.Actions(context),
        ReviewCommands.Review(context),
        MarkCommands.Marks(context),
        NoticeCommands.Notifiers(context),
        AuditCommands.Audit(context),
        HashCommand.Hash(context),
        DemoCommand.Demo(context),
        ServeCommands.Serve(context),
        ServeCommands.Users(context),
        ServeCommands.Keys(context),
        StatementCommands.Sor(context),
    ];
}
