using System.Net;
using System.Net.Http.Json;
using System.Text;
using CrmBlazor.Tests.Infrastructure;
using static CrmBlazor.Tests.Api.RecordCalls;

namespace CrmBlazor.Tests.Api;

/// <summary>The tags endpoints' contract over real HTTP: the Tags page's rules (admins only, unique names), every refusal a problem body.</summary>
public sealed class TagApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private const string Tags = "/api/v1/tags";
    private static readonly string[] ReadWrite = ["tags:write"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_tag_comes_back_with_its_location_etag_and_the_default_color_and_reads_the_same()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync(Tags, new { name = "  Api partner " }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/tags/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Api partner", body.GetProperty("name").GetString());
        Assert.Equal("#607D8B", body.GetProperty("color").GetString());
        Assert.Equal($"\"{body.GetProperty("version").GetUInt32()}\"", created.Headers.ETag?.Tag);

        var read = await client.GetAsync($"{Tags}/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(created.Headers.ETag?.Tag, read.Headers.ETag?.Tag);

        // A contact's tags are set through its tagIds.
        using var contacts = site.Client(await site.MintKeyAsync(["contacts:write"]));
        var tagged = await Json(await contacts.PostAsJsonAsync("/api/v1/contacts", new { lastName = "Tagged", tagIds = new[] { id } }, Ct));
        Assert.Equal(id, tagged.GetProperty("tagIds")[0].GetGuid());
    }

    [Fact]
    public async Task An_update_needs_the_current_etag_in_if_match_and_a_stale_one_is_a_412()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync(Tags, new { name = "Tag version one", color = "#112233" }, Ct);
        var location = created.Headers.Location!.OriginalString;
        var firstTag = created.Headers.ETag!.Tag;

        Assert.Equal(HttpStatusCode.PreconditionRequired, (await Put(client, location, null, new { name = "Tag version two" })).StatusCode);

        var updated = await Put(client, location, firstTag, new { name = "Tag version two", color = "#abcdef" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("#ABCDEF", (await Json(updated)).GetProperty("color").GetString());
        Assert.NotEqual(firstTag, updated.Headers.ETag!.Tag);

        var stale = await Put(client, location, firstTag, new { name = "Tag version three", color = "#000000" });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("changed since the version you sent", (await Problem(stale)).GetProperty("detail").GetString());
        Assert.Equal("Tag version two", (await Json(await client.GetAsync(location, Ct))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_name_another_tag_has_in_any_case_is_a_409_naming_the_field_and_the_holder()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var first = await Json(await client.PostAsJsonAsync(Tags, new { name = "Held tag name" }, Ct));
        var second = await client.PostAsJsonAsync(Tags, new { name = "HELD TAG NAME" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await Problem(second);
        Assert.Equal(first.GetProperty("id").GetGuid(), problem.GetProperty("existingId").GetGuid());
        Assert.Equal("A tag with this name already exists.", problem.GetProperty("errors").GetProperty("name")[0].GetString());
    }

    [Fact]
    public async Task Bad_values_are_a_422_with_an_error_per_field_and_an_unknown_field_a_400()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var refused = await client.PostAsJsonAsync(Tags, new { name = "", color = "red" }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await Problem(refused)).GetProperty("errors");
        Assert.Equal("Enter the tag's name.", errors.GetProperty("name")[0].GetString());
        Assert.Equal("Enter a color as # and six hex digits, like #1976D2.", errors.GetProperty("color")[0].GetString());

        var typo = await client.PostAsync(Tags, new StringContent("""{"name":"Typo","colour":"#000000"}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.True((await Problem(typo)).GetProperty("errors").TryGetProperty("$.colour", out _));
        Assert.Equal(0, await CountAsync(site, "select count(*) from tags where name = 'Typo' or color = 'red'"));
    }

    [Fact]
    public async Task A_read_only_key_and_a_members_key_may_not_change_tags()
    {
        using var reader = site.Client(await site.MintKeyAsync(["tags:read"]));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Tags, Ct)).StatusCode);
        var write = await reader.PostAsJsonAsync(Tags, new { name = "Reader tag" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("tags:write", (await Problem(write)).GetProperty("requiredScope").GetString());

        // Tags are managed by Owners and Admins: a key made by an Admin later demoted to Member may no longer.
        var key = await site.MintKeyAsync(ReadWrite, DemoTenant.Admin);
        await using (var owner = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner))
            await owner.ExecuteAsync("""
                update user_roles set role_id = (select id from roles where name = 'Member')
                where user_id = (select id from users where normalized_email = upper(@e))
                """, ("e", DemoTenant.Admin));
        using var member = site.Client(key);
        var refused = await member.PostAsJsonAsync(Tags, new { name = "Member tag" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(0, await CountAsync(site, "select count(*) from tags where name in ('Reader tag', 'Member tag')"));
    }

    [Fact]
    public async Task Another_tenants_tag_is_a_404_to_read_change_or_delete()
    {
        using var mine = site.Client(await site.MintKeyAsync(ReadWrite));
        var theirs = await Json(await mine.PostAsJsonAsync(Tags, new { name = "Not your tag" }, Ct));
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(ReadWrite);
        using var other = site.Client(otherKey);
        var url = $"{Tags}/{theirs.GetProperty("id").GetGuid()}";

        var read = await other.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal("There is no tag with this id.", (await Problem(read)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Put(other, url, $"\"{theirs.GetProperty("version").GetUInt32()}\"", new { name = "Taken" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal("Not your tag", (await Json(await mine.GetAsync(url, Ct))).GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_deleted_tag_is_gone_and_taken_off_its_contacts()
    {
        using var client = site.Client(await site.MintKeyAsync(["tags:write", "contacts:write"]));
        var created = await client.PostAsJsonAsync(Tags, new { name = "Short lived" }, Ct);
        var id = (await Json(created)).GetProperty("id").GetGuid();
        var contact = await Json(await client.PostAsJsonAsync("/api/v1/contacts", new { lastName = "Was tagged", tagIds = new[] { id } }, Ct));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(created.Headers.Location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(created.Headers.Location, Ct)).StatusCode);
        var after = await Json(await client.GetAsync($"/api/v1/contacts/{contact.GetProperty("id").GetGuid()}", Ct));
        Assert.Equal(0, after.GetProperty("tagIds").GetArrayLength());
    }

    [Fact]
    public async Task Cursor_paging_returns_every_tag_once_while_tags_are_added_between_pages()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        for (var i = 0; i < 5; i++) await client.PostAsJsonAsync(Tags, new { name = $"Paged tag {i}" }, Ct);
        var before = await IdsOf(await client.GetAsync($"{Tags}?limit=200", Ct));
        var added = new List<Guid>();

        var seen = await AllPagesAsync(client, Tags, 2, async () =>
        {
            if (added.Count < 3)
                added.Add((await Json(await client.PostAsJsonAsync(Tags, new { name = $"Added tag {Guid.NewGuid():N}" }, Ct))).GetProperty("id").GetGuid());
        });

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(before.Except(seen));
        Assert.Empty(added.Except(seen));
        Assert.Equal(Enumerable.Reverse(seen), await AllPagesAsync(client, $"{Tags}?sort=-createdAt", 3));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"{Tags}?cursor=garbage!", Ct)).StatusCode);
        var badSort = await client.GetAsync($"{Tags}?sort=name", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.Contains("-createdAt", (await Problem(badSort)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Q_keeps_the_tags_whose_name_contains_it_ignoring_case_and_pages_by_the_same_cursor()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var wanted = new List<Guid>();
        foreach (var name in new[] { "Searchable North", "Other tag", "SEARCHABLE south", "Not this one", "east searchable" })
        {
            var id = (await Json(await client.PostAsJsonAsync(Tags, new { name }, Ct))).GetProperty("id").GetGuid();
            if (name.Contains("searchable", StringComparison.OrdinalIgnoreCase)) wanted.Add(id);
        }

        var found = await AllPagesAsync(client, $"{Tags}?q=%20sEaRcHaBlE%20", 2);

        Assert.Equal(wanted, found);   // oldest first, every page filtered, nothing else
        Assert.Equal(Enumerable.Reverse(wanted), await AllPagesAsync(client, $"{Tags}?q=searchable&sort=-createdAt", 1));
        Assert.Empty(await IdsOf(await client.GetAsync($"{Tags}?q=no%20such%20tag", Ct)));
        // A blank q is no filter; a LIKE wildcard is a plain character, not "anything".
        Assert.Equal(await IdsOf(await client.GetAsync($"{Tags}?limit=200", Ct)), await IdsOf(await client.GetAsync($"{Tags}?q=%20&limit=200", Ct)));
        Assert.Empty(await IdsOf(await client.GetAsync($"{Tags}?q=%25", Ct)));
    }
}
