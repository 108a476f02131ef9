namespace Enjoin.Notices;

/// <summary>Business days: weekends and the policy's holidays do not count (§512(g)(2)(C): 10–14 business days).</summary>
public static class BusinessDays
{
    /// <summary>The time <paramref name="days"/> business days after <paramref name="from"/>, at the same time of day.</summary>
    public static DateTimeOffset Add(DateTimeOffset from, int days, IReadOnlySet<DateOnly> holidays)
    {
        var at = from;
        var counted = 0;
        while (counted < days)
        {
            at = at.AddDays(1);
            if (IsBusinessDay(DateOnly.FromDateTime(at.UtcDateTime), holidays)) counted++;
        }
        return at;
    }

    public static bool IsBusinessDay(DateOnly day, IReadOnlySet<DateOnly> holidays) =>
        day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !holidays.Contains(day);
}
