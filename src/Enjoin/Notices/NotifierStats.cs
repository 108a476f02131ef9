namespace Enjoin.Notices;

/// <summary>
/// A notifier's running record and what Enjoin has told it. Its accuracy is judged from these
/// counts (DSA Art. 23(2); Project Zero's 90 % accepted; good-faith programmes' 5 % restored).
/// </summary>
public sealed record Notifier(string Email, string Name, NotifierRole Role, long Notices, long ListingsAccepted,
    long ListingsRejected, long CounterNoticed, long Restored, DateTimeOffset? WarnedAt, string? Warning)
{
    public double AcceptedRate => ListingsAccepted + ListingsRejected == 0 ? 1 : ListingsAccepted / (double)(ListingsAccepted + ListingsRejected);
    public double RestoredRate => ListingsAccepted == 0 ? 0 : Restored / (double)ListingsAccepted;

    /// <summary>Trusted flaggers go first (DSA Art. 22) until warned for unfounded notices.</summary>
    public bool HasPriority => Role == NotifierRole.TrustedFlagger && WarnedAt is null;

    public static Notifier New(string email, string name, NotifierRole role) => new(email, name, role, 0, 0, 0, 0, 0, null, null);
}
