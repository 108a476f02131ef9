using System.Text.Json.Serialization;
using Enjoin.Orders;

namespace Enjoin.Common;

/// <summary>
/// What a knowledge fact, action or gate reason rests on: the order (case, kind, clause ref),
/// the notice, the strikes, or the reviewer's decision. Only the parts that apply are written.
/// </summary>
public sealed record Basis
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Order { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Case { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public OrderKind? Kind { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Clause { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Defendant { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Modification { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Notice { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<long>? Strikes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? Review { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Action { get; init; }
    /// <summary>Why, in a word or a sentence: "relisting", "superseded", "defendant dismissed", a reviewer's reason.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Reason { get; init; }

    public static Basis OfClause(Order order, Clause clause) =>
        new() { Order = order.Id, Case = order.Case, Kind = order.Kind, Clause = clause.Ref };

    public static Basis OfOrder(Order order) => new() { Order = order.Id, Case = order.Case, Kind = order.Kind };

    /// <summary>Short human form, for tables and CSV.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Case is not null) parts.Add(Case);
        else if (Order is not null) parts.Add(Order);
        if (Kind is not null) parts.Add(Words<OrderKind>.Of(Kind.Value));
        if (Clause is not null) parts.Add($"§{Clause}");
        if (Defendant is not null) parts.Add($"defendant {Defendant}");
        if (Modification is not null) parts.Add($"by {Modification}");
        if (Notice is not null) parts.Add($"notice {Notice}");
        if (Strikes is not null) parts.Add($"strikes {string.Join(',', Strikes)}");
        if (Review is not null) parts.Add($"review {Review}");
        if (Reason is not null) parts.Add(Reason);
        return string.Join(" ", parts);
    }
}
