using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Listings;

namespace Enjoin.Screening.Images;

/// <summary>One image of a listing taken down for infringement.</summary>
public readonly record struct TakenDownImage(string Listing, string Merchant, int Image);

/// <summary>
/// The images of every listing taken down for infringement (a <c>listing_noticed</c> fact: by notice or by order),
/// searched for near-duplicates of new listings' images (DESIGN §4.5). It follows the knowledge table: each
/// <see cref="Refresh"/> adds the listings whose fact opened since the last one, so it is built once per engine and
/// then only added to. A hit is only a candidate until <see cref="StillTakenDown"/> confirms it against the store
/// (a listing restored after a counter-notice no longer counts; a takedown rolled back never did).
/// </summary>
public sealed class TakenDownImages
{
    readonly INearDuplicateIndex<TakenDownImage> _index = NearDuplicateIndex.Create<TakenDownImage>();
    readonly HashSet<string> _listings = new(StringComparer.Ordinal);
    readonly List<NearDuplicate<TakenDownImage>> _found = [];
    long _lastFact;

    public int Count => _index.Count;

    /// <summary>Adds the listings taken down since the last refresh.</summary>
    public void Refresh(IStoreTransaction store)
    {
        while (store.FactsAfter(_lastFact, KnowledgeCode.ListingNoticed, 5000) is { Count: > 0 } facts)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var fact in facts)
                if (fact.Listing is { } id && !_listings.Contains(id)) ids.Add(id);
            foreach (var listing in store.GetListings(ids).Values) Add(listing);
            _lastFact = facts[^1].Id;
        }
    }

    /// <summary>Adds a listing just taken down (its images), once.</summary>
    public void Add(Listing listing)
    {
        if (!_listings.Add(listing.Id)) return;
        for (var i = 0; i < listing.Images.Count; i++)
            if (PdqHash.TryParse(listing.Images[i], out var hash)) _index.Add(hash, new TakenDownImage(listing.Id, listing.Merchant, i));
    }

    /// <summary>
    /// The nearest image within the radius of any of the listing's images that belongs to another listing and
    /// <paramref name="counts"/> (asked in order of distance, only of candidates), or null.
    /// </summary>
    public (int Image, NearDuplicate<TakenDownImage> Match)? Nearest(Listing listing, Func<TakenDownImage, bool> counts)
    {
        (int, NearDuplicate<TakenDownImage>)? best = null;
        for (var i = 0; i < listing.Images.Count; i++)
        {
            if (!PdqHash.TryParse(listing.Images[i], out var hash)) continue;
            _index.Search(hash, NearDuplicateIndex.Radius, _found);
            foreach (var found in _found)
            {
                if (best is { } b && found.Distance >= b.Item2.Distance) break;
                if (found.Payload.Listing == listing.Id || !counts(found.Payload)) continue;
                best = (i, found);
                break;
            }
        }
        return best;
    }

    /// <summary>Whether the listing is still down for infringement: its listing_noticed fact is open.</summary>
    public static bool StillTakenDown(IStoreTransaction store, string listing, DateTimeOffset at) =>
        store.FactsOfListing(listing).Any(f => f.Code == KnowledgeCode.ListingNoticed && f.Interval.Contains(at));
}
