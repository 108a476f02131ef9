namespace Enjoin.Ledger;

/// <summary>One row of the append-only ledger (DESIGN §6.3).</summary>
public sealed record LedgerEntry(
    long Seq, DateTimeOffset At, DateTimeOffset RecordedAt, string Kind, string Actor, string Subject,
    string Payload, string Hash);
