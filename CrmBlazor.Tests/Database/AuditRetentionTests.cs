using CrmBlazor.Tests.Infrastructure;
using Npgsql;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// crm_purge_audit removes each tenant's audit rows older than its own retention, except deletions,
/// security events and role changes; only the schema owner may run it. Only an active Owner may change
/// a tenant's retention.
/// </summary>
public sealed class AuditRetentionTests(CrmDatabase database) : TenantSessionTests(database)
{
    private static readonly TimeSpan Year = TimeSpan.FromDays(365.25);

    /// <summary>The class shares one database: what earlier tests left to purge is gone before each test counts.</summary>
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await PurgeAsync();
    }

    /// <summary>An audit row of TENANT labelled LABEL, written AGE ago (the stamp trigger writes now(); the owner backdates it).</summary>
    private async Task AddRowAsync(TestTenant tenant, string label, TimeSpan age, string action = "update",
        string? table = "contacts", string? eventName = null)
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString, tenant.Id);
        var id = await owner.ScalarAsync<long>("""
            insert into audit_logs (table_name, action, event, new_data) values (@table, @action, @event, jsonb_build_object('label', @label))
            returning id
            """, ("table", table), ("action", action), ("event", eventName), ("label", label));
        await owner.ExecuteAsync("update audit_logs set changed_at = now() - @age where id = @id", ("age", age), ("id", id));
    }

    private async Task<List<string>> LabelsAsync(TestTenant tenant)
    {
        await Session.ActAsAsync(tenant);
        return await Session.ListAsync<string>("select new_data ->> 'label' from audit_logs where new_data ? 'label' order by 1");
    }

    private async Task<long> PurgeAsync(int? batchSize = null)
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);
        return batchSize is null
            ? await owner.ScalarAsync<long>("select crm_purge_audit()")
            : await owner.ScalarAsync<long>("select crm_purge_audit(@batch)", ("batch", batchSize.Value));
    }

    /// <summary>The removed counts of TENANT's audit.retention_purge events.</summary>
    private async Task<List<long>> PurgeEventsAsync(TestTenant tenant)
    {
        await Session.ActAsAsync(tenant);
        return await Session.ListAsync<long>(
            "select (new_data ->> 'removed')::bigint from audit_logs where event = 'audit.retention_purge' order by id");
    }

    private async Task<TestTenant> TenantKeepingAsync(int years)
    {
        var tenant = await Session.CreateTenantAsync();
        await Session.ExecuteAsync("update tenants set audit_retention_years = @years", ("years", years));
        return tenant;
    }

    [Fact]
    public async Task Rows_older_than_the_retention_go_except_deletions_security_events_and_role_changes()
    {
        var old = 3 * Year;
        await AddRowAsync(Tenant, "old insert", old, action: "insert");
        await AddRowAsync(Tenant, "old update", old);
        await AddRowAsync(Tenant, "old app event", old, action: "event", table: "users", eventName: "getting_started.dismissed");
        // Look-alikes of the kept events: '_' and '.' are not wildcards in the list.
        await AddRowAsync(Tenant, "old apixkey event", old, action: "event", eventName: "apixkey.used");
        await AddRowAsync(Tenant, "old users event", old, action: "event", eventName: "users.exported");
        string[] kept =
        [
            "login", "login.failed", "lockout", "logout", "permission.denied", "password.change", "user.invite",
            "user.role_change", "tenant.register", "api_key.created", "rate_limit.exceeded",
        ];
        foreach (var securityEvent in kept)
            await AddRowAsync(Tenant, "kept " + securityEvent, old, action: "event", table: "users", eventName: securityEvent);
        await AddRowAsync(Tenant, "kept deletion", old, action: "delete");
        await AddRowAsync(Tenant, "kept role change", old, action: "update", table: "user_roles");
        await AddRowAsync(Tenant, "kept newer update", Year);

        var removed = await PurgeAsync();

        Assert.Equal(5, removed);
        Assert.Equal(
            kept.Select(e => "kept " + e).Append("kept deletion").Append("kept role change").Append("kept newer update").Order(StringComparer.Ordinal),
            (await LabelsAsync(Tenant)).Order(StringComparer.Ordinal));
        Assert.Equal([5L], await PurgeEventsAsync(Tenant));
    }

    [Fact]
    public async Task Each_tenant_is_purged_by_its_own_retention_and_one_with_nothing_to_purge_gets_no_event()
    {
        var oneYear = await TenantKeepingAsync(1);
        var fiveYears = await TenantKeepingAsync(5);
        var untouched = await TenantKeepingAsync(10);
        foreach (var tenant in new[] { oneYear, fiveYears, untouched })
        {
            await AddRowAsync(tenant, "18 months", 1.5 * Year);
            await AddRowAsync(tenant, "6 years", 6 * Year);
        }
        await AddRowAsync(untouched, "9 years", 9 * Year);

        var removed = await PurgeAsync();

        Assert.Equal(3, removed);
        Assert.Empty(await LabelsAsync(oneYear));
        Assert.Equal(["18 months"], await LabelsAsync(fiveYears));
        Assert.Equal(["18 months", "6 years", "9 years"], await LabelsAsync(untouched));
        Assert.Equal([2L], await PurgeEventsAsync(oneYear));
        Assert.Equal([1L], await PurgeEventsAsync(fiveYears));
        Assert.Empty(await PurgeEventsAsync(untouched));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Batches_of_any_size_remove_every_old_row_and_record_one_count(int batchSize)
    {
        for (var i = 0; i < 6; i++) await AddRowAsync(Tenant, $"old {i}", 3 * Year);
        await AddRowAsync(Tenant, "new", TimeSpan.FromDays(1));

        Assert.Equal(6, await PurgeAsync(batchSize));
        Assert.Equal(["new"], await LabelsAsync(Tenant));
        Assert.Equal([6L], await PurgeEventsAsync(Tenant));
        // A second run finds nothing and says nothing.
        Assert.Equal(0, await PurgeAsync(batchSize));
        Assert.Equal([6L], await PurgeEventsAsync(Tenant));
    }

    [Fact]
    public async Task A_batch_size_below_one_is_refused()
    {
        await AddRowAsync(Tenant, "old", 3 * Year);

        await DbAssert.FailsAsync(PostgresErrorCodes.InvalidParameterValue, () => PurgeAsync(0));
        Assert.Equal(["old"], await LabelsAsync(Tenant));
    }

    [Fact]
    public async Task The_purge_gives_back_the_callers_tenant_setting()
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString, Tenant.Id);
        await using var transaction = await owner.Connection.BeginTransactionAsync(TestContext.Current.CancellationToken);
        await owner.ScalarAsync<long>("select crm_purge_audit()");

        Assert.Equal(Tenant.Id.ToString(), await owner.ScalarAsync<string>("select current_setting('app.tenant_id')"));
    }

    [Fact]
    public async Task The_runtime_role_can_neither_run_the_purge_nor_remove_or_rewrite_audit_rows()
    {
        await AddRowAsync(Tenant, "old", 3 * Year);
        await Session.ActAsAsync(Tenant);

        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync("select crm_purge_audit()"));
        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync("select crm_purge_audit(1)"));
        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync("delete from audit_logs"));
        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync("update audit_logs set changed_at = now()"));
        await DbAssert.FailsAsync(PostgresErrorCodes.InsufficientPrivilege, () => Session.ExecuteAsync("truncate audit_logs"));

        Assert.Equal(["old"], await LabelsAsync(Tenant));
    }

    [Fact]
    public async Task The_purge_is_not_security_definer_and_nobody_else_may_execute_it()
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString);

        Assert.False(await owner.ScalarAsync<bool>("select prosecdef from pg_proc where oid = 'crm_purge_audit(integer)'::regprocedure"));
        Assert.False(await owner.ScalarAsync<bool>("select has_function_privilege('crm_app', 'crm_purge_audit(integer)', 'EXECUTE')"));
        Assert.False(await owner.ScalarAsync<bool>("select has_function_privilege('public', 'crm_purge_audit(integer)', 'EXECUTE')"));
    }

    [Theory]
    [InlineData("Admin")]
    [InlineData("Member")]
    [InlineData("Viewer")]
    public async Task Only_an_owner_may_change_the_retention(string role)
    {
        var user = await Session.AddUserAsync(role);
        await Session.ActAsAsync(Tenant, user);

        var error = await Session.RejectsAsync(PostgresErrorCodes.InsufficientPrivilege, null,
            "tenants where audit_retention_years = 2", "update tenants set audit_retention_years = 5");
        Assert.Contains("Owner", error.MessageText);
    }

    [Fact]
    public async Task An_inactive_owner_or_a_runtime_session_without_a_user_may_not_change_the_retention()
    {
        var formerOwner = await Session.AddUserAsync("Owner", isActive: false);

        await Session.ActAsAsync(Tenant, formerOwner);
        await Session.RejectsAsync(PostgresErrorCodes.InsufficientPrivilege, null,
            "tenants where audit_retention_years = 2", "update tenants set audit_retention_years = 5");
        await Session.ActAsAsync(Tenant.Id, null);
        await Session.RejectsAsync(PostgresErrorCodes.InsufficientPrivilege, null,
            "tenants where audit_retention_years = 2", "update tenants set audit_retention_years = 5");
    }

    [Fact]
    public async Task The_owner_changes_the_retention_and_the_change_is_audited()
    {
        Assert.Equal(1, await Session.ExecuteAsync("update tenants set audit_retention_years = 7"));
        // Other columns stay open to whoever could change them before.
        var admin = await Session.AddUserAsync("Admin");
        await Session.ActAsAsync(Tenant, admin);
        Assert.Equal(1, await Session.ExecuteAsync("update tenants set name = 'Renamed'"));

        Assert.Equal(7, await Session.ScalarAsync<int>("select audit_retention_years from tenants"));
        Assert.Equal(1L, await Session.CountAsync("""
            audit_logs where table_name = 'tenants' and action = 'update' and changed_by = @owner
              and old_data ->> 'audit_retention_years' = '2' and new_data ->> 'audit_retention_years' = '7'
            """, ("owner", Tenant.OwnerId)));
    }

    [Fact]
    public async Task Maintenance_as_the_schema_owner_may_change_the_retention_but_not_past_the_limits()
    {
        await using var owner = await DbSession.OpenAsync(Database.OwnerConnectionString, Tenant.Id);

        Assert.Equal(1, await owner.ExecuteAsync("update tenants set audit_retention_years = 3 where id = @id", ("id", Tenant.Id)));
        await owner.RejectsAsync(PostgresErrorCodes.CheckViolation, "ck_tenants_audit_retention_years",
            "tenants where audit_retention_years = 3", "update tenants set audit_retention_years = 11 where id = @id", ("id", Tenant.Id));
    }
}
