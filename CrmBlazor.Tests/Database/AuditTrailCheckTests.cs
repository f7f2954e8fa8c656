using CrmBlazor.Setup;
using CrmBlazor.Tests.Infrastructure;
using Npgsql;
using static CrmBlazor.Setup.IntegrityCheck;

namespace CrmBlazor.Tests.Database;

/// <summary>
/// ./crm db check's audit rules: the triggers the migrations make are all present and on, and records
/// created with them off are found, unless a bulk load recorded itself. Each test corrupts its own
/// database as the schema owner.
/// </summary>
public sealed class AuditTrailCheckTests(PostgresCluster cluster) : IntegrityCheckTestBase(cluster)
{
    [Fact]
    public async Task A_freshly_migrated_database_has_exactly_the_expected_triggers()
    {
        await using var database = await NewDatabaseAsync();
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString);
        var live = new List<string>();
        await using (var command = new NpgsqlCommand("""
            select c.relname || '.' || t.tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid
            where not t.tgisinternal and c.relnamespace = 'public'::regnamespace
            """, owner.Connection))
        await using (var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken))
            while (await reader.ReadAsync(TestContext.Current.CancellationToken)) live.Add(reader.GetString(0));
        live.Sort(StringComparer.Ordinal);

        // The message is the list's edit: lines to add to IntegrityCheck.ExpectedTriggers, lines to remove.
        var add = live.Except(ExpectedTriggers).Select(t => $"+ \"{t}\",");
        var remove = ExpectedTriggers.Except(live).Select(t => $"- \"{t}\",");
        Assert.True(live.SequenceEqual(ExpectedTriggers), "IntegrityCheck.ExpectedTriggers differs from the migrated database:\n"
            + string.Join("\n", add.Concat(remove)));
        Assert.Equal(ExpectedTriggers.Order(StringComparer.Ordinal), ExpectedTriggers);
    }

    [Fact]
    public async Task A_disabled_trigger_and_a_dropped_one_are_reported()
    {
        await using var database = await NewDatabaseAsync();
        await SeedDemoAsync(database);
        await using (var owner = await DbSession.OpenAsync(database.OwnerConnectionString))
        {
            await owner.ExecuteAsync("ALTER TABLE deals DISABLE TRIGGER audit_row");
            await owner.ExecuteAsync("DROP TRIGGER audit_password_change ON users");
        }

        var report = await CheckAsync(database);

        Assert.Equal([TriggersMissingOrDisabled], Problems(report));
        var finding = Finding(report, TriggersMissingOrDisabled);
        Assert.Equal(2, finding.Count);
        Assert.Equal(["deals.audit_row disabled", "users.audit_password_change missing"], finding.Examples);
    }

    [Fact]
    public async Task A_trigger_set_to_fire_only_for_replicas_is_reported()
    {
        await using var database = await NewDatabaseAsync();
        await using (var owner = await DbSession.OpenAsync(database.OwnerConnectionString))
            await owner.ExecuteAsync("ALTER TABLE audit_logs ENABLE REPLICA TRIGGER stamp_entry");

        var finding = Finding(await CheckAsync(database), TriggersMissingOrDisabled);

        Assert.Equal(["audit_logs.stamp_entry enabled as R, not for every session"], finding.Examples);
    }

    [Fact]
    public async Task Records_loaded_with_the_triggers_off_are_reported_until_a_bulk_load_event_covers_them()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using var owner = await DbSession.OpenAsync(database.OwnerConnectionString, tenantId);
        await LoadCompaniesUnauditedAsync(owner, "Quiet Load One", "Quiet Load Two", "Quiet Load Three");
        // Created before the tenant's retention (two years): its insert row may have been purged.
        await owner.ExecuteAsync("""
            ALTER TABLE companies DISABLE TRIGGER USER;
            INSERT INTO companies (name, created_at) VALUES ('Quiet Old Load', now() - interval '3 years');
            ALTER TABLE companies ENABLE TRIGGER USER;
            """);

        var report = await CheckAsync(database);

        Assert.Equal([RowsWithoutAuditTrail], Problems(report));
        var finding = Finding(report, RowsWithoutAuditTrail);
        Assert.Equal(1, finding.Count);
        var first = await owner.ScalarAsync<Guid>("SELECT min(id::text)::uuid FROM companies WHERE name LIKE 'Quiet Load %'");
        Assert.Equal([$"acme-demo companies: 3 without an insert audit row (e.g. {first})"], finding.Examples);

        await owner.ExecuteAsync("SELECT crm_record_bulk_load(ARRAY['companies'], 'companies from the old CRM')");
        Assert.Empty(Problems(await CheckAsync(database)));

        // The event covers what was there when it was recorded, not a later load.
        await LoadCompaniesUnauditedAsync(owner, "Quiet Load Four");
        finding = Finding(await CheckAsync(database), RowsWithoutAuditTrail);
        Assert.Equal(1, finding.Count);
        Assert.StartsWith("acme-demo companies: 1 without an insert audit row", finding.Examples[0]);
    }

    [Fact]
    public async Task The_runtime_role_may_not_record_a_bulk_load()
    {
        await using var database = await NewDatabaseAsync();
        var tenantId = await SeedDemoAsync(database);
        await using var app = await DbSession.OpenAsync(database.AppConnectionString, tenantId);

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            app.ExecuteAsync("SELECT crm_record_bulk_load(ARRAY['contacts'], 'hiding an insert')"));

        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
    }

    [Fact]
    public async Task No_tenant_may_take_the_nil_id_of_the_audit_logs_no_tenant_bucket()
    {
        await using var database = await NewDatabaseAsync();
        await using var app = await DbSession.OpenAsync(database.AppConnectionString, Guid.Empty);

        var refused = await Assert.ThrowsAsync<PostgresException>(() =>
            app.ExecuteAsync("INSERT INTO tenants (id, name, slug) VALUES (@id, 'Nobody', 'nobody')", ("id", Guid.Empty)));

        Assert.Equal("ck_tenants_id_not_nil", refused.ConstraintName);
    }

    /// <summary>Companies written as a careless load writes them: row triggers off, so no insert audit row.</summary>
    private static async Task LoadCompaniesUnauditedAsync(DbSession owner, params string[] names)
    {
        await owner.ExecuteAsync("ALTER TABLE companies DISABLE TRIGGER USER");
        foreach (var name in names)
            await owner.ExecuteAsync("INSERT INTO companies (name) VALUES (@n)", ("n", name));
        await owner.ExecuteAsync("ALTER TABLE companies ENABLE TRIGGER USER");
    }
}
