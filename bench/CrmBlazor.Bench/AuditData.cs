using Npgsql;
using static CrmBlazor.Bench.BenchSql;

namespace CrmBlazor.Bench;

/// <summary>
/// Two tenants with 10,000,000 audit rows between them (6 million and 4 million) spread over three years, written
/// by twenty users each: row changes of contacts, companies, deals and activities (their old and new values as the
/// audit trigger would write them), tag links, deletions and security events. Each tenant also holds the records the
/// rows are about, some of them soft-deleted over the last sixty days (the trash list reads those).
/// Generated once by the schema owner with the stamp and rule triggers off (this is generated history, written at
/// chosen times by chosen users) and kept between runs: a later run reuses the tenants when their row counts match.
/// </summary>
public static class AuditData
{
    public sealed record Tenant(Guid Id, Guid OwnerId, IReadOnlyList<Guid> UserIds, long AuditRows);

    public static readonly (string Slug, string Name, long AuditRows)[] Tenants =
    [
        ("bench-audit-a", "Bench audit A", 6_000_000),
        ("bench-audit-b", "Bench audit B", 4_000_000),
    ];

    private const int Users = 20, Companies = 10_000, Contacts = 100_000, Deals = 30_000, Activities = 50_000;
    public const int DealsPerTenant = Deals;
    private const int Batch = 500_000;
    private static readonly string[] RecordTables = ["tenants", "users", "user_roles", "companies", "contacts", "deals", "activities"];

    /// <param name="small">A hundredth of the rows in tenants of their own: a quick check that the harness works, not the figures.</param>
    public static async Task<IReadOnlyList<Tenant>> EnsureAsync(NpgsqlDataSource owner, bool small)
    {
        var wanted = Tenants.Select(t => small ? (Slug: t.Slug + "-small", Name: t.Name + " (small)", AuditRows: t.AuditRows / 100) : t).ToList();
        await using var connection = await owner.OpenConnectionAsync();
        var missing = new List<(string Slug, string Name, long AuditRows)>();
        foreach (var tenant in wanted)
            if (await FindAsync(connection, tenant.Slug, tenant.AuditRows) is null) missing.Add(tenant);
        if (missing.Count > 0) await CreateAsync(connection, missing);

        var tenants = new List<Tenant>();
        foreach (var (slug, _, rows) in wanted) tenants.Add((await FindAsync(connection, slug, rows))!);
        return tenants;
    }

    private static async Task<Tenant?> FindAsync(NpgsqlConnection connection, string slug, long rows)
    {
        if (await ScalarAsync(connection, "select id from tenants where slug = @s", ("s", slug)) is not Guid id) return null;
        var count = (long)(await ScalarAsync(connection, "select count(*) from audit_logs where tenant_id = @t", ("t", id)))!;
        if (count < rows) return null;
        return new Tenant(id, await OwnerOfAsync(connection, id), await UsersOfAsync(connection, id), count);
    }

    /// <summary>
    /// The tenants' records, then their history. audit_logs' indexes (all but its key) are dropped for the load and made
    /// again from their own definitions afterwards, once for all tenants: kept up row by row, the trigram index alone
    /// made a 500,000-row batch take four minutes on two cores.
    /// </summary>
    private static async Task CreateAsync(NpgsqlConnection connection, IReadOnlyList<(string Slug, string Name, long AuditRows)> tenants)
    {
        var made = new List<(Guid Id, string Slug, long Rows)>();
        foreach (var (slug, name, rows) in tenants)
        {
            Console.Error.WriteLine($"audit bench: generating {slug} ({rows:N0} audit rows; this takes a while, once)");
            made.Add((await AddTenantAsync(connection, slug, name), slug, rows));
        }

        var indexes = new List<(string Name, string Definition)>();
        await using (var command = new NpgsqlCommand(
            "select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'audit_logs' and indexname <> 'pk_audit_logs'", connection))
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) indexes.Add((reader.GetString(0), reader.GetString(1)));
        foreach (var (index, _) in indexes) await ExecuteAsync(connection, $"drop index {index}");
        // The entry stamp would overwrite who and when.
        await ExecuteAsync(connection, "alter table audit_logs disable trigger user");
        try
        {
            foreach (var (tenant, slug, rows) in made)
            {
                for (long done = 0; done < rows; done += Batch)
                {
                    await using var transaction = await connection.BeginTransactionAsync();
                    await ActAsTenantAsync(connection, tenant);
                    await ExecuteAsync(connection, HistorySql, ("t", tenant), ("n", (int)Math.Min(Batch, rows - done)), ("seed", (int)(done / Batch)));
                    await transaction.CommitAsync();
                    Console.Error.WriteLine($"audit bench: {slug} {Math.Min(done + Batch, rows):N0} of {rows:N0} audit rows");
                }
                await using (var transaction = await connection.BeginTransactionAsync())
                {
                    await ActAsTenantAsync(connection, tenant);
                    await ExecuteAsync(connection, DeletionsSql, ("t", tenant));
                    await transaction.CommitAsync();
                }
            }
        }
        finally
        {
            await ExecuteAsync(connection, "alter table audit_logs enable trigger user");
            await ExecuteAsync(connection, "set maintenance_work_mem = '1GB'");
            foreach (var (index, definition) in indexes)
            {
                Console.Error.WriteLine($"audit bench: making {index} again");
                await ExecuteAsync(connection, definition);
            }
        }
        await ExecuteAsync(connection, "vacuum analyze audit_logs");
        foreach (var table in new[] { "contacts", "companies", "deals", "activities" }) await ExecuteAsync(connection, $"vacuum analyze {table}");
    }

    /// <summary>A tenant with its users and records, made anew (with none of the history an earlier, cut-short run left).</summary>
    private static async Task<Guid> AddTenantAsync(NpgsqlConnection connection, string slug, string name)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        var tenant = await ScalarAsync(connection, "select id from tenants where slug = @s", ("s", slug)) as Guid? ?? Guid.NewGuid();
        await ActAsTenantAsync(connection, tenant);
        foreach (var table in RecordTables) await ExecuteAsync(connection, $"alter table {table} disable trigger user");
        await ExecuteAsync(connection, "delete from tenants where id = @t", ("t", tenant));
        // audit_logs has no key to tenants (a deleted tenant's history is written as it cascades): its rows go by hand.
        await ExecuteAsync(connection, "delete from audit_logs where tenant_id = @t", ("t", tenant));
        await ExecuteAsync(connection, "insert into tenants (id, name, slug) values (@t, @n, @s)", ("t", tenant), ("n", name), ("s", slug));
        for (var i = 0; i < Users; i++)
            await AddOwnerAsync(connection, tenant, $"Auditor {i + 1:00} {name}", $"auditor{i + 1:00}@{slug}.local");
        await AddRecordsAsync(connection, tenant);
        await EnableTriggersAsync(connection, RecordTables);
        await RecordBulkLoadAsync(connection, RecordTables, "bench: generated records for generated audit history");
        await ExecuteAsync(connection, "select crm_recount_contacts(@t)", ("t", tenant));
        await transaction.CommitAsync();
        return tenant;
    }

    /// <summary>Companies, contacts, deals and activities to be the rows' records; 3% of each soft-deleted in the last 60 days.</summary>
    private static async Task AddRecordsAsync(NpgsqlConnection connection, Guid tenant)
    {
        await ExecuteAsync(connection, """
            insert into companies (id, tenant_id, name, domain, deleted_at)
            select md5(@t::text || ':companies:' || i)::uuid, @t, 'Company ' || i, 'company' || i || '.example',
                   case when i % 33 = 0 then now() - (i % 60) * interval '1 day' - (i % 1440) * interval '1 minute' end
            from generate_series(1, @n) i
            """, ("t", tenant), ("n", Companies));
        await ExecuteAsync(connection, """
            insert into contacts (id, tenant_id, first_name, last_name, email, job_title, deleted_at)
            select md5(@t::text || ':contacts:' || i)::uuid, @t, (array['Ava','Noah','Mia','Liam','Zoe','Ines','Jonas','Lea','Omar','Sara'])[1 + i % 10],
                   'Person' || i, 'person' || i || '@mail.example', 'Buyer',
                   case when i % 33 = 0 then now() - (i % 60) * interval '1 day' - (i % 1440) * interval '1 minute' end
            from generate_series(1, @n) i
            """, ("t", tenant), ("n", Contacts));
        await ExecuteAsync(connection, """
            insert into pipelines (tenant_id, name, is_default) values (@t, 'Sales', true)
            """, ("t", tenant));
        await ExecuteAsync(connection, """
            insert into pipeline_stages (tenant_id, pipeline_id, name, position, probability, kind, color)
            select @t, p.id, s.name, s.position, s.probability, s.kind, '#999999'
            from pipelines p, (values ('Lead', 0, 10, 'open'), ('Won', 1, 100, 'won'), ('Lost', 2, 0, 'lost')) s(name, position, probability, kind)
            where p.tenant_id = @t
            """, ("t", tenant));
        await ExecuteAsync(connection, """
            insert into deals (id, tenant_id, pipeline_id, stage_id, title, value, currency, probability, rank, deleted_at)
            select md5(@t::text || ':deals:' || i)::uuid, @t, s.pipeline_id, s.id, 'Deal ' || i, 1000 + i, 'EUR', 10, lpad(i::text, 8, '0'),
                   case when i % 33 = 0 then now() - (i % 60) * interval '1 day' - (i % 1440) * interval '1 minute' end
            from generate_series(1, @n) i, pipeline_stages s
            where s.tenant_id = @t and s.kind = 'open'
            """, ("t", tenant), ("n", Deals));
        await ExecuteAsync(connection, """
            insert into activities (id, tenant_id, type, subject, completed_at, deleted_at)
            select md5(@t::text || ':activities:' || i)::uuid, @t, 'note', 'Note ' || i, now() - (i % 900) * interval '1 day',
                   case when i % 33 = 0 then now() - (i % 60) * interval '1 day' - (i % 1440) * interval '1 minute' end
            from generate_series(1, @n) i
            """, ("t", tenant), ("n", Activities));
    }

    /// <summary>
    /// @n rows of history: updates of contacts (40%), deals (20%), activities (15%) and companies (10%), contact inserts (8%),
    /// tag links (3%), deal deletions (1%) and security events (3%), by one of the tenant's users, at a time within three years.
    /// </summary>
    private const string HistorySql = """
        with users as (select array_agg(id order by id) as ids from users where tenant_id = @t),
             picks as (
                 select hashint8(g::bigint * 7919 + @seed * 1000003)::bigint as h, random() as kind
                 from generate_series(1, @n) g),
             keyed as (
                 -- A record's id is md5(tenant:table:number), as AddRecordsAsync made it: no lookup per row.
                 select p.*, abs(p.h) as a,
                        case when p.kind < 0.40 or p.kind >= 0.85 and p.kind < 0.96 then 'contacts'
                             when p.kind < 0.60 or p.kind >= 0.96 and p.kind < 0.97 then 'deals'
                             when p.kind < 0.75 then 'activities' when p.kind < 0.85 then 'companies' end as record_table
                 from picks p)
        insert into audit_logs (tenant_id, table_name, record_id, action, event, old_data, new_data, changed_by, changed_at)
        select @t,
               case when k.kind >= 0.93 and k.kind < 0.96 then 'contact_tags' when k.kind >= 0.97 then 'users' else k.record_table end,
               case when k.record_table is null then u.ids[1 + k.a % array_length(u.ids, 1)]
                    else md5(@t::text || ':' || k.record_table || ':' || (1 + k.a % case k.record_table
                        when 'contacts' then 100000 when 'deals' then 30000 when 'activities' then 50000 else 10000 end))::uuid end,
               case when k.kind < 0.85 then 'update' when k.kind < 0.96 then 'insert' when k.kind < 0.97 then 'delete' else 'event' end,
               case when k.kind >= 0.97 then (array['login', 'login', 'login', 'login.failed', 'logout', 'permission.denied', 'user.role_change'])[1 + k.a % 7] end,
               case when k.kind < 0.40 then jsonb_build_object('first_name', 'Ava', 'last_name', 'Person' || k.a % 100000, 'job_title', 'Buyer', 'phone', '+49 30 ' || k.a % 1000000)
                    when k.kind < 0.60 or k.kind >= 0.96 and k.kind < 0.97 then jsonb_build_object('title', 'Deal ' || k.a % 30000, 'value', k.a % 90000, 'currency', 'EUR', 'probability', 10)
                    when k.kind < 0.75 then jsonb_build_object('subject', 'Note ' || k.a % 50000, 'body', 'Talked about the renewal and the next steps.')
                    when k.kind < 0.85 then jsonb_build_object('name', 'Company ' || k.a % 10000, 'industry', 'Software', 'city', 'Berlin') end,
               case when k.kind < 0.40 then jsonb_build_object('first_name', 'Ava', 'last_name', 'Person' || k.a % 100000, 'job_title', 'Head of buying', 'phone', '+49 30 ' || k.a % 999999)
                    when k.kind < 0.60 then jsonb_build_object('title', 'Deal ' || k.a % 30000, 'value', k.a % 90000 + 500, 'currency', 'EUR', 'probability', 30)
                    when k.kind < 0.75 then jsonb_build_object('subject', 'Note ' || k.a % 50000, 'body', 'Talked about the renewal, the price and the next steps.')
                    when k.kind < 0.85 then jsonb_build_object('name', 'Company ' || k.a % 10000, 'industry', 'Software', 'city', 'Munich')
                    when k.kind < 0.93 then jsonb_build_object('first_name', 'Noah', 'last_name', 'Person' || k.a % 100000, 'email', 'person' || k.a % 100000 || '@mail.example')
                    when k.kind < 0.96 then jsonb_build_object('contact_id', md5(@t::text || ':contacts:' || (1 + k.a % 100000))::uuid, 'tag_id', gen_random_uuid())
                    when k.kind >= 0.97 then jsonb_build_object('detail', 'bench') end,
               u.ids[1 + (k.a / 7) % array_length(u.ids, 1)],
               now() - interval '3 years' * ((k.a % 1000003) / 1000003.0)
        from keyed k cross join users u
        """;

    /// <summary>Each soft-deleted record's deletion, as the audit trigger records it: by a user, at its deleted_at.</summary>
    private const string DeletionsSql = """
        insert into audit_logs (tenant_id, table_name, record_id, action, old_data, new_data, changed_by, changed_at)
        select @t, r.table_name, r.id, 'update', jsonb_build_object('deleted_at', null), jsonb_build_object('deleted_at', r.deleted_at, 'name', r.name),
               (select id from users where tenant_id = @t order by id offset abs(hashtext(r.id::text)) % 20 limit 1), r.deleted_at
        from (select 'contacts' as table_name, id, deleted_at, first_name || ' ' || last_name as name from contacts where tenant_id = @t and deleted_at is not null
              union all select 'companies', id, deleted_at, name from companies where tenant_id = @t and deleted_at is not null
              union all select 'deals', id, deleted_at, title from deals where tenant_id = @t and deleted_at is not null
              union all select 'activities', id, deleted_at, subject from activities where tenant_id = @t and deleted_at is not null) r
        """;

    /// <summary>Deal number <paramref name="number"/> (1 to <see cref="DealsPerTenant"/>) of the tenant: its id is md5(tenant:deals:number).</summary>
    public static Guid DealId(Guid tenant, int number) =>
        Guid.ParseExact(Convert.ToHexString(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes($"{tenant}:deals:{number}"))), "N");

    private static async Task<Guid> OwnerOfAsync(NpgsqlConnection connection, Guid tenant) =>
        (Guid)(await ScalarAsync(connection, "select id from users where tenant_id = @t order by email limit 1", ("t", tenant)))!;

    private static async Task<IReadOnlyList<Guid>> UsersOfAsync(NpgsqlConnection connection, Guid tenant)
    {
        var ids = new List<Guid>();
        await using var command = new NpgsqlCommand("select id from users where tenant_id = @t order by email", connection);
        command.Parameters.AddWithValue("t", tenant);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetGuid(0));
        return ids;
    }
}
