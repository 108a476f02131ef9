namespace Enjoin.Screening;

/// <summary>Which field of a listing a match was found in.</summary>
public enum ListingField
{
    Title,
    Description,
    Brand,
}
