using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>The tally the contacts list shows as its total, kept by triggers.</summary>
public sealed class ContactTallyTests(CrmDatabase database) : IClassFixture<CrmDatabase>
{
    [Fact]
    public async Task Tally_follows_inserts_soft_deletes_restores_and_deletes_per_tenant()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var other = await session.CreateTenantAsync("Other");
        await session.AddContactAsync();
        await session.CreateTenantAsync("Tallied");
        await session.ExecuteAsync("insert into contacts (first_name) values ('One'), ('Two'), ('Three')");
        await AssertTallyAsync(session, 3);

        var ids = await session.ScalarAsync<Guid[]>("select array_agg(id order by first_name) from contacts");
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = any(@ids)", ("ids", ids[..2]));
        await AssertTallyAsync(session, 1);
        await session.ExecuteAsync("update contacts set deleted_at = null where id = @id", ("id", ids[0]));
        await AssertTallyAsync(session, 2);
        await session.ExecuteAsync("update contacts set job_title = 'Engineer'");
        await AssertTallyAsync(session, 2);
        // Removed for good as the app does it: crm_app may not delete contacts itself (soft_delete.sql).
        await session.ExecuteAsync("update contacts set deleted_at = now() where id = @id", ("id", ids[0]));
        await session.ExecuteAsync("select crm_delete_forever('{}', '{}', @ids, '{}')", ("ids", ids[..2]));
        await AssertTallyAsync(session, 1);

        await session.ActAsAsync(other);
        await AssertTallyAsync(session, 1);
    }

    [Fact]
    public async Task Runtime_role_reads_its_tally_but_cannot_write_it()
    {
        await using var session = await DbSession.OpenAsync(database.AppConnectionString);
        var tenant = await session.CreateTenantAsync();
        await session.AddContactAsync();

        await DbAssert.FailsAsync("42501", () => session.ExecuteAsync("update contact_tallies set live_contacts = 0"));
        // The session's own tenant, so row-level security would let it through: the refusal is the missing privilege.
        await DbAssert.FailsAsync("42501", () => session.ExecuteAsync(
            "insert into contact_tallies (tenant_id, live_contacts) values (@t, 0) on conflict do nothing", ("t", tenant.Id)));
        await DbAssert.FailsAsync("42501", () => session.ExecuteAsync("delete from contact_tallies"));
        await AssertTallyAsync(session, 1);
    }

    private static async Task AssertTallyAsync(DbSession session, long expected)
    {
        Assert.Equal(expected, await session.ScalarAsync<long>("select live_contacts from contact_tallies"));
        Assert.Equal(expected, await session.ScalarAsync<long>("select count(*) from contacts where deleted_at is null"));
    }
}
