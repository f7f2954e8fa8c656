using CrmBlazor.Data;
using CrmBlazor.Features.Shared;
using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace CrmBlazor.Features.Audit;

/// <summary>Admin → Audit log: one page of the tenant's entries, newest first, filtered; Owners and Admins only.</summary>
public sealed class AuditLogService(IDbContextFactory<CrmDbContext> dbFactory, PermissionGuard guard)
{
    public async Task<AuditPage> PageAsync(AuditQuery query, CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "audit.list", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var matches = await AuditSearch.Matches(db, query, ListPaging.Skip(query.Page, query.PageSize), ListPaging.Size(query.PageSize), AuditQuery.CountCap + 1).ToListAsync(ct);
        var rows = await AuditSearch.RowsAsync(db, matches.Where(m => m.Id is not null).Select(m => m.Id!.Value).ToList(), ct);
        var names = await AuditEntries.NamesAsync(db, rows, ct);
        return new AuditPage(rows.Select(row => AuditEntries.From(row, names)).ToList(), matches.FirstOrDefault()?.Matches ?? 0);
    }

    /// <summary>Everyone who may have acted: active, deactivated and removed users, by name.</summary>
    public async Task<IReadOnlyList<Choice>> UsersAsync(CancellationToken ct = default)
    {
        await guard.DemandAsync(Permission.Administer, "audit.list", ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.IgnoreQueryFilters([CrmDbContext.NotDeletedFilter])
            .OrderBy(u => u.FullName).Select(u => new Choice(u.Id, u.FullName)).ToListAsync(ct);
    }
}
