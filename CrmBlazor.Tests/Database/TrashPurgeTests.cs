using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Database;

/// <summary>crm_purge_trash (Sql/trash.sql): what the nightly purge removes, keeps and records, and who may run it.</summary>
public sealed class TrashPurgeTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    /// <summary>One tenant's rows: deleted long ago, deleted recently, and live, of each kind.</summary>
    private sealed record Rows(Guid Tenant, Guid[] Old, Guid[] Recent, Guid[] Live, Guid LiveActivityOfOldContact);

    private async Task<Rows> ArrangeAsync(string name)
    {
        await using var app = await DbSession.OpenAsync(database.AppConnectionString);
        var tenant = await app.CreateTenantAsync(name);
        var pipeline = await app.AddPipelineAsync();
        var tag = await app.AddTagAsync();

        async Task<Guid[]> FamilyAsync()
        {
            var company = await app.AddCompanyAsync();
            var contact = await app.AddContactAsync(company);
            await app.ExecuteAsync("insert into contact_tags (contact_id, tag_id) values (@c, @t)", ("c", contact), ("t", tag));
            var deal = await app.AddDealAsync(pipeline, contactId: contact, companyId: company);
            var activity = await app.AddActivityAsync(contact, company, deal);
            return [activity, deal, contact, company];
        }
        var old = await FamilyAsync();
        var recent = await FamilyAsync();
        var live = await FamilyAsync();
        // A live activity about a contact that is purged: it stays, without the link.
        var liveActivityOfOldContact = await app.AddActivityAsync(old[2]);
        foreach (var (ids, ago) in new[] { (old, "31 days"), (recent, "29 days") })
            foreach (var (table, id) in new[] { "activities", "deals", "contacts", "companies" }.Zip(ids))
                await app.ExecuteAsync($"update {table} set deleted_at = now() - @ago::interval where id = @id", ("ago", ago), ("id", id));
        return new(tenant.Id, old, recent, live, liveActivityOfOldContact);
    }

    [Fact]
    public async Task The_purge_removes_exactly_the_rows_deleted_before_the_window_in_every_tenant_and_audits_each_tenant()
    {
        var first = await ArrangeAsync("Purge One");
        var second = await ArrangeAsync("Purge Two");
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);

        var purged = await owner.ScalarAsync<long>("select crm_purge_trash()");

        // Two tenants' four rows; the other tests' rows are newer than 30 days.
        Assert.Equal(8L, purged);
        foreach (var rows in new[] { first, second })
        {
            await using var app = await DbSession.OpenAsync(database.AppConnectionString, rows.Tenant);
            foreach (var (table, i) in new[] { "activities", "deals", "contacts", "companies" }.Select((t, i) => (t, i)))
            {
                Assert.Equal(0L, await app.CountAsync($"{table} where id = @id", ("id", rows.Old[i])));
                Assert.Equal(1L, await app.CountAsync($"{table} where id = @id and deleted_at is not null", ("id", rows.Recent[i])));
                Assert.Equal(1L, await app.CountAsync($"{table} where id = @id and deleted_at is null", ("id", rows.Live[i])));
            }
            // Tags went with the purged contact; the live activity lost only its link.
            Assert.Equal(0L, await app.CountAsync("contact_tags where contact_id = @id", ("id", rows.Old[2])));
            Assert.Equal(1L, await app.CountAsync("activities where id = @id and contact_id is null and deleted_at is null", ("id", rows.LiveActivityOfOldContact)));
            // One event with the counts, and each purged row's delete with its old values, in this tenant's log.
            Assert.Equal(["{\"deals\": 1, \"contacts\": 1, \"companies\": 1, \"activities\": 1, \"older_than\": \"30 days\"}"],
                await app.ListAsync<string>("select new_data::text from audit_logs where event = 'trash.purge'"));
            Assert.Equal(1L, await app.CountAsync(
                "audit_logs where table_name = 'contacts' and record_id = @id and action = 'delete' and old_data ->> 'id' = @id::text", ("id", rows.Old[2])));
        }
        Assert.Equal(0L, await owner.ScalarAsync<long>("select crm_purge_trash()"));
        // The caller's own setting is back once the purge is done.
        Assert.Equal("", await owner.ScalarAsync<string>("select current_setting('app.tenant_id')"));
    }

    [Fact]
    public async Task A_shorter_window_purges_the_recent_rows_too_and_a_company_still_in_a_deal_is_kept()
    {
        await using var app = await DbSession.OpenAsync(database.AppConnectionString);
        var tenant = await app.CreateTenantAsync("Purge Three");
        var pipeline = await app.AddPipelineAsync();
        var inDeal = await app.AddCompanyAsync();
        var alone = await app.AddCompanyAsync();
        var deal = await app.AddDealAsync(pipeline);
        await app.AddParticipantAsync(deal, inDeal);
        await app.ExecuteAsync("update companies set deleted_at = now() - interval '2 days' where id in (@a, @b)", ("a", inDeal), ("b", alone));
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);

        Assert.True(await owner.ScalarAsync<long>("select crm_purge_trash(interval '1 day')") >= 1);

        await app.ActAsAsync(tenant.Id);
        Assert.Equal(["{\"deals\": 0, \"contacts\": 0, \"companies\": 1, \"activities\": 0, \"older_than\": \"1 day\"}"],
            await app.ListAsync<string>("select new_data::text from audit_logs where event = 'trash.purge'"));
        Assert.Equal(0L, await app.CountAsync("companies where id = @id", ("id", alone)));
        Assert.Equal(1L, await app.CountAsync("companies where id = @id", ("id", inDeal)));
    }

    [Fact]
    public async Task The_app_role_may_not_run_the_purge()
    {
        await using var app = await DbSession.OpenAsync(database.AppConnectionString);
        await app.CreateTenantAsync("Purge Refused");

        var error = await DbAssert.FailsAsync("42501", () => app.ScalarAsync<long>("select crm_purge_trash()"));

        Assert.Contains("permission denied for function crm_purge_trash", error.MessageText);
    }
}
