using CrmBlazor.Data.Entities;
using CrmBlazor.Features.Health;
using CrmBlazor.Setup;
using CrmBlazor.Tenancy;
using CrmBlazor.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CrmBlazor.Tests.Services;

/// <summary>
/// Admin → Data health's service: the db check's tenant checks under row-level security (this tenant's rows
/// only), row counts, the newest backup, and the Owner-only audit retention.
/// </summary>
public sealed class DataHealthServiceTests(CrmDatabase database) : DemoAppTests(database)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_checks_report_this_tenants_broken_rows_with_links_and_never_another_tenants()
    {
        await using var session = await DbSession.OpenAsync(Database.AppConnectionString);
        var other = await session.CreateTenantAsync("Other organization");
        var company = await session.AddCompanyAsync(name: "Gone Ltd");
        var contact = await session.AddContactAsync(companyId: company);
        // Soft-deleting a parent later is not guarded: exactly what the check is for.
        await session.ExecuteAsync("update companies set deleted_at = now() where id = @id", ("id", company));

        var demo = await ReportAsync(DemoTenant.Admin);
        await using var otherScope = App.Services.GetRequiredService<TenantScopes>().Begin(new TenantSnapshot(other.Id, other.OwnerId, Role.Owner));
        var others = await otherScope.ServiceProvider.GetRequiredService<DataHealthService>().LoadAsync(Ct);

        Assert.All(demo.Checks, check => Assert.True(check.Ok, $"{check.Name}: {string.Join(", ", check.Examples)}"));
        Assert.DoesNotContain(demo.Checks, c => c.Name is IntegrityCheck.TablesWithoutRowLevelSecurity or IntegrityCheck.UnindexedForeignKeys
            or IntegrityCheck.DuplicateUserEmails or IntegrityCheck.PendingMigrations);
        var broken = Assert.Single(others.Checks, c => !c.Ok);
        Assert.Equal(IntegrityCheck.ReferencesToDeletedRows, broken.Name);
        Assert.Equal(1, broken.Count);
        Assert.Equal([$"contacts {contact} → deleted companies {company}"], broken.Examples);
        Assert.Equal([$"/contacts/{contact}"], broken.Links);
    }

    [Fact]
    public async Task Row_counts_are_this_tenants_and_the_newest_backup_and_purges_are_named()
    {
        await using (var owner = await DbSession.OpenAsync(Database.OwnerConnectionString))
            await owner.ExecuteAsync("""
                insert into maintenance_runs (kind, started_at, finished_at, succeeded, detail) values
                    ('backup', '2026-11-30 02:00+00', '2026-11-30 02:04+00', true, 'older.dump'),
                    ('backup', '2026-12-01 02:00+00', '2026-12-01 02:01+00', false, 'disk full'),
                    ('verify_backup', '2026-12-02 02:00+00', null, null, null),
                    ('audit_retention', '2026-12-01 03:00+00', '2026-12-01 03:00+00', true, 'Removed 0 audit rows')
                """);
        await using var demoSession = await DemoTenant.OpenSessionAsync(App, DemoTenant.Admin);
        var contacts = await demoSession.CountAsync("contacts");

        var report = await ReportAsync(DemoTenant.Admin);

        Assert.Equal(contacts, Assert.Single(report.Tables, t => t.Table == "contacts").Rows);
        Assert.DoesNotContain(report.Tables, t => t.Table is "search_documents" or "maintenance_runs");
        Assert.Equal("disk full", report.LastBackup?.Detail);
        Assert.Equal(false, report.LastBackup?.Succeeded);
        Assert.Null(Assert.Single(report.Purges, p => p.Kind == MaintenanceRun.TrashPurge).Last);
        Assert.Equal("Removed 0 audit rows", Assert.Single(report.Purges, p => p.Kind == MaintenanceRun.AuditRetention).Last?.Detail);
        Assert.NotEmpty(report.DatabaseSize);
    }

    [Fact]
    public async Task Members_and_viewers_are_refused_the_report()
    {
        foreach (var user in new[] { DemoTenant.Member, DemoTenant.Viewer })
            await Assert.ThrowsAsync<PermissionDeniedException>(() => ReportAsync(user));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(0)]
    [InlineData(11)]
    public async Task A_retention_outside_one_to_ten_years_gets_the_range_sentence_and_changes_nothing(int? years)
    {
        var before = (await ReportAsync(DemoTenant.Owner)).AuditRetentionYears;

        var result = await HealthAs(DemoTenant.Owner, health => health.SetAuditRetentionAsync(years, Ct));

        Assert.False(result.Succeeded);
        Assert.Equal(DataHealthService.RetentionRange, result.Errors[DataHealthService.RetentionField]);
        Assert.Equal(before, (await ReportAsync(DemoTenant.Owner)).AuditRetentionYears);
    }

    [Fact]
    public async Task Only_the_owner_sets_the_retention_and_the_change_is_audited()
    {
        await Assert.ThrowsAsync<PermissionDeniedException>(() => HealthAs(DemoTenant.Admin, health => health.SetAuditRetentionAsync(6, Ct)));
        Assert.NotEqual(6, (await ReportAsync(DemoTenant.Owner)).AuditRetentionYears);

        var saved = await HealthAs(DemoTenant.Owner, health => health.SetAuditRetentionAsync(6, Ct));

        Assert.True(saved.Succeeded);
        Assert.Equal(6, (await ReportAsync(DemoTenant.Admin)).AuditRetentionYears);
        await using var session = await DemoTenant.OpenSessionAsync(App, DemoTenant.Owner);
        Assert.Equal(1L, await session.CountAsync(
            "audit_logs where table_name = 'tenants' and new_data ->> 'audit_retention_years' = '6' and changed_by = @me",
            ("me", await session.ActingUserIdAsync())));
    }

    private Task<DataHealthReport> ReportAsync(string user) => HealthAs(user, health => health.LoadAsync(Ct));

    private async Task<T> HealthAs<T>(string user, Func<DataHealthService, Task<T>> call)
    {
        await using var scope = await DemoTenant.ActAsAsync(App, user);
        return await call(scope.ServiceProvider.GetRequiredService<DataHealthService>());
    }
}
