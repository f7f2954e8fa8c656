using CrmBlazor.Tests.Infrastructure;
using static CrmBlazor.Setup.IntegrityCheck;

namespace CrmBlazor.Tests.Database;

/// <summary>db check's provenance and soft-delete rules (Setup/IntegrityCheck.Provenance.cs), each fired by a planted problem.</summary>
public sealed class IntegrityCheckProvenanceTests(PostgresCluster cluster) : IntegrityCheckTestBase(cluster)
{
    [Fact]
    public async Task Audit_rows_left_by_a_tenant_removed_by_hand_are_reported_once_per_tenant()
    {
        await using var database = await NewDatabaseAsync();
        await SeedDemoAsync(database);
        var vanished = Guid.NewGuid();
        // The audit log has no key to tenants: the rows a removed tenant leaves behind look like these.
        await using (var owner = await DbSession.OpenAsync(database.OwnerConnectionString, vanished))
            await owner.ExecuteAsync("insert into audit_logs (tenant_id, action, event) values (@t, 'event', 'login'), (@t, 'event', 'logout')",
                ("t", vanished));

        var report = await CheckAsync(database);

        Assert.Equal([AuditRowsOfVanishedTenants], Problems(report));
        var finding = Finding(report, AuditRowsOfVanishedTenants);
        Assert.Equal(1L, finding.Count);
        Assert.StartsWith($"tenant {vanished}: 2 audit rows, the last on ", Assert.Single(finding.Examples));
    }

    [Fact]
    public async Task Delete_granted_back_to_the_app_on_a_soft_deletable_table_is_reported()
    {
        await using var database = await NewDatabaseAsync();
        await SeedDemoAsync(database);
        // What a later migration re-running grants.sql would do.
        await using (var owner = await DbSession.OpenAsync(database.OwnerConnectionString))
            await owner.ExecuteAsync("grant delete on contacts, tenants to crm_app");

        var report = await CheckAsync(database);

        Assert.Equal([HardDeletesAllowedToApp], Problems(report));
        var finding = Finding(report, HardDeletesAllowedToApp);
        Assert.Equal(2L, finding.Count);
        Assert.Equal(["crm_app may DELETE contacts", "crm_app may DELETE tenants"], finding.Examples);
    }
}
