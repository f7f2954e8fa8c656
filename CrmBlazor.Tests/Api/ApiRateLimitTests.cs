using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Api;

/// <summary>
/// The app on a real server with a small bucket per key (3 calls, then 1 more an hour): the 429 that
/// follows, its headers and problem body, its one audit row, and another key that is not held back.
/// </summary>
public sealed class ApiRateLimitTests(ApiRateLimitTests.LimitedSite site) : IClassFixture<ApiRateLimitTests.LimitedSite>
{
    private const int Bucket = 3;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_empty_bucket_is_a_429_problem_with_retry_after_and_ratelimit_headers_audited_once()
    {
        var key = await site.App.MintApiKeyAsync(DemoTenant.Owner, ["contacts:read"]);
        using var client = site.Client(key);
        for (var left = Bucket - 1; left >= 0; left--)
        {
            var allowed = await client.GetAsync("/api/v1/contacts?limit=1", Ct);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(Bucket.ToString(), Header(allowed, "RateLimit-Limit"));
            Assert.Equal(left.ToString(), Header(allowed, "RateLimit-Remaining"));
        }

        var refused = await client.GetAsync("/api/v1/contacts?limit=1", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.True(refused.Headers.RetryAfter!.Delta <= TimeSpan.FromHours(1));
        Assert.Equal(Bucket.ToString(), Header(refused, "RateLimit-Limit"));
        Assert.Equal("0", Header(refused, "RateLimit-Remaining"));
        Assert.True(long.Parse(Header(refused, "RateLimit-Reset")) > 0);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        Assert.Contains("Try again in", problem.GetProperty("detail").GetString());

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/api/v1/contacts?limit=1", Ct)).StatusCode);

        await using var owner = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        var id = await owner.ScalarAsync<Guid>("select id from api_keys where prefix = @p", ("p", key[4..14]));
        Assert.Equal(1L, await owner.ScalarAsync<long>(
            "select count(*) from audit_logs where event = 'rate_limit.hit' and record_id = @id and table_name = 'api_keys'", ("id", id)));
        Assert.StartsWith($"API key crm_{key[4..14]}", await owner.ScalarAsync<string>(
            "select user_agent from audit_logs where event = 'rate_limit.hit' and record_id = @id", ("id", id)));
    }

    [Fact]
    public async Task One_keys_empty_bucket_does_not_hold_back_another_key()
    {
        using var busy = site.Client(await site.App.MintApiKeyAsync(DemoTenant.Owner, ["contacts:read"]));
        for (var i = 0; i < Bucket; i++)
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/v1/contacts?limit=1", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await busy.GetAsync("/api/v1/contacts?limit=1", Ct)).StatusCode);

        using var other = site.Client(await site.App.MintApiKeyAsync(DemoTenant.Owner, ["contacts:read"]));
        var allowed = await other.GetAsync("/api/v1/contacts?limit=1", Ct);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal((Bucket - 1).ToString(), Header(allowed, "RateLimit-Remaining"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : throw new Xunit.Sdk.XunitException($"No {name} header.");

    /// <summary>The demo tenant on Kestrel, with a bucket of <see cref="Bucket"/> calls per key that barely refills.</summary>
    public sealed class LimitedSite(PostgresCluster cluster) : IAsyncLifetime
    {
        private readonly CrmDatabase database = new(cluster);

        public CrmAppFactory App { get; private set; } = default!;
        private Uri baseUrl = default!;

        public async ValueTask InitializeAsync()
        {
            await database.InitializeAsync();
            App = new CrmAppFactory(database.AppConnectionString, settings: new Dictionary<string, string>
            {
                ["RateLimits:ApiPerKey:TokenLimit"] = Bucket.ToString(),
                ["RateLimits:ApiPerKey:TokensPerPeriod"] = "1",
                ["RateLimits:ApiPerKey:PeriodSeconds"] = "3600",
            });
            baseUrl = new(App.StartKestrel());
            await App.SeedDemoAsync();
        }

        public HttpClient Client(string key) =>
            new() { BaseAddress = baseUrl, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
