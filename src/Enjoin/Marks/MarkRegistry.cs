using System.Text.Json.Nodes;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Review;
using Enjoin.Screening;

namespace Enjoin.Marks;

/// <summary>
/// Marks in force and what reviewers taught the screening about them (DESIGN §4.5; issue 6): rights holders register
/// marks outside any order (screened for review, never taken down automatically — no order reaches the merchant);
/// reviewers allow honest phrases per mark; reviewer rejections count as the mark's false positives.
/// </summary>
public static class MarkRegistry
{
    /// <summary>One mark in force or registered, with its sources, allowed phrases and what review made of its hits.</summary>
    public sealed record MarkView(string Mark, string? Owner, IReadOnlyList<string> Orders, IReadOnlyList<string> Allowed,
        int Hits, int Accepted, int FalsePositives);

    public static RegisteredMark Register(EngineSession s, string mark, string owner, string? registration, DateTimeOffset at, string file = "marks")
    {
        InputRejectedException Reject(string field, string message) => new(new InputError(file, 1, field, message));
        mark = mark.Trim();
        if (MarkText.Normalize(mark).Length == 0) throw Reject("mark", "a mark needs letters or digits");
        if (string.IsNullOrWhiteSpace(owner)) throw Reject("owner", "required: the rights holder the mark belongs to");
        if (s.Store.RegisteredMarks().FirstOrDefault(m => MarkText.Normalize(m.Mark) == MarkText.Normalize(mark)) is { } existing)
        {
            // The same registration again changes nothing; someone else's mark is not taken over.
            if (existing.Owner == owner) return existing;
            throw Reject("mark", $"{existing.Mark} is registered by {existing.Owner}");
        }
        s.ReachTime(at);
        var registered = new RegisteredMark(mark, owner, registration, at);
        s.Store.InsertRegisteredMark(registered);
        s.RecordCause(at, "mark_registered", mark, new JsonObject { ["mark"] = mark, ["owner"] = owner, ["registration"] = registration });
        ScreeningHits.ScreenExisting(s, [mark], null, new HashSet<string>(StringComparer.Ordinal), at);
        return registered;
    }

    public static AllowedPhrase Allow(EngineSession s, string mark, string phrase, string reason, string by, DateTimeOffset at, string file = "marks")
    {
        InputRejectedException Reject(string field, string message) => new(new InputError(file, 1, field, message));
        if (string.IsNullOrWhiteSpace(reason)) throw Reject("reason", "allowing a phrase needs a reason (--reason TEXT)");
        var known = List(s).FirstOrDefault(m => MarkText.Normalize(m.Mark) == MarkText.Normalize(mark))
            ?? throw Reject("mark", $"{mark} is not a mark of an order in force nor a registered mark");
        phrase = phrase.Trim();
        if (MarkMatcher.Compile([known.Mark]).FirstMatch(phrase, null, null) is null)
            throw Reject("phrase", $"\"{phrase}\" does not contain {known.Mark}: there is nothing to allow");
        if (s.Store.AllowedPhrases().FirstOrDefault(p => MarkText.Normalize(p.Mark) == MarkText.Normalize(known.Mark) && p.Phrase == phrase) is { } same)
            return same;
        s.ReachTime(at);
        var allowed = new AllowedPhrase(known.Mark, phrase, by, reason, at);
        s.Store.InsertAllowedPhrase(allowed);
        s.Record(at, "mark_phrase_allowed", known.Mark, new JsonObject { ["mark"] = known.Mark, ["phrase"] = phrase, ["by"] = by, ["reason"] = reason });
        return allowed;
    }

    /// <summary>Every mark of an order in force or registered, in mark order.</summary>
    public static IReadOnlyList<MarkView> List(EngineSession s)
    {
        // One entry per mark whatever its spelling: keyed by the normalized form, shown as first spelled.
        var marks = new SortedDictionary<string, Entry>(StringComparer.Ordinal);
        Entry Of(string mark)
        {
            var key = MarkText.Normalize(mark);
            return marks.TryGetValue(key, out var entry) ? entry : marks[key] = new Entry(mark);
        }
        foreach (var order in s.Store.Orders().Where(o => o.InForce && o.IsInjunction))
            foreach (var mark in order.Marks) Of(mark).Orders.Add(order.Id);
        foreach (var registered in s.Store.RegisteredMarks()) Of(registered.Mark).Owner = registered.Owner;

        var allowed = MarkMatchers.AllowedByMark(s.Store);
        var hits = s.Store.ReviewItems().Where(i => i.Kind == ReviewKind.ScreeningHit && (string?)i.Evidence["mark"] is not null)
            .ToLookup(i => MarkText.Normalize((string)i.Evidence["mark"]!), StringComparer.Ordinal);
        return [.. marks.Select(kv => new MarkView(kv.Value.Mark, kv.Value.Owner, [.. kv.Value.Orders], allowed.GetValueOrDefault(kv.Key) ?? [],
            hits[kv.Key].Count(), hits[kv.Key].Count(i => i.Status == ReviewStatus.Accepted), hits[kv.Key].Count(i => i.Status == ReviewStatus.Rejected)))];
    }

    sealed class Entry(string mark)
    {
        public string Mark { get; } = mark;
        public string? Owner { get; set; }
        public SortedSet<string> Orders { get; } = new(StringComparer.Ordinal);
    }
}
