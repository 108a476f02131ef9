using System.Text.Json;
using Enjoin.Actions;
using Enjoin.Ledger;
using Enjoin.Merchants;
using Enjoin.Orders;
using Enjoin.Server.Apis;
using Enjoin.Server.Security;
using Enjoin.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Pages.Orders;

/// <summary>
/// One order (issue 7.2): its clauses (status, since, which modification struck them), its defendants and what was
/// done to each, and its ledger timeline. Another rights holder's order does not exist here (as <c>GET /api/v1/orders/{id}</c>).
/// </summary>
[Authorize(Policy = Policies.Read)]
public sealed class DetailModel(IAuthorizationService authorization) : UiPage
{
    public sealed record DefendantRow(Defendant Defendant, IReadOnlyList<(DefendantMerchant Link, Merchant? Merchant)> Merchants,
        int ListingsDown, int Relists, int Holds, int ActiveStrikes);

    [BindProperty(SupportsGet = true)] public string Id { get; set; } = "";
    [BindProperty(SupportsGet = true, Name = "imported")] public bool JustImported { get; set; }

    public Order Order { get; private set; } = null!;
    public IReadOnlyList<Clause> Clauses { get; private set; } = [];
    public IReadOnlyDictionary<string, string> StruckBy { get; private set; } = new Dictionary<string, string>();
    public IReadOnlyList<Order> Changes { get; private set; } = [];
    public IReadOnlyList<DefendantRow> Defendants { get; private set; } = [];
    public IReadOnlyList<LedgerEntry> Timeline { get; private set; } = [];
    public bool MayOpenMerchants { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        MayOpenMerchants = (await authorization.AuthorizeAsync(User, Policies.Knowledge)).Succeeded;
        var caller = Caller;
        var found = Host.Use(engine =>
        {
            if (engine.Read(s => s.GetOrder(Id)) is not { } order || !OrdersApi.Visible(engine, caller, order)) return false;
            Order = order;
            var chainIds = new HashSet<string>(StringComparer.Ordinal) { order.Id };
            engine.Read(s =>
            {
                for (var o = order; o.Supersedes is { } previous && chainIds.Add(previous) && s.GetOrder(previous) is { } next; o = next) { }
                Clauses = s.Clauses(order.Id);
                Changes = [.. s.Orders().Where(o => o.Modifies == order.Id).OrderBy(o => o.Served)];
                StruckBy = StruckClauses(Changes);
                var now = s.Clock ?? order.Served;
                Defendants = [.. s.Defendants(order.Id).Select(d =>
                {
                    var merchants = d.Merchants.Select(m => (m, s.GetMerchant(m.Merchant))).ToList();
                    var actions = d.Merchants.SelectMany(m => s.ActionsOfMerchant(m.Merchant))
                        .Where(a => a.Order is { } o && chainIds.Contains(o)).ToList();
                    var takedowns = actions.Where(a => a.Kind == ActionKind.TakedownListing && a.Status == ActionStatus.Confirmed).ToList();
                    return new DefendantRow(d, merchants, takedowns.Count, takedowns.Count(a => a.Basis.Reason == "relisting"),
                        merchants.Count(m => m.Item2?.Standing.PayoutsHeld == true),
                        d.Merchants.Sum(m => s.StrikesOf(m.Merchant).Count(x => x.ActiveAt(now))));
                })];
                Timeline = [.. Changes.Select(c => c.Id).Prepend(order.Id).SelectMany(id => s.LedgerOfSubject(id, 1, 200)).OrderBy(e => e.Seq)];
                return true;
            });
            return true;
        });
        return found ? Page() : NotFound();
    }

    /// <summary>Which modification struck each clause ref, read from the modifications as served.</summary>
    static Dictionary<string, string> StruckClauses(IEnumerable<Order> changes)
    {
        var struck = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            if (change.Document.Length == 0) continue;
            using var doc = JsonDocument.Parse(change.Document);
            if (doc.RootElement.TryGetProperty("strike_clauses", out var refs) && refs.ValueKind == JsonValueKind.Array)
                foreach (var r in refs.EnumerateArray())
                    if (r.GetString() is { } text) struck.TryAdd(text, change.Id);
        }
        return struck;
    }
}
