using System.CommandLine;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Cli.Commands;

namespace Enjoin.Cli;

/// <summary>
/// <c>enjoin</c>: maps the command line onto the engine (DESIGN §5.1). Exit codes: 0 success,
/// 1 the command ran and found a problem, 2 bad usage or bad input.
/// </summary>
public static class Cli
{
    public const int Ok = 0, Problem = 1, BadInput = 2, InternalError = 70;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, TimeProvider? wallClock = null)
    {
        var globals = new GlobalOptions();
        var root = new RootCommand("Enjoin: court orders and takedown notices turned into provable marketplace action.");
        globals.AddTo(root);
        var context = new CommandContext(globals, stdout, stderr, wallClock ?? TimeProvider.System);
        foreach (var command in CommandSet.All(context)) root.Subcommands.Add(command);

        if (args.Length == 0)
        {
            root.Parse(["--help"]).Invoke(new InvocationConfiguration { Output = stdout, Error = stderr });
            return BadInput;
        }
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) stderr.WriteLine($"enjoin: {error.Message}");
            stderr.WriteLine("Try 'enjoin --help'.");
            return BadInput;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (InputRejectedException e)
        {
            foreach (var error in e.Errors) stderr.WriteLine(error);
            return BadInput;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"enjoin: {e.Message}");
            return BadInput;
        }
        catch (Exception e)
        {
            // A bug, not bad input: say so plainly, with what is needed to report it.
            stderr.WriteLine($"enjoin: internal error, nothing further was recorded by the failing step: {e}");
            return InternalError;
        }
    }
}

/// <summary>Options every command takes (DESIGN §5.1).</summary>
public sealed class GlobalOptions
{
    public Option<string?> Db { get; } = new("--db") { Description = "SQLite database file (default ./enjoin.db)", Recursive = true };
    public Option<string?> Postgres { get; } = new("--postgres") { Description = "PostgreSQL connection string (instead of --db)", Recursive = true };
    public Option<bool> Json { get; } = new("--json") { Description = "machine-readable output on stdout", Recursive = true };
    public Option<string?> Policy { get; } = new("--policy") { Description = "policy file (default: enjoin.json beside the database, if present)", Recursive = true };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Policy);
        root.Options.Add(Db);
        root.Options.Add(Postgres);
        root.Options.Add(Json);
    }
}
