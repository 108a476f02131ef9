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
    /// <summary>
    /// The secret shared with the marketplace: signs delivered actions and, when set, is required on
    /// confirmations (<c>Enjoin-Signature</c>; forged, stale or replayed ones are refused).
    /// </summary>
    public string? WebhookSecret { get; init; }
    /// <summary>Retries, timeouts and polling of the webhook dispatcher.</summary>
    public WebhookDelivery Delivery { get; init; } = new();
    /// <summary>Run the wall-clock scheduler (tests drive time themselves).</summary>
    public bool Scheduler { get; init; } = true;
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>For running the server project directly: <c>--db</c>, <c>--postgres</c>, <c>--urls</c>, <c>--demo</c>, <c>--webhook</c>, <c>--webhook-secret-file</c> (or <c>ENJOIN_WEBHOOK_SECRET</c>).</summary>
    public static ServerOptions FromArgs(string[] args)
    {
        var options = new ServerOptions { WebhookSecret = NonEmpty(Environment.GetEnvironmentVariable(WebhookSecretVariable)) };
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            options = args[i] switch
            {
                "--db" => options with { Db = Next() },
                "--postgres" => options with { Postgres = Next() },
                "--urls" => options with { Urls = Next() },
                "--demo" => options with { Demo = true },
                "--webhook" => options with { WebhookUrl = new Uri(Next(), UriKind.Absolute) },
                "--webhook-secret-file" => options with { WebhookSecret = File.ReadAllText(Next()).Trim() },
                _ => options,
            };
        }
        return options;
    }

    /// <summary>The environment variable that may hold the webhook secret instead of a file.</summary>
    public const string WebhookSecretVariable = "ENJOIN_WEBHOOK_SECRET";

    static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>How the webhook dispatcher delivers: a retry budget with exponential backoff and jitter, a timeout per attempt.</summary>
public sealed record WebhookDelivery
{
    /// <summary>Attempts per action before it fails (the first one included).</summary>
    public int MaxAttempts { get; init; } = 6;
    /// <summary>The first retry's delay; each next one doubles, with jitter, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How often the outbox is looked at for actions to deliver.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Deliveries in flight at once (one per merchant at a time, oldest first).</summary>
    public int MaxConcurrency { get; init; } = 8;
}
