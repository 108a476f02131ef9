using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Enjoin.Bench;

/// <summary>
/// <c>kestrel [--urls URL]</c>: the baseline of the gate's HTTP benchmark — bare Kestrel answering the same routes
/// with a constant decision (one per line of a batch), no authentication, no gate. What is left of the gate's own
/// figures after this is the cost of Enjoin's pipeline and checks.
/// </summary>
public static class BareKestrel
{
    const string Decision = """{"allow":true,"surface":"sponsored_search","merchant":"M-1","listing":null,"at":null,"reasons":[]}""";

    public static int Run(string[] args)
    {
        var urls = args.SkipWhile(a => a != "--urls").Skip(1).FirstOrDefault() ?? "http://127.0.0.1:5182";
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        var single = Encoding.UTF8.GetBytes(Decision);
        app.MapPost("/api/v1/gate/check", async (HttpContext context) =>
        {
            // Read the body as the real endpoint must, then answer the constant.
            using var reader = new StreamReader(context.Request.Body);
            await reader.ReadToEndAsync(context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(single, context.RequestAborted);
        });
        app.MapPost("/api/v1/gate/check-batch", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var lines = body.AsSpan().Count('\n') + (body.EndsWith('\n') ? 0 : 1);
            var answer = new StringBuilder(lines * (Decision.Length + 1) + 2).Append('[');
            for (var i = 0; i < lines; i++) answer.Append(i == 0 ? "" : ",").Append(Decision);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Append(']').ToString(), context.RequestAborted);
        });
        Console.WriteLine($"bare Kestrel on {urls}");
        app.Run();
        return 0;
    }
}
