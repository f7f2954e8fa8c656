using CrmBlazor.Tests.Infrastructure;

namespace CrmBlazor.Tests.Audit;

/// <summary>Records for the audit tests, written in SQL as the session's user so the audit trigger records them as theirs.</summary>
public static class AuditArrange
{
    /// <summary>A deal in EUR in the first stage of the tenant's default pipeline.</summary>
    public static Task<Guid> AddEuroDealAsync(this DbSession session, string title, decimal value) =>
        session.ScalarAsync<Guid>("""
            insert into deals (title, pipeline_id, stage_id, value, currency, probability, rank)
            select @title, p.id, s.id, @value, 'EUR', 10, 'audit-' || gen_random_uuid()
            from pipelines p join pipeline_stages s on s.pipeline_id = p.id
            where p.is_default order by s.position limit 1
            returning id
            """, ("title", title), ("value", value));

    public static Task SetDealValueAsync(this DbSession session, Guid deal, decimal value) =>
        session.ExecuteAsync("update deals set value = @v where id = @d", ("v", value), ("d", deal));

    /// <summary>The id of the latest update the audit log holds for RECORD.</summary>
    public static Task<long> LatestUpdateAsync(this DbSession session, Guid record) =>
        session.ScalarAsync<long>("select max(id) from audit_logs where record_id = @r and action = 'update'", ("r", record));

    /// <summary>A title no other test's records share, for the name filter.</summary>
    public static string UniqueTitle(string prefix) => $"{prefix} {Guid.NewGuid().ToString("N")[..8]}";
}
