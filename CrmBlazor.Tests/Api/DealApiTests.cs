using System.Net;
using System.Net.Http.Json;
using System.Text;
using CrmBlazor.Features.Deals;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Api;

/// <summary>The deals endpoints' contract over real HTTP: success shapes, every refusal as a problem body, bulk all or none.</summary>
public sealed class DealApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private static readonly string[] ReadWrite = ["deals:write", "pipelines:read"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_deal_is_a_201_with_location_and_etag_in_its_pipelines_first_open_stage_and_reads_the_same()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var pipeline = await client.DefaultPipelineAsync();
        var created = await client.PostAsJsonAsync("/api/v1/deals",
            new { title = "Api licence", value = 1200.5m, currency = "eur", expectedCloseDate = "2027-03-31" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var deal = await created.JsonAsync();
        Assert.Equal($"/api/v1/deals/{deal.Id()}", created.Headers.Location?.OriginalString);
        Assert.Equal($"\"{deal.GetProperty("version").GetUInt32()}\"", created.Etag());
        var firstOpen = pipeline.GetProperty("stages")[0];
        Assert.Equal(pipeline.Id(), deal.GetProperty("pipelineId").GetGuid());
        Assert.Equal(firstOpen.Id(), deal.GetProperty("stageId").GetGuid());
        Assert.Equal("open", deal.GetProperty("status").GetString());
        Assert.Equal(firstOpen.GetProperty("probability").GetInt32(), deal.GetProperty("probability").GetInt32());
        Assert.Equal("EUR", deal.GetProperty("currency").GetString());
        Assert.Equal(1200.5m, deal.GetProperty("value").GetDecimal());
        Assert.Equal("2027-03-31", deal.GetProperty("expectedCloseDate").GetString());

        var read = await client.GetAsync($"/api/v1/deals/{deal.Id()}", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(created.Etag(), read.Etag());
        Assert.Equal("Api licence", (await read.JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task An_update_needs_the_current_etag_in_if_match_and_a_stale_one_is_a_412()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Version one", currency = "USD" }, Ct);
        var location = created.Headers.Location!.OriginalString;

        var withoutTag = await client.SendAsync(HttpMethod.Put, location, new { title = "Version two", currency = "USD" });
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutTag.StatusCode);
        var updated = await client.SendAsync(HttpMethod.Put, location, new { title = "Version two", currency = "USD", value = 50 }, created.Etag());
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(created.Etag(), updated.Etag());
        Assert.Equal(50m, (await updated.JsonAsync()).GetProperty("value").GetDecimal());

        var stale = await client.SendAsync(HttpMethod.Put, location, new { title = "Version three", currency = "USD" }, created.Etag());
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("If-Match", (await stale.ProblemAsync()).GetProperty("detail").GetString());
        Assert.Equal("Version two", (await client.GetAsync(location, Ct).JsonAsync()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Bad_values_are_a_422_with_an_error_per_field_and_nothing_is_saved()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var refused = await client.PostAsJsonAsync("/api/v1/deals", new { title = " ", value = -1, currency = "EURO", probability = 120 }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.ProblemAsync()).GetProperty("errors");
        Assert.Equal("Enter the deal's title.", errors.GetProperty("title")[0].GetString());
        Assert.Contains("three-letter currency", errors.GetProperty("currency")[0].GetString());
        Assert.True(errors.TryGetProperty("probability", out _));

        var unknownCurrency = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Zorkmid deal", currency = "ZZZ" }, Ct);
        Assert.Contains("ISO 4217", await unknownCurrency.FieldErrorAsync("currency"));
        Assert.Equal(0, (await client.GetAsync("/api/v1/deals?q=Zorkmid", Ct).JsonAsync()).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_lost_stage_needs_a_lost_reason_on_create_and_an_unknown_field_is_a_400()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var lost = (await client.DefaultPipelineAsync()).StageOfKind("lost");
        var refused = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Lost at once", currency = "USD", stageId = lost }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("Say why the deal was lost.", await refused.FieldErrorAsync("lostReason"));

        var typo = await client.PostAsync("/api/v1/deals",
            new StringContent("""{"title":"Typo","currency":"USD","valeu":10}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("not known", (await typo.ProblemAsync()).GetProperty("errors").EnumerateObject().Single().Value[0].GetString());
    }

    [Fact]
    public async Task Another_tenants_deal_is_a_404_and_its_stage_in_a_body_a_field_error_never_a_500()
    {
        using var mine = site.Client(await site.MintKeyAsync(ReadWrite));
        var theirs = await mine.PostAsJsonAsync("/api/v1/deals", new { title = "Not yours", currency = "USD" }, Ct).JsonAsync();
        var myStage = theirs.GetProperty("stageId").GetGuid();
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(ReadWrite);
        using var other = site.Client(otherKey);
        var url = $"/api/v1/deals/{theirs.Id()}";

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url, Ct)).StatusCode);
        var put = await other.SendAsync(HttpMethod.Put, url, new { title = "Taken", currency = "USD" }, $"\"{theirs.GetProperty("version").GetUInt32()}\"");
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        var delete = await other.DeleteAsync(url, Ct);
        Assert.Equal("There is no deal with this id.", (await delete.ProblemAsync()).GetProperty("detail").GetString());

        var foreignStage = await other.PostAsJsonAsync("/api/v1/deals", new { title = "Into their stage", currency = "USD", stageId = myStage }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreignStage.StatusCode);
        Assert.Contains("not part of the Main pipeline", await foreignStage.FieldErrorAsync("stageId"));
        var foreignPipeline = await other.PostAsJsonAsync("/api/v1/deals",
            new { title = "Into their pipeline", currency = "USD", pipelineId = theirs.GetProperty("pipelineId").GetGuid() }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreignPipeline.StatusCode);
        Assert.True((await foreignPipeline.ProblemAsync()).GetProperty("errors").TryGetProperty("pipelineId", out _));
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync(url, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_may_list_but_not_write_and_a_key_without_deals_may_not_list()
    {
        using var reader = site.Client(await site.MintKeyAsync(["deals:read"]));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/deals", Ct)).StatusCode);
        var refused = await reader.PostAsJsonAsync("/api/v1/deals", new { title = "Reader", currency = "USD" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("deals:write", (await refused.ProblemAsync()).GetProperty("requiredScope").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/deals/bulk", new { records = new[] { new { title = "x" } } }, Ct)).StatusCode);

        using var contactsOnly = site.Client(await site.MintKeyAsync(["contacts:write"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await contactsOnly.GetAsync("/api/v1/deals", Ct)).StatusCode);
    }

    [Fact]
    public async Task Cursor_paging_returns_every_deal_once_while_deals_are_added_between_pages()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var before = (await client.GetAsync("/api/v1/deals?limit=200", Ct).JsonAsync()).Ids().ToList();
        var added = new List<Guid>();
        var seen = await client.AllIdsAsync("/api/v1/deals", 7, async () =>
        {
            if (added.Count < 3)
                added.Add((await client.PostAsJsonAsync("/api/v1/deals", new { title = $"Inserted {added.Count}", currency = "USD" }, Ct).JsonAsync()).Id());
        });

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(before.Except(seen));
        Assert.Empty(added.Except(seen));
        var newestFirst = (await client.GetAsync("/api/v1/deals?sort=-createdAt&limit=3", Ct).JsonAsync()).Ids().ToList();
        Assert.Equal(added[^1], newestFirst[0]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/deals?cursor=garbage!", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/deals?sort=title", Ct)).StatusCode);
    }

    [Fact]
    public async Task Lists_filter_by_status_pipeline_company_and_the_apps_search()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var won = (await client.DefaultPipelineAsync()).StageOfKind("won");
        await using (var owner = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner))
        {
            var companyId = await owner.AddCompanyAsync(name: "Quuxfilter Ltd");
            var withCompany = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Filtered by company", currency = "USD", companyId }, Ct).JsonAsync();
            var byCompany = await client.GetAsync($"/api/v1/deals?companyId={companyId}", Ct).JsonAsync();
            Assert.Equal([withCompany.Id()], byCompany.Ids());
        }
        var winner = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Xylophonic win", currency = "USD", stageId = won }, Ct).JsonAsync();

        var wonDeals = await client.GetAsync("/api/v1/deals?status=won&limit=200", Ct).JsonAsync();
        Assert.Contains(winner.Id(), wonDeals.Ids());
        Assert.All(wonDeals.GetProperty("data").EnumerateArray(), d => Assert.Equal("won", d.GetProperty("status").GetString()));
        Assert.Equal([winner.Id()], (await client.GetAsync("/api/v1/deals?q=xylophonic", Ct).JsonAsync()).Ids());
        Assert.Equal([winner.Id()], (await client.GetAsync("/api/v1/deals?q=xylofonic&status=won", Ct).JsonAsync()).Ids());
        Assert.Empty((await client.GetAsync("/api/v1/deals?q=xylophonic&status=open", Ct).JsonAsync()).Ids());
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/deals?status=pending", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_deleted_deal_is_gone_from_the_api_and_in_the_trash()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync("/api/v1/deals", new { title = "Binned deal", currency = "USD" }, Ct);
        var location = created.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(location, Ct)).StatusCode);

        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        Assert.True(await session.ScalarAsync<bool>("select deleted_at is not null from deals where id = @id", ("id", (await created.JsonAsync()).Id())));
    }

    [Fact]
    public async Task A_bulk_create_saves_a_thousand_deals_in_one_call_in_the_order_sent()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var batch = Guid.NewGuid().ToString("N")[..8];
        var records = Enumerable.Range(0, 1000).Select(i => new { title = $"Bulk {batch} {i:D4}", currency = "EUR", value = i }).ToArray();

        var created = await client.PostAsJsonAsync("/api/v1/deals/bulk", new { records }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await created.JsonAsync()).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(records.Select(r => r.title), data.Select(d => d.GetProperty("title").GetString()));
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        Assert.Equal(1000L, await session.ScalarAsync<long>("select count(distinct rank) from deals where title like @t", ("t", $"Bulk {batch}%")));
        Assert.Equal(1000L, await session.ScalarAsync<long>(
            "select count(*) from audit_logs where table_name = 'deals' and action = 'insert' and new_data ->> 'title' like @t", ("t", $"Bulk {batch}%")));
    }

    [Fact]
    public async Task A_bulk_create_with_one_bad_deal_saves_none_and_names_the_record_and_field()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var batch = Guid.NewGuid().ToString("N")[..8];
        var records = Enumerable.Range(0, 1000)
            .Select(i => new { title = $"Refused {batch} {i}", currency = i == 500 ? "XX" : "EUR" }).ToArray();

        var refused = await client.PostAsJsonAsync("/api/v1/deals/bulk", new { records }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.ProblemAsync();
        Assert.Equal(500, problem.GetProperty("index").GetInt32());
        Assert.Contains("currency", problem.GetProperty("errors").GetProperty("records[500].currency")[0].GetString());
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        Assert.Equal(0L, await session.ScalarAsync<long>("select count(*) from deals where title like @t", ("t", $"Refused {batch}%")));

        var empty = await client.PostAsJsonAsync("/api/v1/deals/bulk", new { records = Array.Empty<object>() }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        var withNull = await client.PostAsJsonAsync("/api/v1/deals/bulk", new { records = new object?[] { new { title = "Fine", currency = "EUR" }, null } }, Ct);
        Assert.Equal(DealForm.MissingTitle, await withNull.FieldErrorAsync("records[1].title"));
    }
}
