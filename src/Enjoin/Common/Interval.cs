namespace Enjoin.Common;

/// <summary>Half-open [Since, Until); Until is null while the fact holds.</summary>
public readonly record struct Interval(DateTimeOffset Since, DateTimeOffset? Until)
{
    public bool Contains(DateTimeOffset t) => t >= Since && (Until is null || t < Until);
}
