using Enjoin.Common;
using Enjoin.Engine;

namespace Enjoin.Merchants;

/// <summary><c>merchants ingest</c>: new and changed merchant profiles; the same profile again changes nothing.</summary>
public static class MerchantIngest
{
    public static bool Apply(EngineSession s, Merchant merchant, DateTimeOffset at)
    {
        s.ReachTime(at);
        var existing = s.Store.GetMerchant(merchant.Id);
        if (existing is not null && existing.SameProfile(merchant)) return false;
        s.Store.UpsertMerchant(merchant);
        s.RecordInBatch("merchants_ingested", Json.Canonical(MerchantRecord.ToJson(merchant, at)), at);
        if (existing is null || existing.PayoutAccount != merchant.PayoutAccount || existing.Email != merchant.Email || existing.Phone != merchant.Phone)
            LinkedAccounts.OfProfile(s, merchant, at);
        return true;
    }
}
