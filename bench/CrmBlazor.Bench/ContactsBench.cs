using CrmBlazor.Features.Contacts;
using CrmBlazor.Tenancy;
using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench contacts: a million contacts in each of two tenants; the app's own ContactService,
/// as the runtime role, against hand-tuned SQL for the same answers (also as the runtime role, so
/// row-level security costs both the same): pages of the list and its count. The search has its own
/// harness with realistic names and queries (./crm bench search).
/// </summary>
public static class ContactsBench
{
    private const int PageQueries = 200;

    public static async Task RunAsync(BenchDatabase db)
    {
        var tenantA = await ContactsData.EnsureTenantAsync(db.Owner, "bench-a", "Bench A");
        await ContactsData.EnsureTenantAsync(db.Owner, "bench-b", "Bench B");

        var tenant = new TenantSnapshot(tenantA, null, "Member");
        var factory = db.AppContexts(tenant);
        var contacts = new ContactService(factory, new PermissionGuard(tenant, factory), TimeProvider.System);
        Timing app, baseline;
        foreach (var (name, page) in new[] { ("contacts first page sorted by name", 0), ("contacts page 500 sorted by name", 499) })
        {
            (app, baseline) = (new Timing(name), new Timing("sql"));
            for (var round = 0; round < PageQueries; round++)
                await Timing.MeasureBothAsync(round, app, () => contacts.SearchAsync(new ContactQuery { Page = page }),
                    baseline, () => PageSqlAsync(db, tenantA, page));
            Console.WriteLine(app.Report(baseline));
        }

        (app, baseline) = (new Timing("contacts count shown"), new Timing("sql"));
        for (var round = 0; round < PageQueries; round++)
            await Timing.MeasureBothAsync(round, app, () => ContactCount.ShownAsync(factory, new ContactQuery()), baseline, () => CountSqlAsync(db, tenantA));
        Console.WriteLine(app.Report(baseline));
    }

    // The hand-tuned side runs each query the way a request must: a pooled connection, the tenant
    // set for row-level security, one statement returning exactly what the list shows.

    /// <summary>What a list row shows, for the page of contacts in "page" (id, position).</summary>
    private const string RowsSql = """
        select c.id, c.first_name, c.last_name, c.email, c.phone, c.company_id, co.name, u.full_name,
               (select array_agg(t.name) from contact_tags ct join tags t on t.id = ct.tag_id where ct.contact_id = c.id),
               (select max(a.created_at) from activities a where a.contact_id = c.id)
        from page join contacts c on c.id = page.id
        left join companies co on co.id = c.company_id
        left join users u on u.id = c.owner_id
        order by page.position
        """;

    private static async Task<object?> CountSqlAsync(BenchDatabase db, Guid tenant)
    {
        await using var connection = await db.OpenAppAsync(tenant);
        await using var command = new NpgsqlCommand("select live_contacts from contact_tallies where tenant_id = @tenant", connection);
        command.Parameters.AddWithValue("tenant", tenant);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<int> PageSqlAsync(BenchDatabase db, Guid tenant, int page)
    {
        await using var connection = await db.OpenAppAsync(tenant);
        await using var command = new NpgsqlCommand($"""
            with page as (
                select id, row_number() over (order by last_name, first_name, id) as position from (
                    select c.id, c.last_name, c.first_name from contacts c
                    where c.tenant_id = @tenant and c.deleted_at is null
                    order by c.last_name, c.first_name, c.id
                    limit 25 offset @offset) ids)
            {RowsSql};
            select live_contacts from contact_tallies where tenant_id = @tenant
            """, connection);
        command.Parameters.AddWithValue("offset", page * 25);
        command.Parameters.AddWithValue("tenant", tenant);
        return await ReadAllAsync(command);
    }
}
