using Enjoin.Accounts;
using Enjoin.Common;
using Enjoin.Listings;
using Enjoin.Merchants;
using Enjoin.Review;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Review;

/// <summary>
/// The review queue (issue 7.4): open items filtered by kind, one shown with its evidence, accept or reject with a
/// reason; after a decision the next open item of the same filter is shown at once. Storefront shut-downs are legal's
/// (as <c>POST /api/v1/review/{id}/decision</c>).
/// </summary>
[Authorize(Policy = Policies.Review)]
public sealed class IndexModel : UiPage
{
    [BindProperty(SupportsGet = true, Name = "kind")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "id")] public long? Id { get; set; }
    /// <summary>The item just decided, to confirm it above the next one.</summary>
    [BindProperty(SupportsGet = true, Name = "done")] public long? Done { get; set; }
    [BindProperty(SupportsGet = true, Name = "outcome")] public string? Outcome { get; set; }

    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Decision { get; set; }
    [BindProperty] public string? Merchant { get; set; }

    public IReadOnlyList<ReviewItem> Queue { get; private set; } = [];
    public IReadOnlyDictionary<ReviewKind, int> Counts { get; private set; } = new Dictionary<ReviewKind, int>();
    public ReviewItem? Item { get; private set; }
    public Listing? Listing { get; private set; }
    public Listing? MatchedListing { get; private set; }
    public Merchant? ItemMerchant { get; private set; }
    public Merchant? OtherMerchant { get; private set; }
    public ReviewKind? Filter { get; private set; }
    public bool MayDecide => Item is not null && (Item.Kind != ReviewKind.DisableStorefront || Caller.Role is Role.Legal or Role.Admin);

    public IActionResult OnGet() => Load() ? Page() : NotFound();

    public IActionResult OnPost()
    {
        var caller = Caller;
        if (!Load() || Item is null) return NotFound();
        if (Item.Status != ReviewStatus.Open)
        {
            Errors.Add(new InputError("review", 0, "id", $"review item {Item.Id} is {Words<ReviewStatus>.Of(Item.Status)}, not open"));
            return Page();
        }
        if (!MayDecide) return Forbid();
        bool? accept = Decision switch { "accept" => true, "reject" => false, _ => null };
        if (accept is null) Errors.Add(new InputError("review", 0, "decision", "choose accept or reject"));
        if (string.IsNullOrWhiteSpace(Reason)) Errors.Add(new InputError("review", 0, "reason", "a decision needs a reason"));
        if (Errors.Count > 0) return Page();
        try
        {
            var decided = Host.Use(engine => engine.Decide(new ReviewDecision(Item.Id, accept!.Value, Reason!.Trim(), caller.Name,
                string.IsNullOrWhiteSpace(Merchant) ? null : Merchant.Trim())));
            return Redirect($"/review?{(Filter is { } f ? $"kind={Words<ReviewKind>.Of(f)}&" : "")}done={decided.Id}&outcome={Words<ReviewStatus>.Of(decided.Status)}");
        }
        catch (InputRejectedException e)
        {
            Errors.AddRange(e.Errors);
            return Page();
        }
    }

    /// <summary>False when the kind is unknown or the named item does not exist.</summary>
    bool Load()
    {
        if (Kind is { Length: > 0 })
        {
            if (!Words<ReviewKind>.TryParse(Kind, out var kind)) return false;
            Filter = kind;
        }
        return Host.Use(engine => engine.Read(store =>
        {
            var open = store.ReviewItems(ReviewStatus.Open);
            Counts = open.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.Count());
            Queue = [.. open.Where(i => Filter is not { } k || i.Kind == k).OrderBy(i => i.Created).ThenBy(i => i.Id)];
            Item = Id is { } id ? store.GetReviewItem(id) : Queue.Count > 0 ? Queue[0] : null;
            if (Id is not null && Item is null) return false;
            if (Item is null) return true;
            if (Item.Listing is { } l) Listing = store.GetListing(l);
            if (Item.Merchant is { } m) ItemMerchant = store.GetMerchant(m);
            if ((string?)Item.Evidence["matched_listing"] is { } ml) MatchedListing = store.GetListing(ml);
            var other = (string?)Item.Evidence["defendant_merchant"] ?? (string?)Item.Evidence["terminated_merchant"];
            if (other is not null) OtherMerchant = store.GetMerchant(other);
            return true;
        }));
    }

    public string Href(ReviewItem item) => $"/review?{(Filter is { } f ? $"kind={Words<ReviewKind>.Of(f)}&" : "")}id={item.Id}";

    /// <summary>The text of the listing field the screening hit was found in.</summary>
    public string? FieldText => (string?)Item?.Evidence["field"] switch
    {
        "title" => Listing?.Title,
        "description" => Listing?.Description,
        "brand" => Listing?.Brand,
        _ => null,
    };
}
