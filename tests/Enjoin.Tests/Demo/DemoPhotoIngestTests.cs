using Enjoin.Actions;
using Enjoin.Demo;
using Enjoin.Screening.Images;

namespace Enjoin.Tests.Demo;

/// <summary>
/// Issue 8 part 3: the demo's counterfeits carry product photos as PNG files, hashed with PDQ at ingest, and its
/// relists reuse them (saved anew, or cropped, resized and brightened) under other titles: the near-duplicate
/// photo is what catches them (DESIGN §4.5), not their words.
/// </summary>
[Collection(DemoDatabaseCollection.Name)]
public sealed class DemoPhotoIngestTests(DemoDatabase demo)
{
    static IEnumerable<DemoPhotoFile> Photos => DemoScenario.Build().SelectMany(s => s.Photos);

    [Fact]
    public void Every_demo_photo_is_written_and_its_pdq_hash_is_what_ingest_stored()
    {
        var photos = Photos.ToList();
        Assert.True(photos.Count > 400, $"{photos.Count} photos");
        foreach (var photo in photos.Where((_, i) => i % 10 == 0))
        {
            var path = Path.Combine(demo.Photos, photo.File);
            Assert.True(File.Exists(path), path);
            var expected = PdqImage.HashFile(path);
            Assert.True(expected.IsUsable, $"{photo.File}: quality {expected.Quality}");
            var listing = demo.History.StoredListing(Path.GetFileNameWithoutExtension(photo.File));
            Assert.NotNull(listing);
            Assert.Equal([expected.Hash.ToString()], listing.Images);
        }
    }

    [Fact]
    public void Relists_that_reuse_a_photo_under_another_title_are_caught_by_the_photo()
    {
        var photoRelists = demo.Outcome.Cast.Relists.Where(r => r.Technique is "image_exact" or "image_near").ToList();
        Assert.Contains(photoRelists, r => r.Technique == "image_near");
        var takedowns = demo.History.Actions().Where(a => a.Kind == ActionKind.TakedownListing).ToLookup(a => a.Listing);
        var detected = demo.History.Ledger().Where(e => e.Kind == "relisting_detected")
            .Select(e => System.Text.Json.Nodes.JsonNode.Parse(e.Payload)!["data"]!)
            .Where(d => d["matched_listing"] is not null)
            .ToDictionary(d => (string)d["listing"]!, d => (Original: (string)d["matched_listing"]!, Distance: (int)d["distance"]!));
        foreach (var relist in photoRelists)
        {
            Assert.True(detected.TryGetValue(relist.Listing, out var found), $"{relist.Listing} ({relist.Technique}) not caught by its photo");
            Assert.InRange(found.Distance, 0, PdqHash.NearDuplicateDistance);
            if (relist.PhotoEdit == "cropped_resized_brightened") Assert.True(found.Distance > 0, $"{relist.Listing}: an edited photo hashes differently");
            Assert.NotEmpty(takedowns[relist.Listing]);
        }
        // An edited copy is caught even though its hash is not the original's.
        Assert.Contains(photoRelists, r => r.PhotoEdit == "cropped_resized_brightened" && detected[r.Listing].Distance > 0);
    }
}
