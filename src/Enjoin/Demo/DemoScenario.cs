namespace Enjoin.Demo;

/// <summary>The kinds of step in the demo timeline; each maps to one CLI input format (DESIGN §5.2).</summary>
public enum DemoStepKind { Merchants, Listings, Order, Notices, CounterNotices, Promotions, Advance }

/// <summary>
/// One step of the demo timeline. Records: JSON texts in the DESIGN §5.2 format of the kind
/// (Merchants: merchant objects; Listings: listing events; Order: exactly one order/modification/dissolution object;
/// Notices: notice objects; CounterNotices: counter-notice objects; Promotions: promotion events; Advance: none).
/// At: the step's event time (for Advance, the time to advance to). Steps are in non-decreasing At order,
/// and every record's own "at" (where the format has one) is &lt;= the next step's At.
/// (Stronger, as built: every record's time lies in [previous step's At, this step's At].)
/// </summary>
public sealed record DemoStep(DemoStepKind Kind, DateTimeOffset At, string Description, IReadOnlyList<string> Records)
{
    /// <summary>Listings: the photos its records name in <c>image_files</c>, to write (<see cref="DemoPhotos.Png"/>) before ingesting them.</summary>
    public IReadOnlyList<DemoPhotoFile> Photos { get; init; } = [];
}

/// <summary>
/// The deterministic demo scenario of DESIGN §5.7, modelled on Kelly Toys Holdings v. 19885566 Store
/// (S.D.N.Y. 22-CV-9384 (JMF)). Pure data generation: no engine calls, no I/O, no clock.
/// </summary>
public static class DemoScenario
{
    public const string PlaintiffMark = "SQUISHMALLOWS";
    public const int DefaultSeed = 9384;

    /// <summary>The same steps for the same seed, every time.</summary>
    public static IReadOnlyList<DemoStep> Build(int seed = DefaultSeed) => new DemoGenerator(seed).Generate().Steps;

    /// <summary>Who is who in the scenario built from <paramref name="seed"/>: the facts an engine test can expect.</summary>
    public static DemoCast Cast(int seed = DefaultSeed) => new DemoGenerator(seed).Generate().Cast;

    /// <summary>Steps and cast from one generation run.</summary>
    public static (IReadOnlyList<DemoStep> Steps, DemoCast Cast) BuildWithCast(int seed = DefaultSeed)
    {
        var result = new DemoGenerator(seed).Generate();
        return (result.Steps, result.Cast);
    }

    /// <summary>The Schedule A of the orders as CSV (header <c>no,name,seller_id,store_url</c>).</summary>
    public static string ScheduleACsv(int seed = DefaultSeed)
    {
        var sb = new System.Text.StringBuilder("no,name,seller_id,store_url\n");
        foreach (var d in Cast(seed).Defendants)
        {
            sb.Append(d.No.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
              .Append(CsvField(d.Name)).Append(',')
              .Append(CsvField(d.SellerId ?? "")).Append(',')
              .Append(CsvField(d.StoreUrl ?? "")).Append('\n');
        }
        return sb.ToString();
    }

    private static string CsvField(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
