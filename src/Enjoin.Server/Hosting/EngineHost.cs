using Enjoin.Engine;
using Enjoin.Storage;

namespace Enjoin.Server.Hosting;

/// <summary>
/// The one engine of this process. A store holds one connection, so calls are serialized here;
/// the engine is the single writer of the ledger (STYLE §8).
/// </summary>
public sealed class EngineHost : IDisposable
{
    readonly Lock _gate = new();
    readonly EnjoinEngine _engine;

    public EngineHost(ServerOptions options)
    {
        var store = StoreFactory.Open(options.Db, options.Postgres, options.Clock);
        _engine = new EnjoinEngine(store, options.Policy, options.Clock);
        Location = store.Location;
    }

    public string Location { get; }

    public T Use<T>(Func<EnjoinEngine, T> work)
    {
        lock (_gate) return work(_engine);
    }

    public void Use(Action<EnjoinEngine> work)
    {
        lock (_gate) work(_engine);
    }

    public void Dispose() => _engine.Store.Dispose();
}
