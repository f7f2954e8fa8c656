using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Api;

/// <summary>The contacts endpoints' contract over real HTTP: success shapes, every refusal as a problem body.</summary>
public sealed class ContactApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private static readonly string[] ReadWrite = ["contacts:write"];
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_without_a_key_or_with_a_made_up_one_is_a_401_problem_that_says_how_to_authenticate()
    {
        using var anonymous = site.Client();
        var missing = await anonymous.GetAsync("/api/v1/contacts", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer realm=\"crm\"", missing.Headers.WwwAuthenticate.ToString());
        Assert.Contains("Authorization: Bearer", (await Problem(missing)).GetProperty("detail").GetString());

        using var madeUp = site.Client("crm_AAAAAAAAAA_" + new string('B', 40));
        var refused = await madeUp.GetAsync("/api/v1/contacts", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("This API key is not valid.", (await Problem(refused)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_created_contact_comes_back_in_camel_case_with_its_location_and_etag_and_reads_the_same()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Ada", lastName = "Api", email = "ada.api@example.com" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await Json(created);
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/contacts/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("ada.api@example.com", body.GetProperty("email").GetString());
        Assert.Equal($"\"{body.GetProperty("version").GetUInt32()}\"", created.Headers.ETag?.Tag);

        var read = await client.GetAsync($"/api/v1/contacts/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(created.Headers.ETag?.Tag, read.Headers.ETag?.Tag);
        Assert.Equal("Api", (await Json(read)).GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task An_update_needs_the_current_etag_in_if_match_and_a_stale_one_is_a_412()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync("/api/v1/contacts", new { firstName = "Version", lastName = "One" }, Ct);
        var location = created.Headers.Location!.OriginalString;
        var firstTag = created.Headers.ETag!.Tag;

        var withoutTag = await client.PutAsJsonAsync(location, new { firstName = "Version", lastName = "Two" }, Ct);
        Assert.Equal(HttpStatusCode.PreconditionRequired, withoutTag.StatusCode);

        var updated = await Put(client, location, firstTag, new { firstName = "Version", lastName = "Two" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.NotEqual(firstTag, updated.Headers.ETag!.Tag);

        var stale = await Put(client, location, firstTag, new { firstName = "Version", lastName = "Three" });
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("Two", (await Json(await client.GetAsync(location, Ct))).GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task A_duplicate_email_is_a_409_naming_the_field_and_the_contact_that_holds_it()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var first = await Json(await client.PostAsJsonAsync("/api/v1/contacts", new { lastName = "First", email = "twice@example.com" }, Ct));
        var second = await client.PostAsJsonAsync("/api/v1/contacts", new { lastName = "Second", email = "TWICE@example.com" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var problem = await Problem(second);
        Assert.Equal(first.GetProperty("id").GetGuid(), problem.GetProperty("existingId").GetGuid());
        Assert.Equal("A contact with this email already exists.", problem.GetProperty("errors").GetProperty("email")[0].GetString());
    }

    [Fact]
    public async Task Bad_values_are_a_422_with_an_error_per_field_and_nothing_is_saved()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var refused = await client.PostAsJsonAsync("/api/v1/contacts", new { lastName = "Bad", email = "not-an-email", phone = "call me" }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await Problem(refused)).GetProperty("errors");
        Assert.Contains("valid email", errors.GetProperty("email")[0].GetString());
        Assert.True(errors.TryGetProperty("phone", out _));
        var list = await Json(await client.GetAsync("/api/v1/contacts?q=not-an-email", Ct));
        Assert.Equal(0, list.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_field_is_refused_with_a_400_rather_than_ignored()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var refused = await client.PostAsync("/api/v1/contacts",
            new StringContent("""{"lastName":"Typo","emial":"typo@example.com"}""", Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await Problem(refused);
        Assert.Contains("not known", problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString());
        Assert.DoesNotContain("CrmBlazor", problem.GetRawText());
    }

    [Fact]
    public async Task Another_tenants_contact_is_a_404_to_read_change_or_delete()
    {
        using var mine = site.Client(await site.MintKeyAsync(ReadWrite));
        var theirs = await Json(await mine.PostAsJsonAsync("/api/v1/contacts", new { lastName = "Not yours" }, Ct));
        var (_, otherKey) = await site.MintKeyInNewTenantAsync(ReadWrite);
        using var other = site.Client(otherKey);
        var url = $"/api/v1/contacts/{theirs.GetProperty("id").GetGuid()}";

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Put(other, url, $"\"{theirs.GetProperty("version").GetUInt32()}\"", new { lastName = "Taken" })).StatusCode);
        var delete = await other.DeleteAsync(url, Ct);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Equal("There is no contact with this id.", (await Problem(delete)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await mine.GetAsync(url, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_may_list_but_not_write_and_a_viewers_key_may_not_write_whatever_its_scopes()
    {
        using var reader = site.Client(await site.MintKeyAsync(["contacts:read"]));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/contacts", Ct)).StatusCode);
        var refused = await reader.PostAsJsonAsync("/api/v1/contacts", new { lastName = "Reader" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("contacts:write", (await Problem(refused)).GetProperty("requiredScope").GetString());

        using var noContacts = site.Client(await site.MintKeyAsync(["deals:read"]));
        Assert.Equal(HttpStatusCode.Forbidden, (await noContacts.GetAsync("/api/v1/contacts", Ct)).StatusCode);

        // Keys are made by Owners and Admins; one whose creator is later demoted to Viewer may no longer write.
        var key = await site.MintKeyAsync(ReadWrite, DemoTenant.Admin);
        await using (var owner = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner))
            await owner.ExecuteAsync("""
                update user_roles set role_id = (select id from roles where name = 'Viewer')
                where user_id = (select id from users where normalized_email = upper(@e))
                """, ("e", DemoTenant.Admin));
        using var demoted = site.Client(key);
        var viewerWrite = await demoted.PostAsJsonAsync("/api/v1/contacts", new { lastName = "Demoted" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, viewerWrite.StatusCode);
        Assert.Contains("can view records but not change them", (await Problem(viewerWrite)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Cursor_paging_returns_every_contact_once_while_contacts_are_added_between_pages()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var before = await AllIdsAsync(client, "limit=200");
        var seen = new List<Guid>();
        var added = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await Json(await client.GetAsync($"/api/v1/contacts?limit=7{(cursor is null ? "" : $"&cursor={cursor}")}", Ct));
            seen.AddRange(page.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            if (added.Count < 3)
                added.Add((await Json(await client.PostAsJsonAsync("/api/v1/contacts", new { lastName = $"Inserted {added.Count}" }, Ct))).GetProperty("id").GetGuid());
        } while (cursor is not null);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Empty(before.Except(seen));
        Assert.Empty(added.Except(seen));   // created later, so ordered after every page already read
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/contacts?cursor=garbage!", Ct)).StatusCode);
        var newest = await AllIdsAsync(client, "sort=-createdAt&limit=1");
        Assert.Equal(added[^1], Assert.Single(newest));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/contacts?sort=name", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_deleted_contact_is_gone_from_the_api_in_the_trash_and_audited_as_the_keys_call()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var created = await client.PostAsJsonAsync("/api/v1/contacts", new { lastName = "Binned" }, Ct);
        var location = created.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(location, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(location, Ct)).StatusCode);

        var id = (await Json(created)).GetProperty("id").GetGuid();
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        Assert.True(await session.ScalarAsync<bool>("select deleted_at is not null from contacts where id = @id", ("id", id)));
        var agent = await session.ScalarAsync<string>(
            "select user_agent from audit_logs where table_name = 'contacts' and record_id = @id order by id limit 1", ("id", id));
        Assert.StartsWith("API key crm_", agent);
    }

    [Fact]
    public async Task An_unknown_path_under_the_api_is_a_404_problem_not_the_apps_html_page()
    {
        using var client = site.Client(await site.MintKeyAsync(ReadWrite));
        var missing = await client.GetAsync("/api/v1/nothing-here", Ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    private async Task<List<Guid>> AllIdsAsync(HttpClient client, string query) =>
        (await Json(await client.GetAsync($"/api/v1/contacts?{query}", Ct))).GetProperty("data").EnumerateArray()
            .Select(c => c.GetProperty("id").GetGuid()).ToList();

    private static Task<HttpResponseMessage> Put(HttpClient client, string url, string etag, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(etag));
        return client.SendAsync(request, Ct);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement;

    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await Json(response);
    }
}
