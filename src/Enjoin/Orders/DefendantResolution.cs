using Enjoin.Merchants;

namespace Enjoin.Orders;

/// <summary>What resolving one Schedule A row found.</summary>
public sealed record Resolution(string? Merchant, ResolutionMethod? Method, IReadOnlyList<string> Candidates, string Explanation)
{
    public bool Resolved => Merchant is not null;
}

/// <summary>
/// DESIGN §4.1.1: exact seller_id; else normalized store URL; else folded store name. Several
/// candidates or none leave the defendant unresolved for a reviewer; a guess is never made.
/// </summary>
public static class DefendantResolution
{
    public static Resolution Resolve(DefendantRow row, Func<string, bool> sellerExists,
        Func<string, IReadOnlyList<string>> byUrlKey, Func<string, IReadOnlyList<string>> byNameKey)
    {
        if (row.SellerId is { } sellerId && sellerExists(sellerId))
            return new Resolution(sellerId, ResolutionMethod.SellerId, [sellerId], $"seller_id {sellerId}");

        var byUrl = StoreIdentity.UrlKey(row.StoreUrl) is { } urlKey ? byUrlKey(urlKey) : [];
        var byName = StoreIdentity.NameKey(row.Name) is { } nameKey ? byNameKey(nameKey) : [];

        if (byUrl.Count == 1)
            return new Resolution(byUrl[0], ResolutionMethod.StoreUrl, byUrl, $"store_url {row.StoreUrl}");
        if (byUrl.Count > 1)
        {
            // Several stores at one URL: the name may still single one out.
            var both = byUrl.Intersect(byName, StringComparer.Ordinal).ToList();
            return both.Count == 1
                ? new Resolution(both[0], ResolutionMethod.StoreUrl, byUrl, $"store_url {row.StoreUrl} and store name {row.Name}")
                : new Resolution(null, null, byUrl, $"{byUrl.Count} merchants match store_url {row.StoreUrl}");
        }
        if (byName.Count == 1)
            return new Resolution(byName[0], ResolutionMethod.StoreName, byName, $"store name {row.Name}");
        if (byName.Count > 1)
            return new Resolution(null, null, byName, $"{byName.Count} merchants match store name {row.Name}");

        var tried = new List<string>();
        if (row.SellerId is not null) tried.Add($"seller_id {row.SellerId}");
        if (row.StoreUrl is not null) tried.Add($"store_url {row.StoreUrl}");
        if (row.Name is not null) tried.Add($"store name {row.Name}");
        return new Resolution(null, null, [], $"no merchant matches {string.Join(", ", tried)}");
    }
}
