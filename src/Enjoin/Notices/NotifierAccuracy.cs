using System.Text.Json.Nodes;
using Enjoin.Engine;

namespace Enjoin.Notices;

/// <summary>
/// Notifier accuracy (DSA Art. 23(2)): a notifier whose notices are manifestly unfounded — too few
/// of its listings accepted, or too many restored on counter-notice — is warned once, on the
/// record, and its notices lose priority. It is never silently capped (BMG v. Cox).
/// </summary>
public static class NotifierAccuracy
{
    public static void Count(EngineSession s, Notice notice, int accepted, int rejected, DateTimeOffset at)
    {
        var current = s.Store.GetNotifier(notice.NotifierKey) ?? Notifier.New(notice.NotifierKey, notice.NotifierName, notice.Role);
        Judge(s, current with
        {
            Name = notice.NotifierName, Role = notice.Role, Notices = current.Notices + 1,
            ListingsAccepted = current.ListingsAccepted + accepted, ListingsRejected = current.ListingsRejected + rejected,
        }, at);
    }

    public static void Update(EngineSession s, string email, Func<Notifier, Notifier> change, DateTimeOffset at)
    {
        if (s.Store.GetNotifier(email) is { } current) Judge(s, change(current), at);
    }

    static void Judge(EngineSession s, Notifier notifier, DateTimeOffset at)
    {
        if (notifier.WarnedAt is null && notifier.Notices >= s.Policy.NotifierMinNotices)
        {
            string? warning = null;
            if (notifier.AcceptedRate < s.Policy.NotifierMinAcceptedRate)
                warning = $"only {notifier.AcceptedRate:P0} of the listings named were accepted (policy: at least {s.Policy.NotifierMinAcceptedRate:P0})";
            else if (notifier.RestoredRate > s.Policy.NotifierMaxRestoredRate)
                warning = $"{notifier.RestoredRate:P0} of the listings taken down were restored on counter-notice (policy: at most {s.Policy.NotifierMaxRestoredRate:P0})";
            if (warning is not null)
            {
                notifier = notifier with { WarnedAt = at, Warning = warning };
                s.Record(at, "notifier_warned", notifier.Email, new JsonObject
                {
                    ["notifier"] = notifier.Email, ["name"] = notifier.Name, ["warning"] = warning,
                    ["consequence"] = "notices from this notifier lose priority until the record improves and the warning is lifted",
                });
            }
        }
        s.Store.UpsertNotifier(notifier);
    }
}
