using CrmBlazor.Data;
using CrmBlazor.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Audit;

/// <summary>One row crm_audit_search returns: an entry's id (none on a page past the end) and how many entries match.</summary>
public sealed class AuditMatch
{
    public long? Id { get; set; }
    public int? Matches { get; set; }
}

/// <summary>
/// The audit log's filters, applied by crm_audit_search (audit_search.sql) as the schema owner so that the
/// name's trigram index is usable under row-level security; it answers for the session's tenant with ids only.
/// </summary>
public static class AuditSearch
{
    /// <param name="take">Null: every match (an export). <param name="countCap"/> null: not counted.</param>
    public static IQueryable<AuditMatch> Matches(CrmDbContext db, AuditQuery query, int skip, int? take, int? countCap)
    {
        DateTimeOffset? from = query.From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        DateTimeOffset? to = query.To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        return db.Database.SqlQuery<AuditMatch>($"""
            select id, matches from crm_audit_search(
                {query.UserId}::uuid, {query.ActionFilter}::text, {query.EventFilter}::text, {query.Table}::text,
                {from}::timestamptz, {to}::timestamptz, {query.NameFilter}::text, {skip}::integer, {take}::integer, {countCap}::integer)
            """);
    }

    /// <summary>The entries of <paramref name="ids"/>, newest first, read under row-level security.</summary>
    public static Task<List<AuditLog>> RowsAsync(CrmDbContext db, IReadOnlyList<long> ids, CancellationToken ct) =>
        db.AuditLogs.AsNoTracking().Where(l => ids.Contains(l.Id)).OrderByDescending(l => l.ChangedAt).ThenByDescending(l => l.Id).ToListAsync(ct);
}
