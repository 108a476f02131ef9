using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Enjoin.Server.Security;

/// <summary>Systems present <c>Authorization: Bearer ek_…</c> (or <c>X-Api-Key</c>).</summary>
public sealed class ApiKeyAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "api-key";

    public static string? Presented(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        var key = request.Headers["X-Api-Key"].ToString();
        return key.Length > 0 ? key.Trim() : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not { } text) return Task.FromResult(AuthenticateResult.NoResult());
        return Task.FromResult(keys.Verify(text, out var principal) is null
            ? AuthenticateResult.Fail("unknown or revoked API key")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    public static System.Security.Claims.ClaimsPrincipal Principal(Enjoin.Accounts.ApiKey key) =>
        Caller.Principal($"key:{key.Id}", key.Role, key.Owner, SchemeName);
}
