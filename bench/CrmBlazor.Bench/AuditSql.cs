using Npgsql;

namespace CrmBlazor.Bench;

/// <summary>
/// The audit bench's baselines: each read written by hand as one statement, returning the same ids as the app's page
/// and doing the same work around them (the capped count the audit log shows, the names of who acted). As the runtime
/// role under row-level security, except the name filter: there, as the app's crm_audit_search does, as the schema
/// owner, because PostgreSQL will not use the trigram index for ILIKE under row-level security.
/// </summary>
public static class AuditSql
{
    private const int PageSize = 50, CountCap = 10_000, HistoryPageSize = 20, TrashPageSize = 25;

    public static async Task<IReadOnlyList<long>> PageAsync(BenchDatabase db, Guid tenant, Guid? user, string? table, string? name)
    {
        var filters = "l.tenant_id = @t"
            + (user is null ? "" : " and l.changed_by = @u")
            + (table is null ? "" : " and l.table_name = @table")
            + (name is null ? "" : " and l.record_name ilike '%' || @name || '%'");
        await using var connection = name is null ? await db.OpenAppAsync(tenant) : await db.Owner.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"""
            select count(*) from (select from audit_logs l where {filters} limit {CountCap + 1}) capped;
            select l.id, l.changed_at, l.table_name, l.record_id, l.action, l.event, l.old_data, l.new_data, l.record_name, u.full_name
            from audit_logs l left join users u on u.id = l.changed_by
            where {filters}
            order by l.changed_at desc, l.id desc limit {PageSize}
            """, connection);
        command.Parameters.AddWithValue("t", tenant);
        if (user is not null) command.Parameters.AddWithValue("u", user);
        if (table is not null) command.Parameters.AddWithValue("table", table);
        if (name is not null) command.Parameters.AddWithValue("name", name);
        return await IdsOfSecondResultAsync(command);
    }

    public static async Task<IReadOnlyList<long>> HistoryAsync(BenchDatabase db, Guid tenant, Guid deal)
    {
        await using var connection = await db.OpenAppAsync(tenant);
        await using var command = new NpgsqlCommand($"""
            select 0;
            select l.id, l.changed_at, l.table_name, l.action, l.old_data, l.new_data, u.full_name
            from audit_logs l left join users u on u.id = l.changed_by
            where l.tenant_id = @t and l.record_id = @r and l.action <> 'event' and l.table_name in ('deals', 'deal_tags', 'deal_participants')
            order by l.changed_at desc, l.id desc limit {HistoryPageSize}
            """, connection);
        command.Parameters.AddWithValue("t", tenant);
        command.Parameters.AddWithValue("r", deal);
        return await IdsOfSecondResultAsync(command);
    }

    /// <summary>The trash's first page: the four kinds deleted in the last 30 days, newest first, with who deleted each.</summary>
    public static async Task<IReadOnlyList<long>> TrashAsync(BenchDatabase db, Guid tenant)
    {
        await using var connection = await db.OpenAppAsync(tenant);
        await using var command = new NpgsqlCommand($"""
            with deleted as (
                select 'contacts' as kind, id, first_name || ' ' || last_name as name, deleted_at from contacts where tenant_id = @t and deleted_at >= now() - interval '30 days'
                union all select 'companies', id, name, deleted_at from companies where tenant_id = @t and deleted_at >= now() - interval '30 days'
                union all select 'deals', id, title, deleted_at from deals where tenant_id = @t and deleted_at >= now() - interval '30 days'
                union all select 'activities', id, subject, deleted_at from activities where tenant_id = @t and deleted_at >= now() - interval '30 days')
            select count(*) from deleted;
            with deleted as (
                select 'contacts' as kind, id, first_name || ' ' || last_name as name, deleted_at from contacts where tenant_id = @t and deleted_at >= now() - interval '30 days'
                union all select 'companies', id, name, deleted_at from companies where tenant_id = @t and deleted_at >= now() - interval '30 days'
                union all select 'deals', id, title, deleted_at from deals where tenant_id = @t and deleted_at >= now() - interval '30 days'
                union all select 'activities', id, subject, deleted_at from activities where tenant_id = @t and deleted_at >= now() - interval '30 days'),
            page as (select * from deleted order by deleted_at desc, id limit {TrashPageSize})
            select p.id, p.kind, p.name, p.deleted_at, u.full_name
            from page p
            left join lateral (
                select l.changed_by from audit_logs l
                where l.tenant_id = @t and l.table_name = p.kind and l.record_id = p.id and l.action = 'update'
                  and l.old_data @> jsonb_build_object('deleted_at', null) and not l.new_data @> jsonb_build_object('deleted_at', null)
                order by l.changed_at desc, l.id desc limit 1) deleter on true
            left join users u on u.id = deleter.changed_by
            order by p.deleted_at desc, p.id
            """, connection);
        command.Parameters.AddWithValue("t", tenant);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        while (await reader.ReadAsync()) ids.Add(BitConverter.ToInt64(reader.GetGuid(0).ToByteArray(), 0));
        return ids;
    }

    private static async Task<IReadOnlyList<long>> IdsOfSecondResultAsync(NpgsqlCommand command)
    {
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        await reader.NextResultAsync();
        while (await reader.ReadAsync()) ids.Add(reader.GetInt64(0));
        return ids;
    }
}
