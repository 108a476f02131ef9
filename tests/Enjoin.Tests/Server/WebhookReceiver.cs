using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Enjoin.Tests.Server;

/// <summary>
/// The marketplace's end of the webhook: a real Kestrel listener on a free loopback port that records
/// every request (body, headers) and answers as the test says — the n-th request (1-based) gets
/// <c>answer(request, n, aborted)</c>.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    public sealed record Received(int N, string Body, string? Signature, string? IdempotencyKey, string? ContentType, DateTimeOffset At);

    public delegate Task<(int Status, string Body)> Answer(Received request, CancellationToken aborted);

    readonly WebApplication _app;
    int _count;

    WebhookReceiver(WebApplication app, Answer answer)
    {
        _app = app;
        app.MapPost("/hook", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var received = new Received(Interlocked.Increment(ref _count), body, context.Request.Headers["Enjoin-Signature"].FirstOrDefault(),
                context.Request.Headers["Idempotency-Key"].FirstOrDefault(), context.Request.ContentType, DateTimeOffset.UtcNow);
            Requests.Enqueue(received);
            var (status, text) = await answer(received, context.RequestAborted);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(text, context.RequestAborted);
        });
    }

    public static async Task<WebhookReceiver> Start(Answer answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var receiver = new WebhookReceiver(builder.Build(), answer);
        await receiver._app.StartAsync();
        receiver.Url = new Uri(new Uri(receiver._app.Urls.First()), "/hook");
        return receiver;
    }

    public Uri Url { get; private set; } = null!;

    public ConcurrentQueue<Received> Requests { get; } = new();

    public static (int, string) Confirmed => (200, """{"status":"confirmed"}""");
    public static (int, string) Accepted => (202, """{"status":"accepted"}""");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
