using Enjoin.Engine;

namespace Enjoin.Server;

/// <summary>How <c>enjoin serve</c> was started.</summary>
public sealed record ServerOptions
{
    public string? Db { get; init; }
    public string? Postgres { get; init; }
    public Policy Policy { get; init; } = Policy.Default;
    public string Urls { get; init; } = "http://127.0.0.1:5080";
    /// <summary>Load the demo scenario first if the database is empty, and create one account per role.</summary>
    public bool Demo { get; init; }
    /// <summary>Where actions are delivered (the webhook adapter); null keeps the policy's adapter.</summary>
    public Uri? WebhookUrl { get; init; }
    public string? WebhookSecret { get; init; }
    /// <summary>Run the wall-clock scheduler (tests drive time themselves).</summary>
    public bool Scheduler { get; init; } = true;
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>For running the server project directly: <c>--db</c>, <c>--postgres</c>, <c>--urls</c>, <c>--demo</c>.</summary>
    public static ServerOptions FromArgs(string[] args)
    {
        var options = new ServerOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--db" => options with { Db = Next() },
                "--postgres" => options with { Postgres = Next() },
                "--urls" => options with { Urls = Next() },
                "--demo" => options with { Demo = true },
                _ => options,
            };
        }
        return options;
    }
}
