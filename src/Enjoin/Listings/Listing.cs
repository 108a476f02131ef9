namespace Enjoin.Listings;

public enum ListingStatus { Active, Inactive, Removed }

/// <summary>A marketplace listing (DESIGN §3). Images are PDQ hashes, 64 lowercase hex digits.</summary>
public sealed record Listing(
    string Id, string Merchant, string? Title, string? Description, string? Brand,
    IReadOnlyList<string> Images, decimal? Price, string? Currency, ListingStatus Status)
{
    public bool SameContent(Listing other) =>
        Id == other.Id && Merchant == other.Merchant && Title == other.Title &&
        Description == other.Description && Brand == other.Brand && Price == other.Price &&
        Currency == other.Currency && Status == other.Status && Images.SequenceEqual(other.Images);

    /// <summary>What screening reads changed: the words or the pictures.</summary>
    public bool SameScreenedContent(Listing other) =>
        Title == other.Title && Description == other.Description && Brand == other.Brand &&
        Images.SequenceEqual(other.Images);
}
