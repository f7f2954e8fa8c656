using CrmBlazor.Features.Contacts;
using CrmBlazor.Tenancy;
using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench contacts: a million contacts in each of two tenants; the app's own ContactService,
/// as the runtime role, against hand-tuned SQL for the same answers (also as the runtime role, so
/// row-level security costs both the same).
/// </summary>
public static class ContactsBench
{
    private const int SearchQueries = 200;
    private const int PageQueries = 200;

    public static async Task RunAsync(BenchDatabase db)
    {
        var tenantA = await ContactsData.EnsureTenantAsync(db.Owner, "bench-a", "Bench A");
        await ContactsData.EnsureTenantAsync(db.Owner, "bench-b", "Bench B");

        var tenant = new TenantSnapshot(tenantA, null, "Member");
        var factory = db.AppContexts(tenant);
        var contacts = new ContactService(factory, new PermissionGuard(tenant, factory), TimeProvider.System);
        var random = new Random(42);
        var fragments = Enumerable.Range(0, SearchQueries).Select(_ =>
        {
            var surname = ContactsData.Surnames[random.Next(ContactsData.Surnames.Length)].ToLowerInvariant();
            var length = Math.Min(random.Next(4, 7), surname.Length);
            return surname.Substring(random.Next(0, surname.Length - length + 1), length);
        }).ToList();

        // Warm both paths (plans, caches) before measuring.
        await contacts.SearchAsync(new ContactQuery { Search = fragments[0] });
        await SearchSqlAsync(db, tenantA, fragments[0]);

        var (app, baseline) = (new Timing("contacts search by name fragment"), new Timing("sql"));
        foreach (var (fragment, round) in fragments.Select((f, i) => (f, i)))
            await Timing.MeasureBothAsync(round, app, () => contacts.SearchAsync(new ContactQuery { Search = fragment }),
                baseline, () => SearchSqlAsync(db, tenantA, fragment));
        Console.WriteLine(app.Report(baseline));

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

    private static async Task<int> SearchSqlAsync(BenchDatabase db, Guid tenant, string fragment)
    {
        await using var connection = await db.OpenAppAsync(tenant);
        await using var command = new NpgsqlCommand($"""
            with hits as (
                select m.id, min(m.position) as position
                from crm_contacts_search(@search, {ContactSearch.MaxSearchResults + 1}, null, null, null) with ordinality as m(id, position)
                group by m.id),
            page as (select id, position, count(*) over () as total from hits order by position limit 25)
            {RowsSql}
            """, connection);
        command.Parameters.AddWithValue("search", fragment);
        return await ReadAllAsync(command);
    }

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
