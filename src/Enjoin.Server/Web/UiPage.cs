using Enjoin.Common;
using Enjoin.Server.Hosting;
using Enjoin.Server.Security;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Enjoin.Server.Web;

/// <summary>What every page has at hand: who asks, the engine, and input errors to show beside their fields.</summary>
public abstract class UiPage : PageModel
{
    public Caller Caller => Caller.Of(User);

    public EngineHost Host => HttpContext.RequestServices.GetRequiredService<EngineHost>();

    /// <summary>The wall clock of the server (tests fix it), for a person's input that carries no time of its own.</summary>
    public DateTimeOffset WallNow => EventTime.Normalize(HttpContext.RequestServices.GetRequiredService<ServerOptions>().Clock.GetUtcNow());

    /// <summary>The engine's input errors, keyed by field path, for the page to show beside each field.</summary>
    public List<InputError> Errors { get; } = [];

    public IEnumerable<InputError> ErrorsOf(string field) => Errors.Where(e => About(e, field));

    /// <summary>Errors not shown beside any of the page's fields.</summary>
    public IEnumerable<InputError> OtherErrors(params string[] fields) => Errors.Where(e => !fields.Any(f => About(e, f)));

    /// <summary>The error is about the field itself or a part of it (<c>notifier.email</c>, <c>listings[2]</c>).</summary>
    static bool About(InputError error, string field) =>
        error.Field == field || error.Field.StartsWith(field + ".", StringComparison.Ordinal) || error.Field.StartsWith(field + "[", StringComparison.Ordinal);

    /// <summary>Reads an optional time the person typed: ISO-8601, or a datetime-local value taken as UTC.</summary>
    public DateTimeOffset? TimeOf(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateTimeOffset.TryParse(text.Trim(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var t))
            return EventTime.Normalize(t);
        Errors.Add(new InputError("form", 0, field, $"'{text}' is not a time (ISO-8601, e.g. 2024-02-01T12:00:00Z)"));
        return null;
    }
}
