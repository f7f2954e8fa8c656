using System.Net;
using System.Net.Http.Json;
using System.Text;
using CrmBlazor.Tests.Infrastructure;
using static CrmBlazor.Tests.Api.RecordCalls;

namespace CrmBlazor.Tests.Api;

/// <summary>The companies endpoints' contract over real HTTP: the company form's rules, every refusal a problem body.</summary>
public sealed class CompanyApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private const string Companies = "/api/v1/companies";
    private const string LiveCompanies = "select count(*) from companies where deleted_at is null";
    private static readonly string[] ReadWrite = ["companies:write"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_company_comes_back_tidied_with_its_location_and_etag_and_reads_the_same()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync(Companies,
            new { name = "Acme Api", domain = "https://www.ACME-api.example/about", website = "acme-api.example", roles = new[] { "partner", "customer" } }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/companies/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal($"\"{body.GetProperty("version").GetUInt32()}\"", created.Headers.ETag?.Tag);
        Assert.Equal("acme-api.example", body.GetProperty("domain").GetString());
        Assert.Equal("https://acme-api.example", body.GetProperty("website").GetString());
        Assert.Equal(["customer", "partner"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var read = await client.GetAsync($"{Companies}/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(created.Headers.ETag?.Tag, read.Headers.ETag?.Tag);
        Assert.Equal("Acme Api", (await Json(read)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task An_update_needs_the_current_etag_in_if_match_and_a_stale_one_is_a_412()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync(Companies, new { name = "Version One Ltd" }, Ct);
        var location = created.Headers.Location!.OriginalString;
        var firstTag = created.Headers.ETag!.Tag;

        var withoutTag = await Put(client, location, null, new { name = "Version Two Ltd" });
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutTag.StatusCode);
        Assert.Equal(428, (await Problem(withoutTag)).GetProperty("status").GetInt32());

        var updated = await Put(client, location, firstTag, new { name = "Version Two Ltd", roles = new[] { "vendor" } });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(firstTag, updated.Headers.ETag!.Tag);
        Assert.Equal("vendor", (await Json(updated)).GetProperty("roles")[0].GetString());

        var stale = await Put(client, location, firstTag, new { name = "Version Three Ltd" });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("changed since the version you sent", (await Problem(stale)).GetProperty("detail").GetString());
        Assert.Equal("Version Two Ltd", (await Json(await client.GetAsync(location, Ct))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_domain_another_live_company_holds_is_a_409_naming_the_field_and_the_holder()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var first = await Json(await client.PostAsJsonAsync(Companies, new { name = "First Domain Co", domain = "held-domain.example" }, Ct));
        var second = await client.PostAsJsonAsync(Companies, new { name = "Second Domain Co", domain = "HELD-domain.example" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await Problem(second);
        Assert.Equal(first.GetProperty("id").GetGuid(), problem.GetProperty("existingId").GetGuid());
        Assert.Equal("A company with this domain already exists.", problem.GetProperty("errors").GetProperty("domain")[0].GetString());
    }

    [Fact]
    public async Task Bad_values_are_a_422_with_an_error_per_field_and_nothing_is_saved()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var before = await CountAsync(site, LiveCompanies);
        var refused = await client.PostAsJsonAsync(Companies,
            new { name = " ", website = "javascript:alert(1)", phone = "call me", roles = new[] { "boss" } }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await Problem(refused)).GetProperty("errors");
        Assert.Equal("Enter the company's name.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("Enter a web address like https://example.com.", errors.GetProperty("website")[0].GetString());
        Assert.True(errors.TryGetProperty("phone", out _));
        Assert.True(errors.TryGetProperty("roles", out _));
        Assert.Equal(before, await CountAsync(site, LiveCompanies));
    }

    [Fact]
    public async Task An_unknown_field_is_a_400_and_a_key_without_the_scope_a_403()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var typo = await client.PostAsync(Companies,
            new StringContent("""{"name":"Typo Inc","domian":"typo.example"}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("not known", (await Problem(typo)).GetProperty("errors").GetProperty("$.domian")[0].GetString());

        using var reader = site.Client(await site.MintKeyAsync(["companies:read"]));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Companies, Ct)).StatusCode);
        var write = await reader.PostAsJsonAsync(Companies, new { name = "Reader Inc" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("companies:write", (await Problem(write)).GetProperty("requiredScope").GetString());

        using var contactsOnly = site.Client(await site.MintKeyAsync(["contacts:write"]));
        var list = await contactsOnly.GetAsync(Companies, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal("companies:read", (await Problem(list)).GetProperty("requiredScope").GetString());
    }

    [Fact]
    public async Task Another_tenants_company_is_a_404_to_read_change_or_delete()
    {
        using var mine = site.Client(await site.MintKeyAsync(ReadWrite));
        var theirs = await Json(await mine.PostAsJsonAsync(Companies, new { name = "Not Yours Ltd" }, Ct));
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(ReadWrite);
        using var other = site.Client(otherKey);
        var url = $"{Companies}/{theirs.GetProperty("id").GetGuid()}";

        var read = await other.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal("There is no company with this id.", (await Problem(read)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Put(other, url, $"\"{theirs.GetProperty("version").GetUInt32()}\"", new { name = "Taken" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal("Not Yours Ltd", (await Json(await mine.GetAsync(url, Ct))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_deleted_company_is_gone_from_the_api_and_in_the_trash()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync(Companies, new { name = "Binned Ltd" }, Ct);
        var location = created.Headers.Location!.OriginalString;

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(1, await CountAsync(site, "select count(*) from companies where id = @id and deleted_at is not null",
            ("id", (await Json(created)).GetProperty("id").GetGuid())));
    }

    [Fact]
    public async Task Cursor_paging_returns_every_company_once_while_companies_are_added_between_pages()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var before = await IdsOf(await client.GetAsync($"{Companies}?limit=200", Ct));
        var added = new List<Guid>();

        var seen = await AllPagesAsync(client, Companies, 3, async () =>
        {
            if (added.Count < 3)
                added.Add((await Json(await client.PostAsJsonAsync(Companies, new { name = $"Inserted {added.Count} {Guid.NewGuid():N}" }, Ct))).GetProperty("id").GetGuid());
        });

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(before.Except(seen));
        Assert.Empty(added.Except(seen));
        var newestFirst = await AllPagesAsync(client, $"{Companies}?sort=-createdAt", 4);
        Assert.Equal(Enumerable.Reverse(seen), newestFirst);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Companies}?cursor=garbage!", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_list_filters_by_role_and_owner_and_searches_as_the_app_does()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var word = "Zebulon" + Guid.NewGuid().ToString("N")[..6];
        var principal = await Json(await client.PostAsJsonAsync(Companies, new { name = $"{word} Principal", roles = new[] { "principal" } }, Ct));
        await client.PostAsJsonAsync(Companies, new { name = $"{word} Prospect", roles = new[] { "prospect" } }, Ct);

        var principals = await IdsOf(await client.GetAsync($"{Companies}?role=principal&limit=200", Ct));
        Assert.Contains(principal.GetProperty("id").GetGuid(), principals);
        var searched = (await Json(await client.GetAsync($"{Companies}?q={word}", Ct))).GetProperty("data").EnumerateArray()
            .Select(c => c.GetProperty("name").GetString()).ToList();
        Assert.Equal(2, searched.Count);
        Assert.All(searched, name => Assert.StartsWith(word, name));
        var searchedPrincipals = await IdsOf(await client.GetAsync($"{Companies}?q={word}&role=principal", Ct));
        Assert.Equal([principal.GetProperty("id").GetGuid()], searchedPrincipals);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Companies}?role=boss", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_bulk_create_saves_every_company_in_order_or_none_naming_the_refused_record()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var before = await CountAsync(site, LiveCompanies);
        object[] records = [.. Enumerable.Range(0, 300).Select(i => new { name = $"Bulk Co {i:D3}", domain = $"bulk-{i}.example", roles = new[] { "prospect" } })];

        var created = await client.PostAsJsonAsync($"{Companies}/bulk", new { records }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await Json(created)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(Enumerable.Range(0, 300).Select(i => $"Bulk Co {i:D3}"), data.Select(c => c.GetProperty("name").GetString()));
        Assert.All(data, c => Assert.Equal("prospect", c.GetProperty("roles")[0].GetString()));
        Assert.Equal(before + 300, await CountAsync(site, LiveCompanies));

        records = [.. Enumerable.Range(0, 50).Select(i => new { name = $"Second Bulk {i}" })];
        records[20] = new { name = "", domain = "fine.example" };
        var badName = await client.PostAsJsonAsync($"{Companies}/bulk", new { records }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badName.StatusCode);
        Assert.Equal("Enter the company's name.", (await Problem(badName)).GetProperty("errors").GetProperty("records[20].name")[0].GetString());

        records[20] = new { name = "Twice A", domain = "www.same-twice.example" };
        records[30] = new { name = "Twice B", domain = "https://same-twice.example/" };
        var twice = await client.PostAsJsonAsync($"{Companies}/bulk", new { records }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, twice.StatusCode);
        Assert.Contains("Record 20 of this request", (await Problem(twice)).GetProperty("errors").GetProperty("records[30].domain")[0].GetString());

        records[30] = new { name = "Taker", domain = "BULK-7.example" };
        var held = await client.PostAsJsonAsync($"{Companies}/bulk", new { records }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, held.StatusCode);
        var problem = await Problem(held);
        Assert.Equal(30, problem.GetProperty("index").GetInt32());
        Assert.Equal(data[7].GetProperty("id").GetGuid(), problem.GetProperty("existingId").GetGuid());

        // A rule only the database checks (the owner must be a user of this tenant) names its record too.
        records[30] = new { name = "Owned by nobody", ownerId = Guid.NewGuid() };
        var noOwner = await client.PostAsJsonAsync($"{Companies}/bulk", new { records }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noOwner.StatusCode);
        Assert.Equal("That owner does not exist.", (await Problem(noOwner)).GetProperty("errors").GetProperty("records[30].ownerId")[0].GetString());

        object[] tooMany = [.. Enumerable.Range(0, 1001).Select(i => new { name = $"Too many {i}" })];
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.PostAsJsonAsync($"{Companies}/bulk", new { records = tooMany }, Ct)).StatusCode);
        Assert.Equal(before + 300, await CountAsync(site, LiveCompanies));
    }
}
