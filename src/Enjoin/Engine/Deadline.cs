namespace Enjoin.Engine;

public enum DeadlineKind { OrderService, OrderExpiry, StrikeExpiry, TakedownSla, CounterNoticeRestore }

/// <summary>Something that happens when event time passes Due.</summary>
public sealed record Deadline(long Id, DateTimeOffset Due, DeadlineKind Kind, string Subject);
