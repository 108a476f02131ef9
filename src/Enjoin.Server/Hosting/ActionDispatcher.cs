using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Polly;
using Polly.Retry;

namespace Enjoin.Server.Hosting;

/// <summary>
/// The webhook adapter (<c>enjoin serve --webhook URL</c>): POSTs each pending action, signed, to the
/// marketplace and follows its answer. It holds no rules: it moves actions through their statuses only
/// by calling the engine, and keeps where each delivery stands in the database, so a restarted server
/// resumes every delivery that was not answered, with the same Idempotency-Key.
/// </summary>
/// <remarks>
/// Per action: <c>pending</c> → (<see cref="EnjoinEngine.MarkSent"/>) <c>sent</c> → attempt:
/// 2xx <c>{"status":"confirmed"}</c> → <c>confirmed</c>; other 2xx → stays <c>sent</c>, answered, until
/// <c>POST /api/v1/actions/{id}/confirm</c>; 4xx (not 408/429) → <c>failed</c>; 5xx, 408, 429, timeout,
/// connection error → retried with exponential backoff and jitter (Polly), and <c>failed</c> once the
/// retry budget is spent. Actions of one merchant go one at a time, oldest first, so a takedown and the
/// restore after it cannot overtake each other.
/// </remarks>
public sealed class ActionDispatcher : BackgroundService
{
    /// <summary>How much of an answer is read, and how much of it a failure reason quotes.</summary>
    const int MaxAnswerBytes = 64 * 1024, ExcerptChars = 300;

    readonly EngineHost _host;
    readonly ServerOptions _options;
    readonly WebhookDelivery _delivery;
    readonly Uri _url;
    readonly string _destination;
    readonly ILogger<ActionDispatcher> _log;
    readonly HttpClient _http;
    readonly Lock _busyLock = new();
    readonly HashSet<string> _busyMerchants = new(StringComparer.Ordinal);

    public ActionDispatcher(EngineHost host, ServerOptions options, ILogger<ActionDispatcher> log)
    {
        _host = host;
        _options = options;
        _delivery = options.Delivery;
        _url = options.WebhookUrl ?? throw new InvalidOperationException("the action dispatcher needs a webhook URL");
        _destination = $"{_url.Scheme}://{_url.Authority}{_url.AbsolutePath}";
        _log = log;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Enjoin", "1.0"));
    }

    /// <summary>Deliveries that ran to an answer (or gave up) since start; for health pages and tests.</summary>
    public int Completed => Volatile.Read(ref _completed);
    int _completed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.WebhookSecret is null) _log.LogWarning("webhook deliveries to {Url} are not signed: no webhook secret", _destination);
        var running = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            running.RemoveAll(t => t.IsCompleted);
            try { StartDue(running, stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.LogError(e, "dispatcher step failed; retrying");
            }
            try { await Task.Delay(_delivery.PollInterval, _options.Clock, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        // In-flight deliveries see the same token: they stop without recording anything, and the
        // actions stay sent and unanswered, to be delivered again on the next start.
        await Task.WhenAll(running);
    }

    void StartDue(List<Task> running, CancellationToken stoppingToken)
    {
        var now = _options.Clock.GetUtcNow();
        var heads = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pending in _host.Use(engine => engine.PendingDeliveries()))
        {
            if (running.Count >= _delivery.MaxConcurrency) break;
            var merchant = pending.Action.Merchant;
            // Only the oldest open action of a merchant may go, and only when none of its others is in flight.
            if (!heads.Add(merchant)) continue;
            lock (_busyLock)
            {
                if (_busyMerchants.Contains(merchant)) continue;
                if (pending.Delivery?.NextAttemptAt is { } next && next > now) continue;
                _busyMerchants.Add(merchant);
            }
            running.Add(Task.Run(() => DeliverAsync(pending.Action.Id, merchant, stoppingToken), CancellationToken.None));
        }
    }

    async Task DeliverAsync(long id, string merchant, CancellationToken stoppingToken)
    {
        try
        {
            var sent = _host.Use(engine => engine.MarkSent(id, Now, _destination));
            if (sent is null) return;
            var attempted = sent.Delivery?.Attempts ?? 0;
            var remaining = _delivery.MaxAttempts - attempted;
            if (remaining <= 0)
            {
                _host.Use(engine => engine.FailAction(id, Now, $"gave up after {attempted} attempts; last error: {sent.Delivery?.LastError ?? "none"}"));
                return;
            }
            var body = BodyOf(sent.Action);
            var pipeline = Pipeline(id, remaining);
            var first = true;
            var answer = await pipeline.ExecuteAsync(async token =>
            {
                // Between retries the action may have been closed (cancelled by a modification, confirmed through the API).
                if (!first && _host.Use(engine => engine.Delivery(id)) is not { Status: ActionStatus.Pending or ActionStatus.Sent }) throw new ActionClosedException();
                first = false;
                return await AttemptAsync(id, body, token);
            }, stoppingToken);
            var attempt = answer.Retryable
                ? new DeliveryAttempt(Now, answer.Status, DeliveryOutcome.Failed, $"gave up after {_delivery.MaxAttempts} attempts; last error: {answer.Error}")
                : new DeliveryAttempt(Now, answer.Status, answer.Outcome, answer.Error);
            _host.Use(engine => engine.RecordDeliveryAttempt(id, attempt));
            if (attempt.Outcome == DeliveryOutcome.Failed) _log.LogWarning("action {Id} failed: {Reason}", id, attempt.Error);
            Interlocked.Increment(ref _completed);
        }
        catch (ActionClosedException)
        {
            // Nothing left to deliver; the attempts made are recorded.
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the action stays as recorded and is resumed on the next start.
        }
        catch (Exception e)
        {
            _log.LogError(e, "delivering action {Id} failed; it will be tried again", id);
        }
        finally
        {
            lock (_busyLock) _busyMerchants.Remove(merchant);
        }
    }

    DateTimeOffset Now => _options.Clock.GetUtcNow();

    ResiliencePipeline<Answer> Pipeline(long id, int attempts)
    {
        if (attempts <= 1) return ResiliencePipeline<Answer>.Empty;
        return new ResiliencePipelineBuilder<Answer> { TimeProvider = _options.Clock }
            .AddRetry(new RetryStrategyOptions<Answer>
            {
                ShouldHandle = new PredicateBuilder<Answer>().HandleResult(a => a.Retryable),
                MaxRetryAttempts = attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _delivery.BaseDelay,
                MaxDelay = _delivery.MaxDelay,
                // A receiver that says when to come back (429/503 Retry-After) is heard, within MaxDelay.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter is { } after
                    ? (TimeSpan?)(after < _delivery.MaxDelay ? after : _delivery.MaxDelay)
                    : null),
                OnRetry = args =>
                {
                    var result = args.Outcome.Result!;
                    var now = Now;
                    _host.Use(engine => engine.RecordDeliveryAttempt(id,
                        new DeliveryAttempt(now, result.Status, DeliveryOutcome.Retry, result.Error, now + args.RetryDelay)));
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>DESIGN §5.3 action keys plus <c>cause_seq</c>, as canonical JSON (the same bytes on every attempt).</summary>
    public static string BodyOf(EnforcementAction action)
    {
        var node = JsonSerializer.SerializeToNode(ActionView.Of(action), Json.Options)!.AsObject();
        node["cause_seq"] = action.CauseSeq;
        return Json.Canonical(node);
    }

    async Task<Answer> AttemptAsync(long id, string body, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_delivery.AttemptTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url);
        request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", EnjoinEngine.IdempotencyKey(id));
        if (_options.WebhookSecret is { } secret) request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(secret, Now, body));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var text = await ReadAnswerAsync(response, timeout.Token);
            return Answer.Of(response, text);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return Answer.Retry(null, $"no answer within {_delivery.AttemptTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException e)
        {
            return Answer.Retry(null, $"connection error: {e.Message}");
        }
    }

    static async Task<string> ReadAnswerAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancel);
        var buffer = new byte[MaxAnswerBytes];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), cancel)) > 0) read += n;
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    sealed class ActionClosedException : Exception;

    /// <summary>An attempt's answer as the engine needs it.</summary>
    sealed record Answer(int? Status, DeliveryOutcome Outcome, string? Error, TimeSpan? RetryAfter = null)
    {
        public bool Retryable => Outcome == DeliveryOutcome.Retry;

        public static Answer Retry(int? status, string error, TimeSpan? after = null) => new(status, DeliveryOutcome.Retry, error, after);

        public static Answer Of(HttpResponseMessage response, string text)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                var (word, reason) = StatusOf(text);
                return word switch
                {
                    "confirmed" => new(status, DeliveryOutcome.Confirmed, null),
                    // The marketplace received it but could not do it: as good as a refusal.
                    "failed" => new(status, DeliveryOutcome.Failed, $"HTTP {status}: marketplace reports failure{(reason is null ? "" : $": {reason}")}"),
                    _ => new(status, DeliveryOutcome.Accepted, null),
                };
            }
            var error = $"HTTP {status}{(text.Length == 0 ? "" : $": {Excerpt(text)}")}";
            if (status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
                return Retry(status, error, RetryAfterOf(response));
            return new(status, DeliveryOutcome.Failed, status is >= 400 and < 500 ? error : $"{error} (unexpected answer)");
        }

        static (string? Word, string? Reason) StatusOf(string text)
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var word) || word.ValueKind != JsonValueKind.String)
                    return (null, null);
                var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? Excerpt(r.GetString()!) : null;
                return (word.GetString(), reason);
            }
            catch (JsonException) { return (null, null); }
        }

        static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } when date > DateTimeOffset.UtcNow => date - DateTimeOffset.UtcNow,
            _ => null,
        };

        static string Excerpt(string text)
        {
            var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return flat.Length <= ExcerptChars ? flat : flat[..ExcerptChars] + "…";
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }
}
