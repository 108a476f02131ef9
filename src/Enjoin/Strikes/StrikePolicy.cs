using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Merchants;

namespace Enjoin.Strikes;

/// <summary>The repeat-infringer policy (DESIGN §4.2.3): strikes expire after the window; at the threshold the account ends.</summary>
public static class StrikePolicy
{
    const string RepeatInfringerKey = "policy";

    public static Strike Strike(EngineSession s, string merchant, StrikeSource source, string sourceId, DateTimeOffset at)
    {
        var strike = new Strike(0, merchant, source, sourceId, at, at + s.Policy.StrikeWindow, null);
        strike = strike with { Id = s.Store.InsertStrike(strike) };
        s.RecordCause(at, "strike_issued", merchant, new JsonObject
        {
            ["strike"] = strike.Id, ["source"] = Words<StrikeSource>.Of(source), ["source_id"] = sourceId,
            ["expires"] = EventTime.Format(strike.Expires),
        });
        s.Schedule(DeadlineKind.StrikeExpiry, merchant, strike.Expires);
        if (!IsSettled(s, merchant)) Recount(s, merchant, at, newStrike: true);
        return strike;
    }

    /// <summary>
    /// Whether another strike can change nothing: the merchant is past the threshold already (the fact
    /// is open; every expiry due has been counted) and its account already ended as the policy ends it.
    /// Most strikes on a busy day land on such merchants, and then their strikes need not be read.
    /// </summary>
    public static bool IsSettled(EngineSession s, string merchant) =>
        s.Store.OpenFact(RepeatInfringerFact(merchant)) is not null && AccountEnded(s, merchant);

    /// <summary>Whether a strike now could end the account under the policy, and so ask for its linked accounts.</summary>
    public static bool MayTerminate(EngineSession s, string merchant) =>
        s.Policy.RepeatInfringerAction == RepeatInfringerAction.Terminate && !AccountEnded(s, merchant);

    /// <summary>Whether the account is already as the policy's repeat-infringer action leaves it: terminated, or (suspend) not active.</summary>
    static bool AccountEnded(EngineSession s, string merchant)
    {
        var account = s.Store.GetMerchant(merchant)?.Standing.Account;
        return s.Policy.RepeatInfringerAction == RepeatInfringerAction.Suspend ? account != AccountStatus.Active : account == AccountStatus.Terminated;
    }

    static FactKey RepeatInfringerFact(string merchant) => new(KnowledgeCode.RepeatInfringer, merchant, null, RepeatInfringerKey);

    /// <summary>
    /// Reinstatement is a reviewer's decision with a reason on the record; the strikes stay, so the
    /// next one past the threshold ends the account again.
    /// </summary>
    public static void Reinstate(EngineSession s, string merchant, string reason, string by, DateTimeOffset at)
    {
        InputRejectedException Reject(string field, string message) => new(new InputError("reinstate", 0, field, message));
        if (string.IsNullOrWhiteSpace(reason)) throw Reject("reason", "a reinstatement needs a reason (--reason TEXT)");
        var profile = s.Store.GetMerchant(merchant) ?? throw Reject("merchant", $"unknown merchant {merchant}");
        if (profile.Standing.Account == AccountStatus.Active) throw Reject("merchant", $"merchant {merchant} is not suspended or terminated");
        s.ReachTime(at);
        s.Store.SetStanding(merchant, profile.Standing with { Account = AccountStatus.Active });
        s.Record(at, "merchant_reinstated", merchant, new JsonObject
        {
            ["merchant"] = merchant, ["was"] = Words<AccountStatus>.Of(profile.Standing.Account), ["by"] = by, ["reason"] = reason,
        });
        s.CloseFact(KnowledgeCode.Terminated, merchant, null, null, at, $"reinstated by {by}: {reason}");
    }

    /// <summary>
    /// Compares the merchant's active strikes with the threshold and acts on the result. Only a new
    /// strike ends an account: an expiry or a withdrawal leaving a reinstated merchant at the threshold
    /// must not undo the reviewer's reinstatement.
    /// </summary>
    public static void Recount(EngineSession s, string merchant, DateTimeOffset at, bool newStrike = false)
    {
        var active = s.Store.StrikesOf(merchant).Where(x => x.ActiveAt(at)).Select(x => x.Id).ToList();
        if (active.Count < s.Policy.StrikeThreshold)
        {
            // A notice dated before the strikes that reached the threshold (trusted flaggers' go first) says
            // nothing of the time they reached it: an interval does not end before it begins.
            if (s.Store.OpenFact(RepeatInfringerFact(merchant)) is { } open && open.Since > at) return;
            s.CloseFact(KnowledgeCode.RepeatInfringer, merchant, null, RepeatInfringerKey, at, $"{active.Count} active strikes, below {s.Policy.StrikeThreshold}");
            return;
        }
        var basis = new Basis { Strikes = active, Reason = $"{active.Count} active strikes (threshold {s.Policy.StrikeThreshold})" };
        s.OpenFact(KnowledgeCode.RepeatInfringer, merchant, null, basis, RepeatInfringerKey, at);
        if (!newStrike || AccountEnded(s, merchant)) return;
        if (s.Policy.RepeatInfringerAction == RepeatInfringerAction.Suspend) s.Issue(ActionKind.SuspendAccount, merchant, null, basis, at);
        else Terminate(s, merchant, basis, at);
    }

    /// <summary>Ends an account under the policy; its linked accounts become questions for a reviewer.</summary>
    public static void Terminate(EngineSession s, string merchant, Basis basis, DateTimeOffset at)
    {
        s.Issue(ActionKind.TerminateAccount, merchant, null, basis, at);
        s.OpenFact(KnowledgeCode.Terminated, merchant, null, basis, null, at);
        LinkedAccounts.OfTerminated(s, merchant, at);
    }
}
