using System.Security.Cryptography;
using Enjoin.Accounts;
using Enjoin.Common;
using Enjoin.Engine;
using Microsoft.AspNetCore.Identity;

namespace Enjoin.Server.Security;

/// <summary>
/// People and systems: passwords hashed with the framework's <see cref="PasswordHasher{TUser}"/>,
/// API keys shown once and kept only as a SHA-256 of their secret.
/// </summary>
public static class Credentials
{
    static readonly PasswordHasher<string> Hasher = new();

    public const string KeyPrefix = "ek_";

    public static User AddUser(EnjoinEngine engine, string name, Role role, string? owner, string password, string actor)
    {
        if (string.IsNullOrWhiteSpace(name)) throw Reject("name", "required");
        if (role == Role.RightsHolder && string.IsNullOrWhiteSpace(owner))
            throw Reject("owner", "a rights_holder account is bound to one rights holder: give --owner NAME");
        if (password.Length < 12) throw Reject("password", "at least 12 characters");
        var user = new User(name.Trim(), role, owner?.Trim(), Hasher.HashPassword(name, password), EventTime.Normalize(DateTimeOffset.UtcNow));
        engine.SaveUser(user, actor);
        return user;
    }

    /// <summary>The user if the password is right; null otherwise (same answer for an unknown name).</summary>
    public static User? SignIn(EnjoinEngine engine, string name, string password)
    {
        var user = engine.Read(store => store.GetUser(name));
        if (user is null)
        {
            // Spend the same work for unknown names, so timing does not reveal which names exist.
            Hasher.VerifyHashedPassword(name, DummyHash, password);
            return null;
        }
        return Hasher.VerifyHashedPassword(user.Name, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    static readonly string DummyHash = Hasher.HashPassword("nobody", "not-a-password-anyone-has");

    /// <summary>Creates a key; the returned text is the only time the secret exists outside the caller.</summary>
    public static (ApiKey Key, string Text) CreateKey(EnjoinEngine engine, Role role, string? owner, string actor)
    {
        if (role is not (Role.Marketplace or Role.RightsHolder or Role.Auditor))
            throw Reject("role", "API keys are for systems: marketplace, rights_holder or auditor");
        if (role == Role.RightsHolder && string.IsNullOrWhiteSpace(owner))
            throw Reject("owner", "a rights_holder key is bound to one rights holder: give --owner NAME");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKey(id, Sha(secret), role, owner?.Trim(), EventTime.Normalize(DateTimeOffset.UtcNow), null);
        engine.SaveApiKey(key, actor);
        return (key, $"{KeyPrefix}{id}_{secret}");
    }

    /// <summary>The key a presented text names, if its secret matches and it is not revoked.</summary>
    public static ApiKey? Verify(EnjoinEngine engine, string text) =>
        TryParse(text, out var id, out var secret) && engine.Read(store => store.GetApiKey(id)) is { RevokedAt: null } key && Matches(key, secret)
            ? key
            : null;

    /// <summary>Splits a presented key text <c>ek_&lt;id&gt;_&lt;secret&gt;</c>.</summary>
    public static bool TryParse(string text, out string id, out string secret)
    {
        (id, secret) = ("", "");
        if (!text.StartsWith(KeyPrefix, StringComparison.Ordinal)) return false;
        var rest = text[KeyPrefix.Length..];
        var cut = rest.IndexOf('_', StringComparison.Ordinal);
        if (cut <= 0) return false;
        (id, secret) = (rest[..cut], rest[(cut + 1)..]);
        return true;
    }

    /// <summary>Whether the secret is the key's, compared in constant time over their SHA-256.</summary>
    public static bool Matches(ApiKey key, string secret) => Matches(Convert.FromHexString(key.SecretSha), secret);

    /// <summary>The same, against a key's SHA-256 already decoded (<see cref="ApiKeyCache"/> keeps it so): no allocation per request.</summary>
    public static bool Matches(ReadOnlySpan<byte> secretSha, string secret)
    {
        var length = System.Text.Encoding.UTF8.GetByteCount(secret);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[length] : new byte[length];
        System.Text.Encoding.UTF8.GetBytes(secret, utf8);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(utf8, hash);
        return CryptographicOperations.FixedTimeEquals(hash, secretSha);
    }

    public static string RandomPassword() => Base64Url(RandomNumberGenerator.GetBytes(12));

    static string Sha(string secret) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static InputRejectedException Reject(string field, string message) => new(new InputError("account", 0, field, message));
}
