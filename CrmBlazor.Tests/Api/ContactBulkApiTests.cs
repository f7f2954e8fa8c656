using System.Net;
using System.Net.Http.Json;
using System.Text;
using CrmBlazor.Tests.Infrastructure;
using static CrmBlazor.Tests.Api.RecordCalls;

namespace CrmBlazor.Tests.Api;

/// <summary>POST /api/v1/contacts/bulk over real HTTP: up to 1,000 contacts, all saved or none, the refused record named.</summary>
public sealed class ContactBulkApiTests(ApiSite site) : IClassFixture<ApiSite>
{
    private const string Bulk = "/api/v1/contacts/bulk";
    private const string LiveContacts = "select count(*) from contacts where deleted_at is null";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object[] People(int count, string tag) =>
        [.. Enumerable.Range(0, count).Select(i => new { firstName = "Bulk", lastName = $"{tag} {i:D4}", email = $"{tag}.{i}@bulk.example.com" })];

    [Fact]
    public async Task A_thousand_contacts_are_created_in_one_call_and_come_back_in_the_order_sent()
    {
        using var client = site.Client(await site.MintKeyAsync(["contacts:write"]));
        var before = await CountAsync(site, LiveContacts);

        var created = await client.PostAsJsonAsync(Bulk, new { records = People(1000, "thousand") }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var data = (await Json(created)).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(1000, data.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"thousand {i:D4}"), data.Select(c => c.GetProperty("lastName").GetString()));
        Assert.All(data, c => Assert.True(c.GetProperty("version").GetUInt32() > 0));
        Assert.Equal(before + 1000, await CountAsync(site, LiveContacts));
        // Each is a contact like any other: readable by id, audited as the key's call.
        var last = data[^1].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/contacts/{last}", Ct)).StatusCode);
        Assert.Equal(1000, await CountAsync(site,
            "select count(*) from audit_logs where table_name = 'contacts' and action = 'insert' and user_agent like 'API key crm_%' and new_data ->> 'last_name' like 'thousand %'"));
    }

    [Fact]
    public async Task More_than_a_thousand_records_or_none_are_refused_and_nothing_is_saved()
    {
        using var client = site.Client(await site.MintKeyAsync(["contacts:write"]));
        var before = await CountAsync(site, LiveContacts);

        var tooMany = await client.PostAsJsonAsync(Bulk, new { records = People(1001, "toomany") }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMany.StatusCode);
        Assert.Contains("between 1 and 1000", (await Problem(tooMany)).GetProperty("detail").GetString());

        var empty = await client.PostAsJsonAsync(Bulk, new { records = Array.Empty<object>() }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Equal(before, await CountAsync(site, LiveContacts));
    }

    [Fact]
    public async Task One_bad_record_among_five_hundred_saves_none_and_the_error_names_its_place_and_field()
    {
        using var client = site.Client(await site.MintKeyAsync(["contacts:write"]));
        var before = await CountAsync(site, LiveContacts);
        var records = People(500, "onebad");
        records[317] = new { firstName = "Bad", lastName = "Email", email = "not-an-email" };

        var refused = await client.PostAsJsonAsync(Bulk, new { records }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await Problem(refused);
        Assert.Equal(317, problem.GetProperty("index").GetInt32());
        Assert.Contains("valid email", problem.GetProperty("errors").GetProperty("records[317].email")[0].GetString());
        Assert.StartsWith("Record 317 was refused, so none", problem.GetProperty("detail").GetString());
        Assert.Equal(before, await CountAsync(site, LiveContacts));
    }

    [Fact]
    public async Task The_same_email_twice_in_one_request_is_refused_at_its_second_record()
    {
        using var client = site.Client(await site.MintKeyAsync(["contacts:write"]));
        var before = await CountAsync(site, LiveContacts);
        var records = People(10, "twice");
        records[7] = new { lastName = "Again", email = "TWICE.2@bulk.example.com" };

        var refused = await client.PostAsJsonAsync(Bulk, new { records }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await Problem(refused);
        Assert.Equal(7, problem.GetProperty("index").GetInt32());
        Assert.Contains("Record 2 of this request", problem.GetProperty("errors").GetProperty("records[7].email")[0].GetString());
        Assert.Equal(before, await CountAsync(site, LiveContacts));
    }

    [Fact]
    public async Task An_email_a_live_contact_holds_is_a_409_naming_the_record_and_the_holder()
    {
        using var client = site.Client(await site.MintKeyAsync(["contacts:write"]));
        var holder = await Json(await client.PostAsJsonAsync("/api/v1/contacts", new { lastName = "Holder", email = "held@bulk.example.com" }, Ct));
        var before = await CountAsync(site, LiveContacts);
        var records = People(5, "held");
        records[3] = new { lastName = "Taker", email = "Held@Bulk.example.com" };

        var refused = await client.PostAsJsonAsync(Bulk, new { records }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await Problem(refused);
        Assert.Equal(3, problem.GetProperty("index").GetInt32());
        Assert.Equal(holder.GetProperty("id").GetGuid(), problem.GetProperty("existingId").GetGuid());
        Assert.Equal("A contact with this email already exists.", problem.GetProperty("errors").GetProperty("records[3].email")[0].GetString());
        Assert.Equal(before, await CountAsync(site, LiveContacts));
    }

    [Fact]
    public async Task A_rule_only_the_database_knows_is_mapped_to_the_record_that_broke_it()
    {
        // A deleted company may not be linked (the active-references trigger): no form rule sees it.
        using var client = site.Client(await site.MintKeyAsync(["contacts:write"]));
        var (records, before) = await RefusedAtADeletedCompanyAsync(client, 6, 4);

        // A tag that does not exist (or is another tenant's) is refused the same way, not a 500.
        records[4] = new { lastName = "Tagged", tagIds = new[] { Guid.NewGuid() } };
        var unknownTag = await client.PostAsJsonAsync(Bulk, new { records }, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownTag.StatusCode);
        Assert.True((await Problem(unknownTag)).GetProperty("errors").TryGetProperty("records[4].tagIds", out _));
        Assert.Equal(before, await CountAsync(site, LiveContacts));
    }

    [Fact]
    public async Task A_rule_the_database_checks_only_at_commit_is_mapped_to_the_record_that_broke_it()
    {
        // The active-references rule made a deferred constraint trigger, as a rule checked at commit is: the bulk
        // insert passes every statement and fails at COMMIT, where the database names no row.
        await using var owner = await DbSession.OpenAsync(site.Database.OwnerConnectionString);
        await owner.ExecuteAsync("""
            DROP TRIGGER assert_active_references ON contacts;
            CREATE CONSTRAINT TRIGGER assert_active_references AFTER INSERT OR UPDATE ON contacts DEFERRABLE INITIALLY DEFERRED
                FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('company_id', 'companies', 'owner_id', 'users');
            """);
        try
        {
            using var client = site.Client(await site.MintKeyAsync(["contacts:write"]));
            await RefusedAtADeletedCompanyAsync(client, 5, 3);
        }
        finally
        {
            await owner.ExecuteAsync("""
                DROP TRIGGER assert_active_references ON contacts;
                CREATE TRIGGER assert_active_references BEFORE INSERT OR UPDATE ON contacts
                    FOR EACH ROW EXECUTE FUNCTION crm_assert_active_references('company_id', 'companies', 'owner_id', 'users');
                """);
        }
    }

    [Fact]
    public async Task A_read_only_key_is_403_and_an_unknown_field_in_a_record_is_a_400()
    {
        using var reader = site.Client(await site.MintKeyAsync(["contacts:read"]));
        var refused = await reader.PostAsJsonAsync(Bulk, new { records = People(2, "reader") }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("contacts:write", (await Problem(refused)).GetProperty("requiredScope").GetString());

        using var writer = site.Client(await site.MintKeyAsync(["contacts:write"]));
        var typo = await writer.PostAsync(Bulk, new StringContent(
            """{"records":[{"lastName":"Fine"},{"lastName":"Typo","emial":"x@example.com"}]}""", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Contains("not known", (await Problem(typo)).GetProperty("errors").EnumerateObject().Single().Value[0].GetString());
        Assert.Equal(0, await CountAsync(site, "select count(*) from contacts where last_name in ('Fine', 'Typo')"));
    }

    /// <summary>
    /// Sends <paramref name="count"/> contacts, the one at <paramref name="at"/> linked to a deleted company, and checks that
    /// the call is refused naming that record and its companyId, with nothing saved; the records and the count before, to send more.
    /// </summary>
    private async Task<(object[] Records, long Before)> RefusedAtADeletedCompanyAsync(HttpClient client, int count, int at)
    {
        await using var session = await DemoTenant.OpenSessionAsync(site.App, DemoTenant.Owner);
        var deleted = await session.AddCompanyAsync();
        await session.ExecuteAsync("update companies set deleted_at = now() where id = @id", ("id", deleted));
        var before = await CountAsync(site, LiveContacts);
        var records = People(count, $"deleted{count}");
        records[at] = new { lastName = "At a deleted company", companyId = deleted };

        var refused = await client.PostAsJsonAsync(Bulk, new { records }, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await Problem(refused);
        Assert.Equal(at, problem.GetProperty("index").GetInt32());
        Assert.Contains("deleted", problem.GetProperty("errors").GetProperty($"records[{at}].companyId")[0].GetString());
        Assert.Equal(before, await CountAsync(site, LiveContacts));
        return (records, before);
    }
}
