using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Api;

/// <summary>The calls and reads the companies, tags and bulk contract tests share.</summary>
internal static class RecordCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> Put(HttpClient client, string url, string? etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (etag is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request, Ct);
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    /// <summary>The problem body, after checking it is one.</summary>
    public static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await Json(response);
    }

    public static async Task<List<Guid>> IdsOf(HttpResponseMessage response) =>
        [.. (await Json(response)).GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetGuid())];

    /// <summary>Every id a list returns, page by page; <paramref name="between"/> runs after each page (to insert meanwhile).</summary>
    public static async Task<List<Guid>> AllPagesAsync(HttpClient client, string list, int limit, Func<Task>? between = null)
    {
        var seen = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Json(await client.GetAsync(
                $"{list}{(list.Contains('?') ? '&' : '?')}limit={limit}{(cursor is null ? "" : $"&cursor={cursor}")}", Ct));
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            if (between is not null) await between();
        } while (cursor is not null);
        return seen;
    }

    /// <summary>A count over the demo tenant's rows, read as its Owner (row-level security applies).</summary>
    public static async Task<long> CountAsync(ApiSite site, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        return await session.ScalarAsync<long>(sql, parameters);
    }
}
