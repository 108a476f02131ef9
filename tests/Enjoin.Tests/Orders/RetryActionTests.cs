using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Orders;

/// <summary>A person retries a failed action from the UI: the same instruction again, the failure kept on record.</summary>
public sealed class RetryActionTests
{
    static History Served(out ActionView takedown, out ActionView hold)
    {
        var h = History.Create(Policy.Default with { ActionAdapter = ActionAdapter.Outbox })
            .Merchant("M-1", "Plush Store")
            .Listing("L-1", "M-1", "SQUISHMALLOWS plush 8in", "2022-12-01T00:00:00Z")
            .Order(OrderJson.Tro("tro", "2022-12-02T15:00:00Z", [new Def(1, "Plush Store", "M-1")], "1(a)=cease_infringement", "1(b)=restrain_assets"));
        var actions = h.Engine.Actions();
        takedown = actions.Single(a => a.Kind == ActionKind.TakedownListing);
        hold = actions.Single(a => a.Kind == ActionKind.HoldPayouts);
        return h;
    }

    [Fact]
    public void A_failed_takedown_is_issued_again_and_the_failure_stays_on_record()
    {
        using var h = Served(out var takedown, out _);
        h.Engine.ConfirmAction(takedown.Id, History.T("2022-12-02T16:00:00Z"), failed: true, reason: "listing locked");

        var retry = h.Engine.RetryAction(takedown.Id, "reviewer");

        Assert.NotEqual(takedown.Id, retry.Id);
        Assert.Equal((ActionKind.TakedownListing, "M-1", "L-1", ActionStatus.Pending), (retry.Kind, retry.Merchant, retry.Listing, retry.Status));
        Assert.Equal(takedown.Basis.Order, retry.Basis.Order);
        Assert.Contains($"retry of action {takedown.Id}", retry.Basis.Reason, StringComparison.Ordinal);
        Assert.Equal(ActionStatus.Failed, h.Engine.Actions().Single(a => a.Id == takedown.Id).Status);
    }

    [Fact]
    public void Only_a_failed_action_is_retried()
    {
        using var h = Served(out var takedown, out _);
        var refused = Assert.Throws<InputRejectedException>(() => h.Engine.RetryAction(takedown.Id, "reviewer"));
        Assert.Contains("not failed", refused.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_action_whose_clause_was_struck_is_not_retried()
    {
        using var h = Served(out _, out var hold);
        h.Engine.ConfirmAction(hold.Id, History.T("2022-12-02T16:00:00Z"), failed: true, reason: "no payout account");
        h.Order(OrderJson.Modification("mod", "tro", "2022-12-05T15:00:00Z", strike: ["1(b)"]));

        var refused = Assert.Throws<InputRejectedException>(() => h.Engine.RetryAction(hold.Id, "reviewer"));
        Assert.Contains("struck", refused.Errors[0].Message, StringComparison.Ordinal);
    }
}
