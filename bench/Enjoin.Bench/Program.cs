using BenchmarkDotNet.Running;
using Enjoin.Bench;

if (args is ["bdn", ..])
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
    return 0;
}
if (args is ["notices", ..]) return NoticeBench.Run(args[1..]);

Console.Error.WriteLine("usage: Enjoin.Bench bdn [BenchmarkDotNet args] | ingest [--listings N] [--marks M] | notices [--notices N] [--postgres CONN]");
return 2;
