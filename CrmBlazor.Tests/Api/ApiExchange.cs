using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CrmBlazor.Features.Api;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Api;

/// <summary>The requests and readings the deals, activities and pipelines contract tests share.</summary>
public static class ApiExchange
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A request with a JSON body and, when given, the ETag in If-Match.</summary>
    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string url, object? body, string? etag = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (etag is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request, Ct);
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    public static async Task<JsonElement> JsonAsync(this Task<HttpResponseMessage> response) => await (await response).JsonAsync();

    /// <summary>The problem body, after checking it is one.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.JsonAsync();
    }

    /// <summary>The first error a problem names for <paramref name="field"/>.</summary>
    public static async Task<string> FieldErrorAsync(this HttpResponseMessage response, string field) =>
        (await response.ProblemAsync()).GetProperty("errors").GetProperty(field)[0].GetString()!;

    public static string Etag(this HttpResponseMessage response) => response.Headers.ETag!.Tag;

    public static Guid Id(this JsonElement record) => record.GetProperty("id").GetGuid();

    public static IEnumerable<Guid> Ids(this JsonElement page) => page.GetProperty("data").EnumerateArray().Select(r => r.Id());

    /// <summary>Every id a list returns, page after page of <paramref name="limit"/>; RECORD is called after each page.</summary>
    public static async Task<List<Guid>> AllIdsAsync(this HttpClient client, string url, int limit, Func<Task>? afterEachPage = null)
    {
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var separator = url.Contains('?') ? '&' : '?';
            var page = await client.GetAsync($"{url}{separator}limit={limit}{(cursor is null ? "" : $"&cursor={cursor}")}", Ct).JsonAsync();
            seen.AddRange(page.Ids());
            cursor = page.GetProperty("nextCursor").GetString();
            if (afterEachPage is not null) await afterEachPage();
        } while (cursor is not null);
        return seen;
    }

    /// <summary>
    /// A key made by the demo Member, written straight to api_keys: the admin page lets only Owners and Admins make
    /// keys, so this is the key of an admin since demoted, without demoting anyone the other tests act as.
    /// </summary>
    public static async Task<string> MintMemberKeyAsync(this ApiSite site, string[] scopes)
    {
        var secret = ApiKeySecret.New();
        await using var member = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Member);
        await member.ExecuteAsync("insert into api_keys (name, prefix, key_hash, scopes) values ('Member key', @p, @h, @s)",
            ("p", secret.Prefix), ("h", secret.Hash), ("s", scopes));
        return secret.Text;
    }

    /// <summary>The demo tenant's default pipeline: its id and its stages' ids by kind and name.</summary>
    public static async Task<JsonElement> DefaultPipelineAsync(this HttpClient client) =>
        (await client.GetAsync("/api/v1/pipelines", Ct).JsonAsync()).GetProperty("data").EnumerateArray()
        .Single(p => p.GetProperty("isDefault").GetBoolean());

    /// <summary>A pipeline of the key's tenant, new and uniquely named, with the stages every pipeline starts with.</summary>
    public static async Task<JsonElement> NewPipelineAsync(this HttpClient client)
    {
        var created = await client.PostAsJsonAsync("/api/v1/pipelines", new { name = "Pipeline " + Guid.NewGuid().ToString("N")[..8] }, Ct);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        return await created.JsonAsync();
    }

    public static Guid StageOfKind(this JsonElement pipeline, string kind) =>
        pipeline.GetProperty("stages").EnumerateArray().First(s => s.GetProperty("kind").GetString() == kind).Id();
}
