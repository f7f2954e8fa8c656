using CrmBlazor.Features.Contacts;
using CrmBlazor.Tenancy;
using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// ./crm bench contacts: a million contacts in each of two tenants; the app's own ContactService,
/// as the runtime role, against hand-tuned SQL for the same answers (also as the runtime role, so
/// row-level security costs both the same).
/// </summary>
public static class ContactsBench
{
    private const int SearchQueries = 200;
    private const int PageQueries = 50;

    public static async Task RunAsync(BenchDatabase db)
    {
        var tenantA = await ContactsData.EnsureTenantAsync(db.Owner, "bench-a", "Bench A");
        await ContactsData.EnsureTenantAsync(db.Owner, "bench-b", "Bench B");

        var tenant = new TenantContext();
        tenant.Set(tenantA, null, "Member");
        var factory = db.AppContexts(tenant);
        var contacts = new ContactService(factory, new PermissionGuard(tenant, factory));
        await using var sql = await db.OpenAppAsync(tenantA);
        var random = new Random(42);
        var fragments = Enumerable.Range(0, SearchQueries).Select(_ =>
        {
            var surname = ContactsData.Surnames[random.Next(ContactsData.Surnames.Length)].ToLowerInvariant();
            var length = Math.Min(random.Next(4, 7), surname.Length);
            return surname.Substring(random.Next(0, surname.Length - length + 1), length);
        }).ToList();

        // Warm both paths (plans, caches) before measuring.
        await contacts.SearchAsync(new ContactQuery { Search = fragments[0] });
        await SearchSqlAsync(sql, fragments[0]);

        var (app, baseline) = (new Timing("contacts search by name fragment"), new Timing("sql"));
        foreach (var fragment in fragments)
        {
            await app.MeasureAsync(() => contacts.SearchAsync(new ContactQuery { Search = fragment }));
            await baseline.MeasureAsync(() => SearchSqlAsync(sql, fragment));
        }
        Console.WriteLine(app.Report(baseline));

        foreach (var (name, page) in new[] { ("contacts first page sorted by name", 0), ("contacts page 500 sorted by name", 499) })
        {
            (app, baseline) = (new Timing(name), new Timing("sql"));
            for (var i = 0; i < PageQueries; i++)
            {
                await app.MeasureAsync(() => contacts.SearchAsync(new ContactQuery { Page = page }));
                await baseline.MeasureAsync(() => PageSqlAsync(sql, tenantA, page));
            }
            Console.WriteLine(app.Report(baseline));
        }

        (app, baseline) = (new Timing("contacts count shown"), new Timing("sql"));
        for (var i = 0; i < PageQueries; i++)
        {
            await app.MeasureAsync(() => contacts.CountAsync(new ContactQuery()));
            await baseline.MeasureAsync(() => CountSqlAsync(sql, tenantA));
        }
        Console.WriteLine(app.Report(baseline));
    }

    /// <summary>One round trip: matching ids through the search function, the best 25 and the total by a window count.</summary>
    private static async Task<int> SearchSqlAsync(NpgsqlConnection connection, string fragment)
    {
        await using var command = new NpgsqlCommand("""
            select c.id, c.first_name, c.last_name, c.email, count(*) over () as total
            from contacts c join crm_contacts_matching(@pattern) m(id) on m.id = c.id
            order by word_similarity(@text, c.search_text) desc, c.id
            limit 25
            """, connection);
        command.Parameters.AddWithValue("pattern", $"%{fragment}%");
        command.Parameters.AddWithValue("text", fragment);
        return await ReadAllAsync(command);
    }

    private static async Task<object?> CountSqlAsync(NpgsqlConnection connection, Guid tenant)
    {
        await using var command = new NpgsqlCommand("select count(*) from contacts where tenant_id = @tenant and deleted_at is null", connection);
        command.Parameters.AddWithValue("tenant", tenant);
        return await command.ExecuteScalarAsync();
    }

    private static async Task<int> PageSqlAsync(NpgsqlConnection connection, Guid tenant, int page)
    {
        await using var command = new NpgsqlCommand("""
            select c.id, c.first_name, c.last_name, c.email from contacts c
            where c.tenant_id = @tenant and c.deleted_at is null
            order by c.last_name, c.first_name, c.id
            limit 25 offset @offset
            """, connection);
        command.Parameters.AddWithValue("offset", page * 25);
        command.Parameters.AddWithValue("tenant", tenant);
        var rows = await ReadAllAsync(command);
        await CountSqlAsync(connection, tenant);
        return rows;
    }

    private static async Task<int> ReadAllAsync(NpgsqlCommand command)
    {
        var rows = 0;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows++;
        return rows;
    }
}
