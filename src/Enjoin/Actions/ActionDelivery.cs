namespace Enjoin.Actions;

/// <summary>
/// Where the webhook adapter stands with one action: created when the action is first sent, updated on
/// every attempt. Kept in the database (table <c>action_deliveries</c>) so a restarted server resumes
/// every delivery that was not answered.
/// </summary>
/// <param name="Action">The action's id, which is also the Idempotency-Key of every attempt.</param>
/// <param name="Destination">Where it is delivered (scheme, host and path of the webhook URL).</param>
/// <param name="Attempts">Attempts made so far.</param>
/// <param name="SentAt">When the action became <c>sent</c>.</param>
/// <param name="LastAttemptAt">When the last attempt was answered (or gave up).</param>
/// <param name="LastStatus">The HTTP status of the last attempt; null when there was no answer.</param>
/// <param name="LastError">What went wrong on the last attempt; null when it succeeded.</param>
/// <param name="NextAttemptAt">When the next attempt is due; null when none is (answered, or given up).</param>
/// <param name="AnsweredAt">When the marketplace answered for good (accepted, confirmed or refused); null while unanswered.</param>
public sealed record ActionDelivery(
    long Action, string Destination, int Attempts, DateTimeOffset SentAt, DateTimeOffset? LastAttemptAt,
    int? LastStatus, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset? AnsweredAt)
{
    /// <summary>Sent, but no answer yet: it is (re)delivered, with the same Idempotency-Key.</summary>
    public bool Unanswered => AnsweredAt is null;
}

/// <summary>An open action the dispatcher should deliver, with its delivery state (null before the first send).</summary>
public sealed record PendingDelivery(EnforcementAction Action, ActionDelivery? Delivery);

/// <summary>What one delivery attempt came to.</summary>
public enum DeliveryOutcome
{
    /// <summary>2xx with <c>{"status":"confirmed"}</c>: the marketplace did it; the action is confirmed.</summary>
    Confirmed,
    /// <summary>2xx otherwise: received; the action stays <c>sent</c> until the marketplace confirms it.</summary>
    Accepted,
    /// <summary>5xx, 408, 429, a timeout or a connection error: tried again later.</summary>
    Retry,
    /// <summary>Refused (4xx), or out of attempts: the action fails, with the reason.</summary>
    Failed,
}

/// <summary>One attempt to deliver an action: when, the HTTP status (null when nothing answered), the outcome, what went wrong, and when to try next.</summary>
public sealed record DeliveryAttempt(DateTimeOffset At, int? HttpStatus, DeliveryOutcome Outcome, string? Error, DateTimeOffset? NextAttemptAt = null);

/// <summary>An action's delivery as <c>GET /api/v1/actions/{id}/delivery</c> shows it.</summary>
public sealed record ActionDeliveryView(
    long Action, ActionStatus Status, string? Destination, int Attempts, DateTimeOffset? SentAt, DateTimeOffset? LastAttemptAt,
    int? LastStatus, string? LastError, DateTimeOffset? NextAttemptAt, DateTimeOffset? AnsweredAt, DateTimeOffset? ConfirmedAt)
{
    public static ActionDeliveryView Of(EnforcementAction action, ActionDelivery? d) =>
        new(action.Id, action.Status, d?.Destination, d?.Attempts ?? 0, d?.SentAt, d?.LastAttemptAt, d?.LastStatus, d?.LastError,
            d?.NextAttemptAt, d?.AnsweredAt, action.ConfirmedAt);
}

/// <summary>A signed confirmation, applied or refused (replayed signature).</summary>
public sealed record ConfirmationOutcome(ActionView? Action, string? Refused);
