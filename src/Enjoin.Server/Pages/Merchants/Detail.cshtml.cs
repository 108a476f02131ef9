using Enjoin.Actions;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Merchants;
using Enjoin.Review;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Enjoin.Strikes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Merchants;

/// <summary>
/// One merchant (issue 7.3): its knowledge timeline (intervals per code, drawn on the server), listings, strikes,
/// actions, review items, and the gate's answer per surface now and at a chosen time — the engine's own answers.
/// </summary>
[Authorize(Policy = Policies.Knowledge)]
public sealed class DetailModel(IAuthorizationService authorization) : UiPage
{
    public const int ListingsShown = 200;

    [BindProperty(SupportsGet = true)] public string? Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "at")] public string? AtText { get; set; }

    public Merchant Merchant { get; private set; } = null!;
    public DateTimeOffset Clock { get; private set; }
    public DateTimeOffset? At { get; private set; }
    public KnowledgeView Knowledge { get; private set; } = null!;
    public IReadOnlyList<Listing> Listings { get; private set; } = [];
    public int ListingCount { get; private set; }
    public IReadOnlyList<Strike> Strikes { get; private set; } = [];
    public IReadOnlyList<EnforcementAction> Actions { get; private set; } = [];
    public IReadOnlyList<ReviewItem> Reviews { get; private set; } = [];
    public IReadOnlyList<(Surface Surface, GateDecision Now, GateDecision? At)> Gate { get; private set; } = [];
    public IReadOnlyList<(string Order, int No)> DefendantOf { get; private set; } = [];

    /// <summary>Review items (and their reasons) are the review queue's, shown only to those who work it (as the API).</summary>
    public bool MayReview { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (string.IsNullOrWhiteSpace(Id)) return Redirect("/");
        MayReview = (await authorization.AuthorizeAsync(User, Policies.Review)).Succeeded;
        var id = Id.Trim();
        At = TimeOf(AtText, "at");
        var found = Host.Use(engine =>
        {
            if (engine.Read(s => s.GetMerchant(id)) is not { } merchant) return false;
            Merchant = merchant;
            Clock = engine.Clock;
            Knowledge = engine.Knowledge(id);
            Gate = [.. Enum.GetValues<Surface>().Select(surface =>
                (surface, engine.CheckGate(surface, id, null), At is { } t ? engine.CheckGate(surface, id, null, t) : null))];
            engine.Read(s =>
            {
                var listings = s.ListingsOfMerchant(id);
                ListingCount = listings.Count;
                Listings = [.. listings.OrderBy(l => l.Status).ThenBy(l => l.Id, StringComparer.Ordinal).Take(ListingsShown)];
                Strikes = s.StrikesOf(id);
                Actions = [.. s.ActionsOfMerchant(id).OrderByDescending(a => a.At).ThenByDescending(a => a.Id)];
                Reviews = MayReview ? s.ReviewItemsOfMerchant(id) : [];
                DefendantOf = s.DefendantsOfMerchant(id);
                return true;
            });
            return true;
        });
        return found ? Page() : NotFound();
    }
}
