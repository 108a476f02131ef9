using BenchmarkDotNet.Running;
using Enjoin.Bench;

if (args is ["bdn", ..])
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
    return 0;
}
if (args is ["ingest", ..]) return IngestBench.Run(args[1..]);
if (args is ["notices", ..]) return NoticeBench.Run(args[1..]);
if (args is ["kestrel", ..]) return BareKestrel.Run(args[1..]);
if (args is ["screening", ..]) return ScreeningBench.Run(args[1..]);
if (args is ["pages", ..]) return PagesBench.Run(args[1..]);

Console.Error.WriteLine("usage: Enjoin.Bench ingest [--listings N] [--marks M] [--merchants K] [--keep]");
Console.Error.WriteLine("       Enjoin.Bench notices [--notices N] [--postgres CONNECTION_STRING]");
Console.Error.WriteLine("       Enjoin.Bench screening [--listings N] [--marks M] [--mark-rate R] [--runs K] [--keep]");
Console.Error.WriteLine("       Enjoin.Bench kestrel [--urls URL]   (the bare baseline of bench/server/gate.sh)");
Console.Error.WriteLine("       Enjoin.Bench pages [--runs N] [--keep]   (every web UI page on the demo database)");
Console.Error.WriteLine("       Enjoin.Bench bdn [BenchmarkDotNet arguments]");
return 2;
