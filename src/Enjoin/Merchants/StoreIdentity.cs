using System.Text;
using Enjoin.Screening;

namespace Enjoin.Merchants;

/// <summary>
/// Folded forms of store URLs and names, so that a Schedule A row typed by a law firm finds the
/// account the marketplace knows (DESIGN §4.1.1).
/// </summary>
public static class StoreIdentity
{
    /// <summary>
    /// Scheme, "www.", case of the host, query, fragment and trailing slashes do not identify a
    /// store; the host and path do.
    /// </summary>
    public static string? UrlKey(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        var text = url.Trim();
        var cut = text.IndexOfAny(['?', '#']);
        if (cut >= 0) text = text[..cut];
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0) text = text[(scheme + 3)..];
        var slash = text.IndexOf('/');
        var host = (slash >= 0 ? text[..slash] : text).ToLowerInvariant();
        var path = slash >= 0 ? text[slash..] : "";
        if (host.StartsWith("www.", StringComparison.Ordinal)) host = host[4..];
        var port = host.LastIndexOf(':');
        if (port >= 0 && (host.EndsWith(":80", StringComparison.Ordinal) || host.EndsWith(":443", StringComparison.Ordinal)))
            host = host[..port];
        path = path.TrimEnd('/');
        var key = new StringBuilder(host.Length + path.Length).Append(host).Append(path).ToString();
        return key.Length == 0 ? null : key;
    }

    /// <summary>Case, spacing, punctuation and diacritics folded away: "Happy Toy World!" = "happytoyworld".</summary>
    public static string? NameKey(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var key = MarkText.Simplify(name);
        return key.Length == 0 ? null : key;
    }
}
