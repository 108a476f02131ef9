using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Mvc;

namespace Enjoin.Server.Web;

/// <summary>
/// The web UI for people (issue 7): Razor Pages rendered on the server over the same engine the API uses,
/// with its CSS and script embedded in this assembly. Pages bind input, check role and ownership exactly as
/// the API does, and call the engine; they hold no rule of their own.
/// </summary>
public static class WebUi
{
    public static void AddWebUi(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            // Every page needs a signed-in person (the fallback policy); sign-in itself is open.
            o.Conventions.AllowAnonymousToPage("/SignIn");
        }).AddMvcOptions(o => o.Filters.Add(new ResponseCacheAttribute { NoStore = true, Location = ResponseCacheLocation.None }));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "enjoin-csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            o.HeaderName = "X-CSRF-Token";
        });
    }

    /// <summary>
    /// <c>Server-Timing: app;dur=…</c> on every page: the time from the request reaching the pipeline to the first
    /// byte of the answer (Razor buffers a page, so that is its whole render). <c>bench pages</c> reads it.
    /// </summary>
    public static Task ServerTiming(HttpContext context, RequestDelegate next)
    {
        // Not on the API: the gate answers in microseconds, and a callback per request is a cost there.
        if (context.Request.Path.StartsWithSegments("/api")) return next(context);
        var started = Stopwatch.GetTimestamp();
        context.Response.OnStarting(() =>
        {
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            context.Response.Headers["Server-Timing"] = string.Create(CultureInfo.InvariantCulture, $"app;dur={ms:0.0}");
            return Task.CompletedTask;
        });
        return next(context);
    }

    public static void MapWebUi(this WebApplication app)
    {
        app.MapGet("/assets/{name}", (string name, HttpContext context) => Assets.Serve(name, context))
            .AllowAnonymous().ExcludeFromDescription();
        app.MapRazorPages();
    }
}

/// <summary>The UI's few static files, read once from the assembly's resources and served with a content ETag.</summary>
static class Assets
{
    sealed record Asset(byte[] Bytes, string ContentType, string ETag);

    static readonly Dictionary<string, Asset> Files = Load();

    static Dictionary<string, Asset> Load()
    {
        var assembly = typeof(Assets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("wwwroot/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            var name = resource["wwwroot/".Length..];
            var type = Path.GetExtension(name) switch
            {
                ".css" => "text/css; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            files[name] = new Asset(bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }
        return files;
    }

    /// <summary>The asset's URL with its content hash, so a browser caches it until it changes.</summary>
    public static string Url(string name) => Files.TryGetValue(name, out var a) ? $"/assets/{name}?v={a.ETag.Trim('"')}" : $"/assets/{name}";

    public static IResult Serve(string name, HttpContext context)
    {
        if (!Files.TryGetValue(name, out var asset)) return Results.NotFound();
        context.Response.Headers.ETag = asset.ETag;
        context.Response.Headers.CacheControl = "public, max-age=86400";
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag) return Results.StatusCode(StatusCodes.Status304NotModified);
        return Results.Bytes(asset.Bytes, asset.ContentType);
    }
}
