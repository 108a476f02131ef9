using System.Text.Json;
using Enjoin.Common;

namespace Enjoin.Merchants;

/// <summary>A merchant line of <c>merchants ingest</c> (DESIGN §5.2).</summary>
public static class MerchantRecord
{
    public static (Merchant? Merchant, DateTimeOffset? At) Read(JsonElement json, RecordReader read)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            read.Error("(record)", "must be a JSON object");
            return (null, null);
        }
        var id = read.Id(json, "id");
        var merchant = new Merchant(
            id ?? "",
            read.String(json, "store_name"),
            read.String(json, "store_url"),
            read.String(json, "payout_account"),
            read.String(json, "email"),
            read.String(json, "phone"),
            read.String(json, "address"),
            read.Bool(json, "premium") ?? false);
        var at = read.Time(json, "at");
        return read.Ok ? (merchant, at) : (null, null);
    }

    public static System.Text.Json.Nodes.JsonNode ToJson(Merchant m, DateTimeOffset at) => JsonSerializer.SerializeToNode(new
    {
        id = m.Id, store_name = m.StoreName, store_url = m.StoreUrl, payout_account = m.PayoutAccount,
        email = m.Email, phone = m.Phone, address = m.Address, premium = m.Premium, at = EventTime.Format(at),
    })!;
}
