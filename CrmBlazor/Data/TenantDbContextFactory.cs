using CrmBlazor.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CrmBlazor.Data;

/// <summary>
/// The scoped factory services take: contexts from the process-wide pool, each acting for the
/// snapshot of whoever acts in this circuit or request at the moment it is made. Pooling spares
/// every operation building a context's internal services afresh, which on a hot path (a deal
/// move) costs as much as the query.
/// </summary>
public sealed class TenantDbContextFactory(PooledDbContextFactory<CrmDbContext> pool, ITenantContext tenant) : IDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext() => pool.CreateDbContext().ActFor(tenant.Snapshot, tenant.Origin);

    public async Task<CrmDbContext> CreateDbContextAsync(CancellationToken ct = default) =>
        (await pool.CreateDbContextAsync(ct)).ActFor(tenant.Snapshot, tenant.Origin);
}
