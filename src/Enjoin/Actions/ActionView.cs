using Enjoin.Common;

namespace Enjoin.Actions;

/// <summary>An action as <c>enjoin actions --json</c> prints it (DESIGN §5.3).</summary>
public sealed record ActionView(long Id, ActionKind Kind, string Merchant, string? Listing, ActionStatus Status, Basis Basis,
    DateTimeOffset At, DateTimeOffset? ConfirmedAt)
{
    public static ActionView Of(EnforcementAction a) => new(a.Id, a.Kind, a.Merchant, a.Listing, a.Status, a.Basis, a.At, a.ConfirmedAt);
}
