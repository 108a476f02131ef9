using Enjoin.Demo;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Demo;

/// <summary>The demo (DESIGN §5.7) loaded once into a SQLite database, its photos kept beside it, for the tests that read it.</summary>
public sealed class DemoDatabase : IDisposable
{
    public History History { get; } = History.Create();
    public DemoOutcome Outcome { get; }
    public string Photos { get; }

    public DemoDatabase()
    {
        Photos = History.DbPath + ".demo-images";
        Outcome = DemoRunner.Run(History.Engine, photoDirectory: Photos);
    }

    public void Dispose() => History.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DemoDatabaseCollection : ICollectionFixture<DemoDatabase>
{
    public const string Name = "demo database";
}
