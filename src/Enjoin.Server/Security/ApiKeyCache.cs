using System.Collections.Concurrent;
using Enjoin.Accounts;
using Enjoin.Server.Hosting;

namespace Enjoin.Server.Security;

/// <summary>
/// Keys looked up in the last second, so a busy system's requests (an ad server asking the gate) do not each take the
/// engine's lock and a database read. The secret is still checked on every request; a revocation, by the CLI or another
/// node, takes effect within <see cref="Lifetime"/>.
/// </summary>
public sealed class ApiKeyCache(EngineHost host, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(1);

    readonly ConcurrentDictionary<string, (ApiKey Key, byte[] SecretSha, long Read)> _keys = new(StringComparer.Ordinal);

    public ApiKey? Verify(string text)
    {
        if (!Credentials.TryParse(text, out var id, out var secret)) return null;
        if (!_keys.TryGetValue(id, out var known) || clock.GetElapsedTime(known.Read) > Lifetime)
        {
            var key = host.Use(engine => engine.Read(store => store.GetApiKey(id)));
            if (key is not { RevokedAt: null })
            {
                _keys.TryRemove(id, out _);
                return null;
            }
            known = (key, Convert.FromHexString(key.SecretSha), clock.GetTimestamp());
            _keys[id] = known;
        }
        return Credentials.Matches(known.SecretSha, secret) ? known.Key : null;
    }
}
