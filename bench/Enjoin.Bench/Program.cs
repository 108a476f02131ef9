using Enjoin.Bench;

if (args is ["ingest", ..]) return IngestBench.Run(args[1..]);
if (args is ["bdn", ..])
{
    BenchmarkDotNet.Running.BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
    return 0;
}
Console.Error.WriteLine("usage: Enjoin.Bench ingest [--listings N] [--marks M] [--merchants K] [--keep]");
Console.Error.WriteLine("       Enjoin.Bench bdn [BenchmarkDotNet arguments]");
return 2;
