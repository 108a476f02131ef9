using System.Text.Json;

namespace Enjoin.Tests.CommandLine;

/// <summary>Runs <c>enjoin</c> in-process against a temp SQLite database (or PostgreSQL), capturing its streams.</summary>
public sealed class CliRun : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("enjoin-cli-").FullName;

    public string Db => Path.Combine(_dir, "enjoin.db");

    public string File(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    public string File(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    public (int Exit, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = Enjoin.Cli.Cli.Run([.. args, "--db", Db], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public JsonElement Json(params string[] args)
    {
        var (exit, output, error) = Run([.. args, "--json"]);
        Assert.True(exit == 0, $"exit {exit}: {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    public static void HasKeys(JsonElement obj, params string[] keys)
    {
        Assert.Equal(JsonValueKind.Object, obj.ValueKind);
        foreach (var key in keys) Assert.True(obj.TryGetProperty(key, out _), $"missing key \"{key}\" in {obj}");
    }

    public const string Merchants = """
        {"id":"M-1001","store_name":"19885566 Store","store_url":"https://shop.example/store/19885566","payout_account":"P-1","email":"a@x.example","phone":"1","premium":true,"at":"2022-11-01T00:00:00Z"}
        {"id":"M-1002","store_name":"Happy Toy World","store_url":"https://shop.example/store/happy","payout_account":"P-2","email":"b@x.example","phone":"2","at":"2022-11-01T00:00:00Z"}
        {"id":"M-1003","store_name":"Alias Shop","store_url":"https://shop.example/store/alias","payout_account":"P-1","email":"c@x.example","phone":"3","at":"2022-11-01T00:00:00Z"}
        """;

    public const string Listings = """
        {"id":"L-1","merchant":"M-1001","title":"Squish-Mallows 8in plush","description":"soft","brand":"","images":[],"price":9.99,"currency":"USD","status":"active","at":"2022-11-02T00:00:00Z"}
        {"id":"L-2","merchant":"M-1001","title":"Marshmallow pillow","description":"soft","images":[],"price":9.99,"currency":"USD","status":"active","at":"2022-11-02T00:00:00Z"}
        """;

    public const string Tro = """
        {"id": "kt-tro", "case": "22-CV-9384 (JMF)", "court": "S.D.N.Y.",
         "plaintiff": "Kelly Toys Holdings, LLC", "kind": "temporary_restraining_order",
         "issued": "2022-11-09", "served": "2022-11-10T15:00:00Z", "expires": "2022-11-24T15:00:00Z",
         "marks": ["SQUISHMALLOWS"], "covers_aliases": true,
         "clauses": [{"ref": "1(a)", "kind": "cease_infringement"},
                     {"ref": "1(b)", "kind": "restrain_assets"},
                     {"ref": "1(c)", "kind": "disable_storefront"}],
         "defendants": [{"no": 1, "name": "19885566 Store", "seller_id": "M-1001"},
                        {"no": 2, "name": "Nobody Anywhere"}]}
        """;
}
