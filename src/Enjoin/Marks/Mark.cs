namespace Enjoin.Marks;

/// <summary>A mark a rights holder registered with the platform outside any order (DESIGN §2, §3).</summary>
public sealed record RegisteredMark(string Mark, string Owner, string? Registration, DateTimeOffset At);

/// <summary>A phrase a reviewer allowed for a mark: a hit of the mark inside it is honest use (DESIGN §4.5).</summary>
public sealed record AllowedPhrase(string Mark, string Phrase, string By, string Reason, DateTimeOffset At);
