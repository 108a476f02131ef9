using System.Collections.Concurrent;
using System.Security.Claims;
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

    static readonly ClaimsPrincipal Anonymous = new();

    readonly ConcurrentDictionary<string, (ApiKey Key, byte[] SecretSha, ClaimsPrincipal Principal, long Read)> _keys = new(StringComparer.Ordinal);

    /// <summary>The key, and the principal it signs in as (made once per key read, shared by its requests: nothing changes a principal).</summary>
    public ApiKey? Verify(string text, out ClaimsPrincipal principal)
    {
        principal = Anonymous;
        if (!Credentials.TryParse(text, out var id, out var secret)) return null;
        if (!_keys.TryGetValue(id, out var known) || clock.GetElapsedTime(known.Read) > Lifetime)
        {
            var key = host.Use(engine => engine.Read(store => store.GetApiKey(id)));
            if (key is not { RevokedAt: null })
            {
                _keys.TryRemove(id, out _);
                return null;
            }
            known = (key, Convert.FromHexString(key.SecretSha), ApiKeyAuthentication.Principal(key), clock.GetTimestamp());
            _keys[id] = known;
        }
        if (!Credentials.Matches(known.SecretSha, secret)) return null;
        principal = known.Principal;
        return known.Key;
    }
}
