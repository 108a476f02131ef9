using System.CommandLine;
using System.Text.Json;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Storage;

namespace Enjoin.Cli;

/// <summary>What every command needs: the store it names, output in text or JSON, and the time options.</summary>
public sealed class CommandContext(GlobalOptions globals, TextWriter stdout, TextWriter stderr, TimeProvider wallClock)
{
    public GlobalOptions Globals => globals;
    public TextWriter Out => stdout;
    public TextWriter Err => stderr;
    public TimeProvider WallClock => wallClock;

    public Option<string?> AtOption(string description = "event time (ISO-8601 UTC); default: the record's own at, else now") =>
        new("--at") { Description = description };

    public bool Json(ParseResult result) => result.GetValue(globals.Json);

    public EnjoinEngine Engine(ParseResult result)
    {
        var policy = LoadPolicy(result);
        var store = StoreFactory.Open(result.GetValue(globals.Db), result.GetValue(globals.Postgres), wallClock);
        return new EnjoinEngine(store, policy, wallClock);
    }

    /// <summary><c>--policy FILE</c>, else <c>enjoin.json</c> beside the SQLite database (or in the current directory for PostgreSQL), else the defaults.</summary>
    public Enjoin.Engine.Policy PolicyOf(ParseResult result) => LoadPolicy(result);

    Enjoin.Engine.Policy LoadPolicy(ParseResult result)
    {
        if (result.GetValue(globals.Policy) is { } explicitFile)
            return File.Exists(explicitFile) ? Enjoin.Engine.Policy.Load(explicitFile) : throw new InputRejectedException(new InputError(explicitFile, 0, "--policy", "no such file"));
        var beside = result.GetValue(globals.Postgres) is null
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(result.GetValue(globals.Db) ?? StoreFactory.DefaultDatabase))!, "enjoin.json")
            : Path.Combine(Directory.GetCurrentDirectory(), "enjoin.json");
        return File.Exists(beside) ? Enjoin.Engine.Policy.Load(beside) : Enjoin.Engine.Policy.Default;
    }

    /// <summary>Reads --at: absent is null; a bad time is bad input (exit 2).</summary>
    public static DateTimeOffset? Time(ParseResult result, Option<string?> option, string field = "--at")
    {
        var text = result.GetValue(option);
        if (text is null) return null;
        return EventTime.TryParse(text, out var at)
            ? at
            : throw new InputRejectedException(new InputError("(command line)", 0, field, $"'{text}' is not an ISO-8601 time (e.g. 2022-12-28T15:00:00Z)"));
    }

    public void WriteJson<T>(T value) => stdout.WriteLine(JsonSerializer.Serialize(value, Common.Json.Indented));

    public static string ReadFile(string path)
    {
        if (!File.Exists(path)) throw new InputRejectedException(new InputError(path, 0, "(file)", "no such file"));
        return File.ReadAllText(path);
    }
}
