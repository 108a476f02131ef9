using System.CommandLine;

namespace Enjoin.Cli.Commands;

public static class AuditCommands
{
    /// <summary><c>audit verify</c>: re-derives the ledger hashes; exit 1 naming the first bad sequence number.</summary>
    public static Command Audit(CommandContext context)
    {
        var verify = new Command("verify", "re-derive the ledger's hash chain");
        verify.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var (fault, rows) = engine.Engine.VerifyLedger();
            if (context.Json(result))
                context.WriteJson(new { ok = fault is null, rows, first_bad_seq = fault?.Seq, reason = fault?.Reason });
            else if (fault is null) context.Out.WriteLine($"ledger verified: {rows} events, chain intact");
            else context.Out.WriteLine($"ledger broken at seq {fault.Seq}: {fault.Reason}");
            return fault is null ? Cli.Ok : Cli.Problem;
        });
        return new Command("audit", "the tamper-evident ledger") { verify };
    }
}
